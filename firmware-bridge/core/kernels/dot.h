/*
 * Σ a[i]·b[i] and Σ a[i] over int8 vectors, the inner loops of the reference convolutions: plain C99 on every
 * target, so the reference kernels stay the host's twin (the Cortex-M4 kernels in *_m4.c have their own
 * DSP-extension loops). Integer arithmetic: no overflow for n < 2^17.
 */
#ifndef GE_DOT_H
#define GE_DOT_H

#include <stdint.h>

static inline int32_t ge_dot_s8(const int8_t *a, const int8_t *b, int n) {
  int32_t acc = 0;
  for (int i = 0; i < n; i++) acc += (int32_t)a[i] * (int32_t)b[i];
  return acc;
}

/* Σ a[i], for the input_offset·Σ f term. */
static inline int32_t ge_sum_s8(const int8_t *a, int n) {
  int32_t s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}

#endif
