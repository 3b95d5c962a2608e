/*
 * The Armv7E-M DSP-extension operations the Cortex-M4 kernels (*_m4.c) are written with. On a target with
 * __ARM_FEATURE_DSP (Cortex-M4/M7, -mcpu=cortex-m4) each is GCC's arm_acle.h intrinsic, one instruction; on
 * any other target (the host's unit tests) a plain C99 function with the instruction's defined result, so the
 * same kernel source runs and is checked against the reference kernels under ASan/UBSan on the host.
 *   ge_sxtb16(x)       SXTB16: bytes 0 and 2 of x, sign-extended to two int16 halves
 *   ge_sxtb16_ror8(x)  SXTB16 x, ROR #8: bytes 1 and 3
 *   ge_smlad(a, b, c)  SMLAD: c + a.lo·b.lo + a.hi·b.hi (int16 halves; wraps like the instruction, which only
 *                      sets Q on overflow; the kernels stay far below 2^31)
 *   ge_smlabb / ge_smlatt: c + a.lo·b.lo / c + a.hi·b.hi
 *   ge_ssat8(v)        SSAT #8: v clamped to −128..127
 */
#ifndef GE_DSP_H
#define GE_DSP_H

#include <stdint.h>
#include <string.h>

/* Four int8 from any address (an unaligned LDR on the M4). */
static inline uint32_t ge_load_s8x4(const int8_t *p) {
  uint32_t w;
  memcpy(&w, p, 4);
  return w;
}

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#include <arm_acle.h>
#define GE_DSP_NATIVE 1
static inline uint32_t ge_sxtb16(uint32_t x) { return (uint32_t)__sxtb16((int32_t)x); }
/* SXTB16 with its ROR #8 operand: ACLE's __sxtb16 has no rotation and GCC 12 does not fold a separate rotate
 * into it, so this one form is written as the single instruction (as CMSIS-NN's __SXTB16_RORn is). */
static inline uint32_t ge_sxtb16_ror8(uint32_t x) {
  uint32_t r;
  __asm("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
static inline int32_t ge_smlad(uint32_t a, uint32_t b, int32_t c) { return __smlad((int32_t)a, (int32_t)b, c); }
static inline int32_t ge_smlabb(uint32_t a, uint32_t b, int32_t c) { return __smlabb((int32_t)a, (int32_t)b, c); }
static inline int32_t ge_smlatt(uint32_t a, uint32_t b, int32_t c) { return __smlatt((int32_t)a, (int32_t)b, c); }
static inline int32_t ge_ssat8(int32_t v) { return __ssat(v, 8); }
#else
#define GE_DSP_NATIVE 0
static inline int32_t ge_lo16(uint32_t x) { return (int32_t)(int16_t)(uint16_t)(x & 0xFFFFu); }
static inline int32_t ge_hi16(uint32_t x) { return (int32_t)(int16_t)(uint16_t)(x >> 16); }
static inline uint32_t ge_sxtb16(uint32_t x) {
  uint32_t lo = (uint32_t)(int32_t)(int8_t)(uint8_t)(x & 0xFFu) & 0xFFFFu;
  uint32_t hi = (uint32_t)(int32_t)(int8_t)(uint8_t)((x >> 16) & 0xFFu) & 0xFFFFu;
  return lo | (hi << 16);
}
static inline uint32_t ge_sxtb16_ror8(uint32_t x) { return ge_sxtb16((x >> 8) | (x << 24)); }
static inline int32_t ge_smlad(uint32_t a, uint32_t b, int32_t c) {
  return (int32_t)((uint32_t)c + (uint32_t)(ge_lo16(a) * ge_lo16(b)) + (uint32_t)(ge_hi16(a) * ge_hi16(b)));
}
static inline int32_t ge_smlabb(uint32_t a, uint32_t b, int32_t c) {
  return (int32_t)((uint32_t)c + (uint32_t)(ge_lo16(a) * ge_lo16(b)));
}
static inline int32_t ge_smlatt(uint32_t a, uint32_t b, int32_t c) {
  return (int32_t)((uint32_t)c + (uint32_t)(ge_hi16(a) * ge_hi16(b)));
}
static inline int32_t ge_ssat8(int32_t v) { return v < -128 ? -128 : (v > 127 ? 127 : v); }
#endif

#endif
