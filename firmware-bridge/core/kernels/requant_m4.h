/*
 * Requantisation for the Cortex-M4 kernels: the same value as ge_mbqm (fixedpoint.h, TFLite's single-rounding
 * MultiplyByQuantizedMultiplier), computed without a 64-bit shift by a variable amount. With t = 31 − shift,
 * ge_mbqm = floor((x·m + 2^(t−1)) / 2^t). For shift ≤ −1 (every multiplier below 0.5, the usual case) write
 * k = −shift ≥ 1 and q = floor(x·m / 2^31) (one SMULL, the high word and one bit of the low). Since 2^(t−1) is
 * a multiple of 2^31, floor((x·m + 2^(t−1)) / 2^31) = q + 2^(k−1), and nested floors divide exactly:
 *   ge_mbqm = floor((q + 2^(k−1)) / 2^k) = floor((floor(q / 2^(k−1)) + 1) / 2) = ((q >> (k−1)) + 1) >> 1.
 * No step overflows for int32 x and 0 ≤ m < 2^31 (|q| < 2^31 − 1). Other shifts take ge_mbqm itself.
 * tests/test_kernels.c test_requant_m4 checks equality on random values over the whole shift range.
 * The kernels check once per layer that every channel qualifies (ge_requant_m4_ok) and then call the
 * unchecked ge_mbqm_m4_neg in their loops; a layer with a channel that does not takes the reference kernel.
 */
#ifndef GE_REQUANT_M4_H
#define GE_REQUANT_M4_H

#include <stdint.h>
#include "dsp.h"
#include "fixedpoint.h"

/* ge_mbqm for shift ≤ −1 and multiplier ≥ 0 only (the caller has checked). */
static inline int32_t ge_mbqm_m4_neg(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t q = (int32_t)(((int64_t)x * multiplier) >> 31);
  return ((q >> (-shift - 1)) + 1) >> 1;
}

/*
 * ge_mbqm_m4_neg with its shift precomputed per channel, in one of two forms chosen per layer (`hi`, a constant
 * at each call):
 *   hi = 0: r = −shift − 1 ≥ 0, q = floor(x·m / 2^31) as above;
 *   hi = 1 (every channel of the layer has shift ≤ −2): r = −shift − 2 ≥ 0 and q' = floor(x·m / 2^32), the
 *   high word of the SMULL alone; floor(q / 2^(r+1)) = floor(floor(q / 2) / 2^r) and floor(q / 2) = q', so
 *   (q' >> r) = (q >> (r + 1)) exactly, two instructions fewer.
 */
static inline int32_t ge_mbqm_m4_rq(int32_t x, int32_t multiplier, int32_t r, const int hi) {
  const int32_t q = hi ? (int32_t)(((int64_t)x * multiplier) >> 32) : (int32_t)(((int64_t)x * multiplier) >> 31);
  return ((q >> r) + 1) >> 1;
}

static inline int32_t ge_mbqm_m4(int32_t x, int32_t multiplier, int32_t shift) {
  if (shift >= 0 || multiplier < 0) return ge_mbqm(x, multiplier, shift);
  return ge_mbqm_m4_neg(x, multiplier, shift);
}

/* Whether every one of the n channels has shift ≤ −2 (ge_mbqm_m4_rq's hi form). */
static inline int ge_requant_m4_hi(const int32_t *shift, int n) {
  for (int i = 0; i < n; i++)
    if (shift[i] > -2) return 0;
  return 1;
}

/* Whether every one of the n channels can use ge_mbqm_m4_neg. */
static inline int ge_requant_m4_ok(const int32_t *mult, const int32_t *shift, int n) {
  for (int i = 0; i < n; i++)
    if (shift[i] >= 0 || mult[i] < 0) return 0;
  return 1;
}

static inline int8_t ge_clamp_s8(int32_t v, int32_t lo, int32_t hi) {
  return (int8_t)(v < lo ? lo : (v > hi ? hi : v));
}

/* The clamp, as one SSAT when the activation range is the whole int8 range (`full`, a per-layer constant the
 * kernels specialise on) and as two compares otherwise. */
static inline int8_t ge_act_s8(int32_t v, int full, int32_t lo, int32_t hi) {
  return full ? (int8_t)ge_ssat8(v) : ge_clamp_s8(v, lo, hi);
}

#endif
