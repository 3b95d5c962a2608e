#include "stack_watermark.h"

#define GE_STACK_PAINT 0xC5AC5AC5u

extern uint32_t _stack_bottom, _stack_top;

void ge_stack_paint(void) {
  uint32_t sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  for (volatile uint32_t *w = &_stack_bottom; (uint32_t)w < sp - 64u; w++) *w = GE_STACK_PAINT;
}

uint32_t ge_stack_size(void) { return (uint32_t)((uintptr_t)&_stack_top - (uintptr_t)&_stack_bottom); }

uint32_t ge_stack_high_water(void) {
  const volatile uint32_t *w = &_stack_bottom;
  while (w < &_stack_top && *w == GE_STACK_PAINT) w++;
  return (uint32_t)((uintptr_t)&_stack_top - (uintptr_t)w);
}
