/* Cortex-M4F startup for QEMU mps2-an386: vector table, stack paint (stack_watermark.h), .data copy, .bss
 * clear, FPU enable (CP10/CP11 full access, so the frontend's float32 runs on the FPv4-SP unit as on real M4F
 * boards), then main(). */
#include <stdint.h>

#include "stack_watermark.h"

extern uint32_t _data_lma, _data_start, _data_end, _bss_start, _bss_end, _stack_top;
int main(void);
void ge_reset_handler(void);
void ge_systick_handler(void);

static void default_handler(void) {
  for (;;) {
  }
}

__attribute__((section(".vectors"), used)) static void (*const k_vectors[16])(void) = {
    (void (*)(void))(&_stack_top), ge_reset_handler, default_handler, default_handler, default_handler,
    default_handler, default_handler, 0, 0, 0, 0, default_handler, default_handler, 0, default_handler,
    ge_systick_handler,
};

void ge_reset_handler(void) {
  ge_stack_paint();
  uint32_t *src = &_data_lma, *dst = &_data_start;
  while (dst < &_data_end) *dst++ = *src++;
  for (dst = &_bss_start; dst < &_bss_end;) *dst++ = 0;
  volatile uint32_t *cpacr = (volatile uint32_t *)0xE000ED88u;
  *cpacr |= 0xFu << 20;
  __asm volatile("dsb\n isb");
  (void)main();
  for (;;) {
  }
}
