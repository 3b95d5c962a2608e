#include "boot_bench.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "gunshot_model.h"
#include "mfcc.h"
#include "mfcc_tables.h"
#include "model_runner.h"
#include "port.h"
#include "window_norm.h"
#include "window_stats.h"

static char s_summary[128];

#define GE_BENCH_NORM_RUNS 100

__attribute__((noinline)) void ge_boot_bench_mark(int phase) { __asm volatile("" : : "r"(phase) : "memory"); }

void ge_boot_bench_run(void) {
  static float scratch[GE_MFCC_SCRATCH_FLOATS(GE_FEATURE_N_FFT, GE_FEATURE_N_MELS)];
  static ge_mfcc_t m;
  static int16_t frame[GE_FEATURE_N_FFT];
  static int8_t arena[GE_MODEL_ARENA_SIZE];
  static ge_runner_t r;
  int8_t out[GE_MFCC_MAX_COEFFS];
  static int8_t norm_win[GE_MODEL_WINDOW_FRAMES * GE_MODEL_INPUT_COEFFS];
#if GE_MODEL_WINDOW_STATS
  static int8_t stats_out[GE_WINDOW_STATS_ROWS * GE_MODEL_INPUT_COEFFS];
#endif
  for (int i = 0; i < GE_FEATURE_N_FFT; i++) frame[i] = (int16_t)((i * 7919) % 4000 - 2000);
  for (uint32_t i = 0; i < sizeof norm_win; i++) norm_win[i] = (int8_t)((i * 37u) % 256u - 128u);
  if (ge_mfcc_init(&m, &g_ge_mfcc_tables, GE_MODEL_INPUT_SCALE, GE_MODEL_INPUT_ZERO_POINT, scratch,
                   sizeof scratch / sizeof scratch[0]) != GE_OK)
    return;
  if (ge_runner_init(&r, &g_ge_model, arena, sizeof arena) != GE_OK) return;
  int8_t *window = ge_runner_input(&r);
  for (uint32_t i = 0; i < g_ge_model.input_size; i++) window[i] = (int8_t)((i * 37u) % 256u - 128u);
  uint64_t t0 = ge_port_clock_us();
  ge_boot_bench_mark(0);
  (void)ge_mfcc_frame(&m, frame, out, NULL);
  ge_boot_bench_mark(1);
  uint64_t t1 = ge_port_clock_us();
  int8_t score = 0;
  (void)ge_runner_invoke(&r, &score);
  ge_boot_bench_mark(2);
  uint64_t t2 = ge_port_clock_us();
  /* The layers again, one call each with a mark before it, so a trace splits the inference by layer. */
  for (uint32_t i = 0; i < g_ge_model.input_size; i++) window[i] = (int8_t)((i * 37u) % 256u - 128u);
  for (uint16_t i = 0; i < g_ge_model.n_layers; i++) {
    ge_boot_bench_mark(3 + i);
    (void)ge_runner_invoke_layer(&r, i);
  }
  ge_boot_bench_mark(3 + g_ge_model.n_layers);
  /* The window normalisation (feature_provider.c runs it on every window; the statistics instead of the
   * centring for a stats model): one call marked for a trace, then GE_BENCH_NORM_RUNS calls timed together,
   * since one call is a few µs and the clock counts whole µs (each call visits every value the same number of
   * times whatever the values; only its clamp and min/max branches depend on them). */
#if GE_MODEL_WINDOW_STATS
#define GE_BENCH_NORM() \
  ge_window_stats(norm_win, GE_MODEL_WINDOW_FRAMES, GE_MODEL_INPUT_COEFFS, 0, GE_MODEL_INPUT_ZERO_POINT, stats_out)
#else
#define GE_BENCH_NORM() \
  ge_window_centre(norm_win, GE_MODEL_WINDOW_FRAMES, GE_MODEL_INPUT_COEFFS, GE_MODEL_INPUT_ZERO_POINT)
#endif
  GE_BENCH_NORM();
  ge_boot_bench_mark(4 + g_ge_model.n_layers);
  const uint64_t t3 = ge_port_clock_us();
  for (int i = 0; i < GE_BENCH_NORM_RUNS; i++) GE_BENCH_NORM();
  const uint64_t t4 = ge_port_clock_us();
  snprintf(s_summary, sizeof s_summary,
           "bench frame_us=%lu inference_us=%lu score=%d n_layers=%u norm_runs=%d norm_us=%lu",
           (unsigned long)(t1 - t0), (unsigned long)(t2 - t1), score, (unsigned)g_ge_model.n_layers,
           GE_BENCH_NORM_RUNS, (unsigned long)(t4 - t3));
}

void ge_boot_bench_report(void) {
  (void)ge_app_log(1, s_summary);
}
