/*
 * Status codes returned by every gunshot-edge firmware call. 0 is success; every non-zero value names the
 * class of failure so the caller can log it and return early (the micro_speech TfLiteStatus pattern).
 */
#ifndef GE_STATUS_H
#define GE_STATUS_H

typedef enum {
  GE_OK = 0,
  GE_ERR_ARG = 1,        /* a NULL pointer or an argument outside its documented range */
  GE_ERR_RANGE = 2,      /* a size exceeds a compile-time capacity (tables, buffers) */
  GE_ERR_EMPTY = 3,      /* nothing available yet (no frame, no sample, no window) */
  GE_ERR_FULL = 4,       /* a bounded buffer is full */
  GE_ERR_CRC = 5,        /* frame checksum mismatch */
  GE_ERR_FRAME = 6,      /* malformed frame: truncated, oversize, bad escape, bad version */
  GE_ERR_STATE = 7,      /* call not valid in the current state */
  GE_ERR_MODEL = 8,      /* model description inconsistent (shapes, arena, unknown op) */
  GE_ERR_IO = 9          /* the port reported an I/O failure */
} ge_status_t;

/* Short constant name of a status, for logs. Never NULL. */
const char *ge_status_name(ge_status_t s);

/* Evaluates `expr`; returns its status from the enclosing function if it is not GE_OK. */
#define GE_TRY(expr)                 \
  do {                               \
    ge_status_t ge_try_s_ = (expr);  \
    if (ge_try_s_ != GE_OK) return ge_try_s_; \
  } while (0)

#endif
