/*
 * Window statistics of the model input (docs/FEATURES.md, "Window statistics"): the alternative to window
 * centring (window_norm.h) selected by a WindowSpec with reduce 'stats' (trainer/model-meta.ts). Each
 * coefficient's frames are summarised by five integer statistics. The host twin is deviceWindowStats in
 * common/features/device-frontend.ts; the float model is trained on the same step (trainer/windows.ts
 * statsInto). Pure function, no state, no heap, no float.
 *
 * Exact definition. For coefficient c, v_t = q[t][c] − zero_point (t = 0..F−1, F = frames ≥ 2):
 *   sum   = Σ v_t;  mean = sum / F rounded half away from zero (as ge_window_centre)
 *   min   = min v_t;  max = max v_t
 *   S     = F·Σ v_t² − sum² (≥ 0);  std = (isqrt(4·S) + F) / (2·F)
 *           = sqrt(S)/F rounded half up, the population standard deviation
 *   D     = Σ_{t=1}^{F−1} (v_t − v_{t−1})²;  delta = (isqrt(4·D·(F−1)) + F − 1) / (2·(F−1))
 *           = sqrt(D/(F−1)) rounded half up, the RMS of the frame-to-frame difference
 * with integer division and isqrt the exact floor square root. Output: 5 × n int8, row-major,
 * out[r·n + c] for r = 0 mean, 1 std, 2 min, 3 max, 4 delta, each stored as clamp(stat + zero_point, −128, 127).
 * |v| ≤ 255, so for any uint16 F every intermediate fits int64 (4·D·(F−1) < 2^53, which also keeps the
 * TypeScript twin's Number arithmetic exact).
 */
#ifndef GE_WINDOW_STATS_H
#define GE_WINDOW_STATS_H

#include <stdint.h>

/* Rows of the statistics grid: mean, std, min, max, delta (trainer/model-meta.ts WINDOW_STATS). */
#define GE_WINDOW_STATS_ROWS 5u

/*
 * ring: `frames` frames of n int8 coefficients in slots (slot s at ring + s·n); the window's oldest frame is
 * slot `first`, frame k of the window is slot (first + k) mod frames — so a history ring is read in place.
 * out: caller-owned, GE_WINDOW_STATS_ROWS × n int8, must not overlap ring. Requires frames ≥ 2 and
 * first < frames; otherwise (or with a NULL pointer) nothing is written.
 */
void ge_window_stats(const int8_t *ring, uint16_t frames, uint16_t n, uint16_t first, int32_t zero_point, int8_t *out);

/* Exact floor(√x) for any uint64 x, bitwise (no float); exposed for tests. */
uint32_t ge_isqrt64(uint64_t x);

#endif
