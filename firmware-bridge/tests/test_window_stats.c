/* ge_window_stats (window_stats.h): hand-computed statistics, the ring's wraparound, clamping, zero points and
 * the extremes of the int8 range (no overflow at the largest frame counts). */
#include <string.h>

#include "test.h"
#include "window_stats.h"

/* Checks the five rows of coefficient c of a 5 × n output against stat + zp (before clamping). */
static void check_col(const int8_t *out, uint16_t n, uint16_t c, const int want[5]) {
  for (int r = 0; r < 5; r++) CHECK_EQ(out[r * n + c], want[r]);
}

void test_isqrt64(void) {
  CHECK_EQ(ge_isqrt64(0), 0);
  CHECK_EQ(ge_isqrt64(1), 1);
  CHECK_EQ(ge_isqrt64(3), 1);
  CHECK_EQ(ge_isqrt64(4), 2);
  CHECK_EQ(ge_isqrt64(11664), 108);
  CHECK_EQ(ge_isqrt64(11663), 107);
  CHECK_EQ(ge_isqrt64(UINT64_MAX), 4294967295u);
  CHECK_EQ(ge_isqrt64((uint64_t)4294967295u * 4294967295u), 4294967295u);
  CHECK_EQ(ge_isqrt64((uint64_t)4294967295u * 4294967295u - 1u), 4294967294u);
  CHECK_EQ(ge_isqrt64((uint64_t)1 << 62), (uint64_t)1 << 31);
  /* r² ≤ x < (r + 1)² over a spread of x (steps of ×1.5 up to 2^63, and x, x + 1, x + 2 at each). */
  int bad = 0;
  for (uint64_t x = 1; x < ((uint64_t)1 << 63); x = x + x / 2u + 7u) {
    for (uint64_t d = 0; d < 3; d++) {
      const uint64_t y = x + d;
      const uint64_t r = ge_isqrt64(y);
      bad += !(r * r <= y && (r + 1u) * (r + 1u) > y);
    }
  }
  CHECK_EQ(bad, 0);
}

void test_window_stats(void) {
  /* 5 frames × 3 coefficients, zero point 0. Column 0: the ramp 0..4 — mean 2; S = 5·30 − 10² = 50, std =
   * round(√50 / 5 = 1.41) = 1; min 0, max 4; D = 4 differences of 1, delta = √(4/4) = 1.
   * Column 1: 0, 10, −10, 5, 3 — sum 8, mean 1.6 → 2; S = 5·234 − 64 = 1106, √1106 / 5 = 6.65 → 7;
   * D = 100 + 400 + 225 + 4 = 729, √(729/4) = 13.5 exactly → 14 (half up).
   * Column 2: constant 7 — mean 7, std 0, min = max = 7, delta 0. */
  const int8_t lin[15] = {0, 0, 7, 1, 10, 7, 2, -10, 7, 3, 5, 7, 4, 3, 7};
  int8_t out[15];
  memset(out, 99, sizeof out);
  ge_window_stats(lin, 5, 3, 0, 0, out);
  const int ramp[5] = {2, 1, 0, 4, 1}, mixed[5] = {2, 7, -10, 10, 14}, flat[5] = {7, 0, 7, 7, 0};
  check_col(out, 3, 0, ramp);
  check_col(out, 3, 1, mixed);
  check_col(out, 3, 2, flat);

  /* Zero point 3: the same v stored as v + 3 give the same statistics, stored + 3. */
  int8_t lin3[15], out3[15];
  for (int i = 0; i < 15; i++) lin3[i] = (int8_t)(lin[i] + 3);
  ge_window_stats(lin3, 5, 3, 0, 3, out3);
  for (int i = 0; i < 15; i++) CHECK_EQ(out3[i], out[i] + 3);

  /* Two frames, v = −1, −2: mean −1.5 → −2 (half away from zero); S = 2·5 − 9 = 1, std √1 / 2 = 0.5 → 1
   * (half up); delta 1. */
  const int8_t two[2] = {-1, -2};
  int8_t o2[5];
  ge_window_stats(two, 2, 1, 0, 0, o2);
  const int want2[5] = {-2, 1, -2, -1, 1};
  check_col(o2, 1, 0, want2);

  /* Wraparound: the ring holds the window rotated so its oldest frame is slot 3 of 5. */
  int8_t ring[15];
  for (int k = 0; k < 5; k++) memcpy(ring + ((3 + k) % 5) * 3, lin + k * 3, 3);
  int8_t outr[15];
  ge_window_stats(ring, 5, 3, 3, 0, outr);
  CHECK(memcmp(outr, out, sizeof out) == 0);
  /* The same ring read from slot 0 is another window (frames 2, 3, 4, 0, 1): min/max/mean agree, delta not. */
  ge_window_stats(ring, 5, 3, 0, 0, outr);
  CHECK_EQ(outr[0 * 3 + 1], 2);
  CHECK_EQ(outr[3 * 3 + 1], 10);
  CHECK(outr[4 * 3 + 1] != 14);

  /* Clamping, zero point 100: q = 127, −128 → v = 27, −228. mean −100.5 → −101 → −1 stored; S = 2·52713 − 201²
   * = 255², std 127.5 → 128 → 228 clamped to 127; min −228 → −128 exactly; max 127; delta 255 → 127. */
  const int8_t cl[2] = {127, -128};
  int8_t oc[5];
  ge_window_stats(cl, 2, 1, 0, 100, oc);
  const int wantc[5] = {-1, 127, -128, 127, 127};
  check_col(oc, 1, 0, wantc);

  /* Invalid calls write nothing. */
  int8_t untouched[5] = {1, 2, 3, 4, 5};
  ge_window_stats(two, 1, 1, 0, 0, untouched);   /* one frame: no std/delta of a single frame */
  ge_window_stats(two, 2, 1, 2, 0, untouched);   /* first ≥ frames */
  ge_window_stats(NULL, 2, 1, 0, 0, untouched);
  CHECK_EQ(untouched[0], 1);
  CHECK_EQ(untouched[4], 5);
}

void test_window_stats_extremes(void) {
  /* The board's window, 49 frames × 40 coefficients, at the ends of the int8 range. */
  enum { F = 49, N = 40 };
  static int8_t w[F * N], o[5 * N];
  /* All −128, zero point 0: every statistic is the value itself or 0. */
  memset(w, -128, sizeof w);
  ge_window_stats(w, F, N, 17, 0, o);
  const int low[5] = {-128, 0, -128, -128, 0};
  for (uint16_t c = 0; c < N; c++) check_col(o, N, c, low);
  /* All −128, zero point 127: v = −255 everywhere, mean −255 + 127 = −128. */
  ge_window_stats(w, F, N, 0, 127, o);
  const int low127[5] = {-128, 127, -128, -128, 127};
  for (uint16_t c = 0; c < N; c++) check_col(o, N, c, low127);
  /* Alternating −128, 127 over the frames, zero point −128: v = 0, 255, 0, … (25 zeros, 24 × 255).
   * sum 6120, mean 124.9 → 125 → −3; S = 49·24·255² − 6120² = 39015000, √S / 49 = 127.47 → 127 → −1;
   * min 0 → −128; max 255 → 127; every difference is ±255, delta 255 → 127. */
  for (int t = 0; t < F; t++) memset(w + t * N, t % 2 ? 127 : -128, N);
  ge_window_stats(w, F, N, 0, -128, o);
  const int alt[5] = {-3, -1, -128, 127, 127};
  for (uint16_t c = 0; c < N; c++) check_col(o, N, c, alt);
  /* Zero point 127: v = −255, 0, … → mean −130 → −3, std 127 → 254 → 127, min −128, max 127, delta 127. */
  ge_window_stats(w, F, N, 0, 127, o);
  const int alt127[5] = {-3, 127, -128, 127, 127};
  for (uint16_t c = 0; c < N; c++) check_col(o, N, c, alt127);

  /* The largest frame count the signature allows: 65535 frames, alternating v = 0, 255 (zero point −128). Sums
   * reach 8.4e6, F·Σv² 2.8e14 and 4·D·(F−1) 1.1e15: exact in the 64-bit intermediates. mean = 32767·255 / 65535
   * = 127.498 → 127 → −1; std = round(127.5 · √(1 − 1/65535²)) = 127 → −1; min −128, max 127, delta 255 → 127. */
  static int8_t big[65535];
  for (uint32_t t = 0; t < 65535u; t++) big[t] = (int8_t)(t % 2 ? 127 : -128);
  int8_t ob[5];
  ge_window_stats(big, 65535u, 1, 0, -128, ob);
  const int wantb[5] = {-1, -1, -128, 127, 127};
  check_col(ob, 1, 0, wantb);
}
