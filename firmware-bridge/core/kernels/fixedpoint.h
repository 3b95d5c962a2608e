/*
 * Integer requantisation arithmetic of TFLite / TFLite Micro (kernels/internal/common.cc and gemmlowp
 * fixedpoint.h), reimplemented in C99 so that results are bit-identical to the TFLite Micro reference
 * kernels built with TFLITE_SINGLE_ROUNDING (exporter/reference/fixedpoint.ts is the same arithmetic in TS).
 * The gemmlowp helpers below serve the fixed-point logistic. Wrapping int32 arithmetic is done through
 * uint32 to keep it defined in C.
 */
#ifndef GE_FIXEDPOINT_H
#define GE_FIXEDPOINT_H

#include <stdint.h>

static inline int32_t ge_wrap_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline int32_t ge_wrap_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }

/* gemmlowp SaturatingRoundingDoublingHighMul (ARM VQRDMULH). */
static inline int32_t ge_srdhm(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* gemmlowp RoundingDivideByPOT: arithmetic right shift rounding half away from zero; exponent 0..31. */
static inline int32_t ge_rdivpot(int32_t x, int exponent) {
  const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* TFLite MultiplyByQuantizedMultiplier(x, multiplier, shift) as built with TFLITE_SINGLE_ROUNDING: one rounding
 * of the 64-bit product, (x·m + 2^(t−1)) >> t with t = 31 − shift (ties toward +∞). shift must be −31..30
 * (the exporter's QuantizeMultiplier guarantees it); >> of a negative int64 is arithmetic on every compiler
 * this firmware targets (gcc, clang, arm-none-eabi), as TFLM assumes too. */
static inline int32_t ge_mbqm(int32_t x, int32_t multiplier, int32_t shift) {
  const int total_shift = 31 - shift;
  const int64_t round = (int64_t)1 << (total_shift - 1);
  return (int32_t)(((int64_t)x * (int64_t)multiplier + round) >> total_shift);
}

/* gemmlowp SaturatingRoundingMultiplyByPOT<exponent> for int32 (exponent > 0 saturates, < 0 rounds). */
static inline int32_t ge_srmbpot(int32_t x, int exponent) {
  if (exponent == 0) return x;
  if (exponent < 0) return ge_rdivpot(x, -exponent);
  const int32_t threshold = (int32_t)((1u << (31 - exponent)) - 1u);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return (int32_t)((uint32_t)x << exponent);
}

/* gemmlowp RoundingHalfSum for int32. */
static inline int32_t ge_rounding_half_sum(int32_t a, int32_t b) {
  int64_t sum = (int64_t)a + (int64_t)b;
  int64_t sign = sum >= 0 ? 1 : -1;
  return (int32_t)((sum + sign) / 2);
}

#endif
