/*
 * Measured stack use on the QEMU board: the reset handler paints the whole stack region with a pattern before
 * main() runs (ge_stack_paint), and the high-water mark is the painted words that have since been overwritten,
 * counted from the bottom (the stack grows down). A measurement, not a guess: the linker script sizes the
 * stack from it with a stated margin (mps2-an386.ld).
 */
#ifndef GE_STACK_WATERMARK_H
#define GE_STACK_WATERMARK_H

#include <stdint.h>

/* Paints [stack bottom, current SP − 64 bytes) (the caller's own frame is left alone). Call once, first. */
void ge_stack_paint(void);
/* Bytes of the stack region (linker symbol _stack_size). */
uint32_t ge_stack_size(void);
/* Most stack bytes in use at any time since ge_stack_paint (= ge_stack_size() when it overflowed). */
uint32_t ge_stack_high_water(void);

#endif
