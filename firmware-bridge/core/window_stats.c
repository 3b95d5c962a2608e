#include "window_stats.h"

uint32_t ge_isqrt64(uint64_t x) {
  /* Digit-by-digit (base 4): r is the root of the bits consumed so far. */
  uint64_t r = 0, bit = (uint64_t)1 << 62;
  while (bit > x) bit >>= 2;
  while (bit != 0) {
    if (x >= r + bit) {
      x -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return (uint32_t)r;
}

static int8_t clamp_i8(int64_t v) { return (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v); }

void ge_window_stats(const int8_t *ring, uint16_t frames, uint16_t n, uint16_t first, int32_t zero_point, int8_t *out) {
  if (ring == 0 || out == 0 || frames < 2 || first >= frames) return;
  const int64_t f = frames, f1 = frames - 1;
  for (uint16_t c = 0; c < n; c++) {
    int64_t sum = 0, prev = 0;
    uint64_t sumsq = 0, dsq = 0;
    int32_t lo = 0, hi = 0;
    uint32_t s = first;
    for (uint16_t k = 0; k < frames; k++) {
      const int32_t v = (int32_t)ring[(uint32_t)s * n + c] - zero_point;
      sum += v;
      sumsq += (uint64_t)((int64_t)v * v);
      if (k == 0) {
        lo = hi = v;
      } else {
        const int64_t d = v - prev;
        dsq += (uint64_t)(d * d);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      prev = v;
      s = s + 1u == frames ? 0u : s + 1u;
    }
    /* Rounded half away from zero; C division truncates toward zero. */
    const int64_t mean = sum >= 0 ? (2 * sum + f) / (2 * f) : -((-2 * sum + f) / (2 * f));
    /* F·Σv² ≥ (Σv)² (Cauchy–Schwarz), so S is never negative. */
    const uint64_t var_f2 = (uint64_t)f * sumsq - (uint64_t)(sum * sum);
    const int64_t sd = ((int64_t)ge_isqrt64(4u * var_f2) + f) / (2 * f);
    const int64_t delta = ((int64_t)ge_isqrt64(4u * dsq * (uint64_t)f1) + f1) / (2 * f1);
    out[c] = clamp_i8(mean + zero_point);
    out[n + c] = clamp_i8(sd + zero_point);
    out[2u * n + c] = clamp_i8((int64_t)lo + zero_point);
    out[3u * n + c] = clamp_i8((int64_t)hi + zero_point);
    out[4u * n + c] = clamp_i8(delta + zero_point);
  }
}
