/*
 * Σ a[i]·b[i] over int8 vectors, the inner loop of the convolutions. On Armv7E-M (Cortex-M4/M7, the DSP
 * extension) four products at a time with SXTB16 + SMLAD, as CMSIS-NN does; elsewhere plain C. Integer
 * arithmetic, so both give the same int32 (no overflow for n < 2^17).
 */
#ifndef GE_DOT_H
#define GE_DOT_H

#include <stdint.h>
#include <string.h>

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#include <arm_acle.h>
/* Rotate right; compiles to one ROR (gcc's arm_acle.h has no __ror). */
static inline uint32_t ge_ror32(uint32_t x, unsigned r) { return (x >> r) | (x << (32u - r)); }
static inline int32_t ge_dot_s8(const int8_t *a, const int8_t *b, int n) {
  int32_t acc = 0;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t wa, wb;
    memcpy(&wa, a + i, 4); /* unaligned LDR is fine on M4 */
    memcpy(&wb, b + i, 4);
    acc = __smlad(__sxtb16(wa), __sxtb16(wb), acc);
    acc = __smlad(__sxtb16(ge_ror32(wa, 8)), __sxtb16(ge_ror32(wb, 8)), acc);
  }
  for (; i < n; i++) acc += (int32_t)a[i] * (int32_t)b[i];
  return acc;
}
#else
static inline int32_t ge_dot_s8(const int8_t *a, const int8_t *b, int n) {
  int32_t acc = 0;
  for (int i = 0; i < n; i++) acc += (int32_t)a[i] * (int32_t)b[i];
  return acc;
}
#endif

/* Σ a[i], for the input_offset·Σ f term. */
static inline int32_t ge_sum_s8(const int8_t *a, int n) {
  int32_t s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}

#endif
