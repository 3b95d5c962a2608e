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
  const uint32_t m = n / 2;
  float *z = work; /* z[k] = x[2k] + i·x[2k+1] */
  bit_reverse(z, m);
  /* Decimation in time; W_size^j = W_n^(j·n/size) = cos − i·sin of table entry j·(n/size). */
  for (uint32_t size = 2; size <= m; size <<= 1) {
    uint32_t half = size >> 1;
    uint32_t step = n / size;
    for (uint32_t start = 0; start < m; start += size) {
      for (uint32_t j = 0; j < half; j++) {
        float wr = cos_tab[j * step];
        float wi = -sin_tab[j * step];
        float *a = z + 2 * (start + j);
        float *b = z + 2 * (start + j + half);
        float p1 = wr * b[0];
        float p2 = wi * b[1];
        float tr = p1 - p2;
        float p3 = wr * b[1];
        float p4 = wi * b[0];
        float ti = p3 + p4;
        b[0] = a[0] - tr;
        b[1] = a[1] - ti;
        a[0] = a[0] + tr;
        a[1] = a[1] + ti;
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
