/*
 * Requantisation for the Cortex-M4 kernels: the same value as ge_mbqm (fixedpoint.h, TFLite's single-rounding
 * MultiplyByQuantizedMultiplier), computed the way the M4 does it cheaply. With t = 31 − shift:
 *   ge_mbqm = (int32)((x·m + 2^(t−1)) >> t).
 * For t ≥ 32 (every multiplier below 1, the usual case) the 64-bit shift is the high word shifted by t − 32:
 * floor(floor(v / 2^32) / 2^(t−32)) = floor(v / 2^t), and the result fits in int32. The rounding constant is
 * loaded into the accumulator, so the product is one SMLAL. Other t take ge_mbqm itself.
 */
#ifndef GE_REQUANT_M4_H
#define GE_REQUANT_M4_H

#include <stdint.h>
#include "fixedpoint.h"

static inline int32_t ge_mbqm_m4(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t t = 31 - shift;
  if (t < 32) return ge_mbqm(x, multiplier, shift);
  /* 2^(t−1) as the 64-bit accumulator's words: bit 31 of the low word when t = 32, else a high-word bit. */
  const uint32_t lo = t == 32 ? 0x80000000u : 0u;
  const int32_t hi = t == 32 ? 0 : (int32_t)(1u << (t - 33));
  int64_t acc = (int64_t)(((uint64_t)(uint32_t)hi << 32) | lo);
  acc += (int64_t)x * multiplier;
  return (int32_t)(acc >> 32) >> (t - 32);
}

static inline int8_t ge_clamp_s8(int32_t v, int32_t lo, int32_t hi) {
  return (int8_t)(v < lo ? lo : (v > hi ? hi : v));
}

#endif
