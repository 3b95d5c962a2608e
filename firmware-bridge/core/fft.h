/*
 * Power spectrum of a real frame via a radix-2 complex FFT of n/2 points plus the standard split step.
 * Float32 throughout, one IEEE operation per statement, in the order the TypeScript twin
 * (common/features/device-frontend.ts) follows (the butterflies of a stage in another order and the W = 1 ones
 * without their multiplications by 1 and −0: the same values, see fft.c); twiddles come from tables (cos/sin of
 * 2πk/n, k < n/2), so no libm call happens at run time. Build with -ffp-contract=off so no multiply-add gets fused.
 */
#ifndef GE_FFT_H
#define GE_FFT_H

#include <stdint.h>
#include "ge_status.h"

/*
 * work: n floats, on entry the windowed real frame x[0..n), destroyed (used as n/2 interleaved complex).
 * power: n/2 + 1 floats out, |X[k]|² for k = 0..n/2.
 * cos_tab/sin_tab: n/2 entries each, cos(2πk/n) and sin(2πk/n) rounded to float32.
 * n: power of two, 4..GE_FFT_MAX_N. Memory is all caller-owned; nothing is retained.
 */
#define GE_FFT_MAX_N 1024
ge_status_t ge_rfft_power(float *work, float *power, const float *cos_tab, const float *sin_tab, uint32_t n);

/*
 * ge_rfft_power with work already in the order its first step (the bit-reversal permutation of the n/2
 * interleaved complex values) would put it in: complex value i at position ge_fft_bitrev(i, log2(n/2)). A
 * caller that writes the frame there (ge_mfcc_frame) saves that pass; every value is the same.
 */
ge_status_t ge_rfft_power_permuted(float *work, float *power, const float *cos_tab, const float *sin_tab, uint32_t n);

/* i with its low `bits` bits reversed (bits 1..31; i < 2^bits). One RBIT and a shift on Armv7-M. */
static inline uint32_t ge_fft_bitrev(uint32_t i, uint32_t bits) {
#if defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_7M__)
  uint32_t r;
  __asm("rbit %0, %1" : "=r"(r) : "r"(i));
  return r >> (32u - bits);
#else
  uint32_t r = 0;
  for (uint32_t b = 0; b < bits; b++) r |= ((i >> b) & 1u) << (bits - 1u - b);
  return r;
#endif
}

#endif
