#include "boot_bench.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "gunshot_model.h"
#include "mfcc.h"
#include "mfcc_tables.h"
#include "model_runner.h"
#include "port.h"

static char s_summary[96];

__attribute__((noinline)) void ge_boot_bench_mark(int phase) { __asm volatile("" : : "r"(phase) : "memory"); }

void ge_boot_bench_run(void) {
  static float scratch[GE_MFCC_SCRATCH_FLOATS(GE_FEATURE_N_FFT, GE_FEATURE_N_MELS)];
  static ge_mfcc_t m;
  static int16_t frame[GE_FEATURE_N_FFT];
  static int8_t arena[GE_MODEL_ARENA_SIZE];
  static ge_runner_t r;
  int8_t out[GE_MFCC_MAX_COEFFS];
  for (int i = 0; i < GE_FEATURE_N_FFT; i++) frame[i] = (int16_t)((i * 7919) % 4000 - 2000);
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
  snprintf(s_summary, sizeof s_summary, "bench frame_us=%lu inference_us=%lu score=%d n_layers=%u",
           (unsigned long)(t1 - t0), (unsigned long)(t2 - t1), score, (unsigned)g_ge_model.n_layers);
}

void ge_boot_bench_report(void) {
  (void)ge_app_log(1, s_summary);
}
