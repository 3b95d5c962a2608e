/*
 * Power spectrum of a real frame via a radix-2 complex FFT of n/2 points plus the standard split step.
 * Float32 throughout, one IEEE operation per statement, in the order the TypeScript twin
 * (common/features/device-frontend.ts) follows; twiddles come from tables (cos/sin of 2πk/n, k < n/2), so
 * no libm call happens at run time. Build with -ffp-contract=off so no multiply-add gets fused.
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

#endif
