/*
 * gunshot-board for QEMU mps2-an386 (Cortex-M4F). Boots, measures one frontend frame and one inference on
 * the board clock (with `qemu -icount shift=0` one instruction = 1 ns, so µs = thousands of instructions),
 * reports them in a LOG frame after HELLO, then runs the application loop.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "gunshot_model.h"
#include "mfcc.h"
#include "mfcc_tables.h"
#include "port.h"

void ge_mps2_init(void);

/* Exposed for the LOG line: measured once at boot. */
static char s_bench[120];

static void bench(void) {
  static ge_mfcc_t m;
  static int16_t frame[GE_FEATURE_N_FFT];
  static int8_t window[GE_MODEL_INPUT_FRAMES * GE_FEATURE_N_MFCC];
  int8_t out[GE_MFCC_MAX_COEFFS];
  for (int i = 0; i < GE_FEATURE_N_FFT; i++) frame[i] = (int16_t)((i * 7919) % 4000 - 2000);
  for (unsigned i = 0; i < sizeof window; i++) window[i] = (int8_t)((i * 37u) % 256u - 128u);
  if (ge_mfcc_init(&m, &g_ge_mfcc_tables, GE_MODEL_INPUT_SCALE, GE_MODEL_INPUT_ZERO_POINT) != GE_OK) return;
  uint64_t t0 = ge_port_clock_us();
  (void)ge_mfcc_frame(&m, frame, out, NULL);
  uint64_t t1 = ge_port_clock_us();
  int8_t score = 0;
  (void)ge_app_infer(window, &score);
  uint64_t t2 = ge_port_clock_us();
  snprintf(s_bench, sizeof s_bench, "bench frame_us=%lu inference_us=%lu score=%d", (unsigned long)(t1 - t0),
           (unsigned long)(t2 - t1), score);
}




int main(void) {
  ge_mps2_init();
  bench();
  ge_app_config_t cfg;
  ge_app_default_config(&cfg);
  cfg.board_id = "qemu-mps2-an386";
  if (ge_app_setup(&cfg) != GE_OK) {
    for (;;) {
    }
  }
  (void)ge_app_log(1, s_bench);
  for (;;) {
    if (ge_app_loop() != GE_OK) (void)ge_app_log(3, "loop failed");
  }
}
