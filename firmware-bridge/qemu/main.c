/*
 * gunshot-board for QEMU mps2-an386 (Cortex-M4F): the production image. Boots, runs the application loop, and
 * reports the stack's high-water mark (stack_watermark.h) in a LOG frame whenever it has grown, checked at
 * most once a second, so tests and `make ram-report` read a measured figure. Built with GE_BOOT_BENCH
 * (`make qemu-bench`) it first measures one frontend frame, one inference and each layer on the board clock
 * and logs them (boot_bench.h); that image is for benchmarks only.
 */
#include <stdint.h>

#include "app.h"
#include "port.h"
#include "stack_watermark.h"
#if defined(GE_BOOT_BENCH) && GE_BOOT_BENCH
#include "boot_bench.h"
#endif

void ge_mps2_init(void);

/* "stack high-water <used> of <size> B" without printf (whose own frame would be measured too). */
static void log_stack(uint32_t used) {
  char text[48] = "stack high-water ";
  char *p = text + 17;
  const uint32_t v[2] = {used, ge_stack_size()};
  for (int k = 0; k < 2; k++) {
    char digits[10];
    int n = 0;
    uint32_t x = v[k];
    do {
      digits[n++] = (char)('0' + x % 10u);
      x /= 10u;
    } while (x != 0);
    while (n > 0) *p++ = digits[--n];
    const char *sep = k == 0 ? " of " : " B";
    while (*sep) *p++ = *sep++;
  }
  *p = '\0';
  (void)ge_app_log(1, text);
}

int main(void) {
  ge_mps2_init();
#if defined(GE_BOOT_BENCH) && GE_BOOT_BENCH
  ge_boot_bench_run();
#endif
  ge_app_config_t cfg;
  ge_app_default_config(&cfg);
  cfg.board_id = "qemu-mps2-an386";
  if (ge_app_setup(&cfg) != GE_OK) {
    for (;;) {
    }
  }
#if defined(GE_BOOT_BENCH) && GE_BOOT_BENCH
  ge_boot_bench_report();
#endif
  uint32_t reported = 0;
  uint64_t last_check = ge_port_clock_us();
  for (;;) {
    if (ge_app_loop() != GE_OK) (void)ge_app_log(3, "loop failed");
    const uint64_t now = ge_port_clock_us();
    if (now - last_check >= 1000000u) {
      last_check = now;
      const uint32_t used = ge_stack_high_water();
      if (used > reported) {
        reported = used;
        log_stack(used);
      }
    }
  }
}
