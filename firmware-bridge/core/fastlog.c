#include "fastlog.h"

#include <stdint.h>
#include <string.h>

float ge_log2f(float x) {
  uint32_t bits;
  memcpy(&bits, &x, sizeof bits);
  int32_t e = (int32_t)((bits >> 23) & 0xffu) - 127;
  uint32_t mbits = (bits & 0x7fffffu) | 0x3f800000u;
  float m;
  memcpy(&m, &mbits, sizeof m);
  if (m > GE_LOG_SQRT2) {
    m = m * 0.5f;
    e += 1;
  }
  float num = m - 1.0f;
  float den = m + 1.0f;
  float u = num / den;
  float u2 = u * u;
  float p = GE_LOG_C9;
  p = p * u2;
  p = p + GE_LOG_C7;
  p = p * u2;
  p = p + GE_LOG_C5;
  p = p * u2;
  p = p + GE_LOG_C3;
  p = p * u2;
  p = p + 1.0f;
  float t = u * p;
  float l = t * GE_LOG_2_OVER_LN2;
  return (float)e + l;
}

float ge_power_to_db(float x) { return ge_log2f(x) * GE_DB_PER_LOG2; }
