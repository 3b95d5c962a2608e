#include "fft.h"

#include <stddef.h>

/* In-place bit-reversal permutation of m interleaved complex values. */
static void bit_reverse(float *z, uint32_t m) {
  uint32_t j = 0;
  for (uint32_t i = 0; i < m - 1; i++) {
    if (i < j) {
      float tr = z[2 * i], ti = z[2 * i + 1];
      z[2 * i] = z[2 * j];
      z[2 * i + 1] = z[2 * j + 1];
      z[2 * j] = tr;
      z[2 * j + 1] = ti;
    }
    uint32_t k = m >> 1;
    while (k >= 1 && j >= k) {
      j -= k;
      k >>= 1;
    }
    j += k;
  }
}

ge_status_t ge_rfft_power(float *work, float *power, const float *cos_tab, const float *sin_tab, uint32_t n) {
  if (work == NULL || power == NULL || cos_tab == NULL || sin_tab == NULL) return GE_ERR_ARG;
  if (n < 4 || n > GE_FFT_MAX_N || (n & (n - 1)) != 0) return GE_ERR_ARG;
  bit_reverse(work, n / 2); /* z[k] = x[2k] + i·x[2k+1] */
  return ge_rfft_power_permuted(work, power, cos_tab, sin_tab, n);
}

ge_status_t ge_rfft_power_permuted(float *work, float *power, const float *cos_tab, const float *sin_tab,
                                   uint32_t n) {
  if (work == NULL || power == NULL || cos_tab == NULL || sin_tab == NULL) return GE_ERR_ARG;
  if (n < 4 || n > GE_FFT_MAX_N || (n & (n - 1)) != 0) return GE_ERR_ARG;
  const uint32_t m = n / 2;
  float *z = work;
  /*
   * Decimation in time; W_size^j = W_n^(j·n/size) = cos − i·sin of table entry j·(n/size). The butterflies of a
   * stage touch disjoint elements, so their order within the stage does not change any value: j runs outside
   * (each twiddle loaded once a stage) and the groups inside, and each butterfly keeps the twin's operations.
   * j = 0 (W = 1 − 0·i: 255 of the 1 024 butterflies at n = 512) takes tr = b[0], ti = b[1] without the four
   * multiplications: 1·b and b − (−0·b′) / b′ + (−0·b) equal b and b′ except that a zero may come out with the
   * other sign; +, − and · give equal values from operands that differ only in the sign of a zero (up to that
   * sign), and every output is a sum of squares, so the power spectrum is bit-identical to the twin's.
   */
  float *const end = z + 2 * m;
  for (uint32_t size = 2; size <= m; size <<= 1) {
    const uint32_t half = size >> 1, stride = 2 * size;
    const uint32_t step = n / size;
    for (float *a = z; a < end; a += stride) { /* j = 0 */
      float *b = a + 2 * half;
      const float a0 = a[0], a1 = a[1], tr = b[0], ti = b[1];
      b[0] = a0 - tr;
      b[1] = a1 - ti;
      a[0] = a0 + tr;
      a[1] = a1 + ti;
    }
    for (uint32_t j = 1; j < half; j++) {
      const float wr = cos_tab[j * step];
      const float wi = -sin_tab[j * step];
      for (float *a = z + 2 * j; a < end; a += stride) {
        float *b = a + 2 * half;
        const float a0 = a[0], a1 = a[1], b0 = b[0], b1 = b[1];
        float p1 = wr * b0;
        float p2 = wi * b1;
        float tr = p1 - p2;
        float p3 = wr * b1;
        float p4 = wi * b0;
        float ti = p3 + p4;
        b[0] = a0 - tr;
        b[1] = a1 - ti;
        a[0] = a0 + tr;
        a[1] = a1 + ti;
      }
    }
  }
  /* Split: X[k] = (Z[k] + conj Z[m−k])/2 + W_n^k · (Z[k] − conj Z[m−k])/(2i). */
  {
    float r0 = z[0], i0 = z[1];
    float x0 = r0 + i0;
    float xm = r0 - i0;
    power[0] = x0 * x0;
    power[m] = xm * xm;
  }
  for (uint32_t k = 1; k < m; k++) {
    float a = z[2 * k], b = z[2 * k + 1];
    float c = z[2 * (m - k)], d = z[2 * (m - k) + 1];
    float s1 = a + c;
    float er = s1 * 0.5f;
    float s2 = b - d;
    float ei = s2 * 0.5f;
    float s3 = b + d;
    float orr = s3 * 0.5f;
    float s4 = a - c;
    float oi = s4 * -0.5f;
    float wr = cos_tab[k];
    float wi = -sin_tab[k];
    float q1 = wr * orr;
    float q2 = wi * oi;
    float tr = q1 - q2;
    float q3 = wr * oi;
    float q4 = wi * orr;
    float ti = q3 + q4;
    float xr = er + tr;
    float xi = ei + ti;
    float pr = xr * xr;
    float pi = xi * xi;
    power[k] = pr + pi;
  }
  return GE_OK;
}
