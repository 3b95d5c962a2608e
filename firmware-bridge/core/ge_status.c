#include "ge_status.h"

const char *ge_status_name(ge_status_t s) {
  switch (s) {
    case GE_OK: return "OK";
    case GE_ERR_ARG: return "ERR_ARG";
    case GE_ERR_RANGE: return "ERR_RANGE";
    case GE_ERR_EMPTY: return "ERR_EMPTY";
    case GE_ERR_FULL: return "ERR_FULL";
    case GE_ERR_CRC: return "ERR_CRC";
    case GE_ERR_FRAME: return "ERR_FRAME";
    case GE_ERR_STATE: return "ERR_STATE";
    case GE_ERR_MODEL: return "ERR_MODEL";
    case GE_ERR_IO: return "ERR_IO";
  }
  return "ERR_UNKNOWN";
}
