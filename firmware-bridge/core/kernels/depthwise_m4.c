/*
 * DEPTHWISE_CONV_2D (depth multiplier 1) for the Cortex-M4 (kernels_m4.h). Channels stay innermost, as in the
 * NHWC layout: four channels at a time, one word of input and one of filter per kernel tap, widened by SXTB16
 * into (c0, c2) and (c1, c3) halves and accumulated with SMLABB / SMLATT — a depthwise sum runs over taps, not
 * over adjacent channels, so the pair-summing SMLAD does not apply without repacking (which costs more than it
 * saves at 3×3). 3×3 kernels (the DS-CNN's) take a path with the filter widened once per layer
 * (depthwise3x3_body). No im2col: a table of the taps' input rows per output pixel, with padded taps pointing at a
 * row of the input zero point (x + input_offset = 0, the reference kernel's skipped tap). Sums are
 * Σ f·x + (bias + input_offset·Σ f) over all taps: integer arithmetic, bit-exact.
 */
#include <stddef.h>

#include "dsp.h"
#include "kernels_m4.h"
#include "requant_m4.h"

/* Kernel taps (k_h·k_w) the row table holds. */
#define GE_M4_MAX_TAPS 25
/* Channels of the 3×3 path, whose filter is widened once per layer into a table on the stack (8 B per tap and
 * 4 channels: 1 152 B at 64). */
#define GE_M4_DW3_MAX_C 64

/*
 * 3×3 kernels with a channel count that is a multiple of 4, up to GE_M4_DW3_MAX_C: the filter is widened once
 * into (c0, c2) / (c1, c3) int16 pairs per tap and 4-channel group, so a tap costs one load of its input row, one
 * input word, two SXTB16, one LDRD of the widened filter and four MACs, with the 9 taps unrolled. Interior
 * pixels (the kernel wholly inside the input) fill the row table from per-layer offsets; only border pixels
 * check bounds. GCC's pre-allocation scheduler (-fschedule-insns) hoists the unrolled taps' loads and spills
 * (measured: 238 000 instructions a layer with it, 216 000 without), so this kernel is compiled without it.
 */
static inline __attribute__((always_inline, optimize("no-schedule-insns"))) void depthwise3x3_body(const ge_conv_params_t *p, const int8_t *input,
                                                                    const int8_t *filter, const int32_t *bias,
                                                                    const int32_t *mult, const int32_t *shift,
                                                                    int8_t *output, const int mode) {
  const int c_n = p->in_c, groups = c_n / 4;
  const int32_t in_off = p->input_offset, out_off = p->output_offset, lo = p->act_min, hi = p->act_max;
  /* Per channel: bias + input_offset·Σ f, the multiplier and −shift − 1, side by side for one LDM. */
  int32_t rq[GE_M4_DW3_MAX_C][3];
  uint64_t wt[GE_M4_DW3_MAX_C / 4][9]; /* (c0, c2) in the low word, (c1, c3) in the high */
  int8_t zp_row[GE_M4_DW3_MAX_C];
  const int8_t *rows[9];
  for (int c = 0; c < c_n; c++) {
    int32_t s = 0;
    for (int t = 0; t < 9; t++) s += filter[(size_t)t * c_n + c];
    rq[c][0] = (bias != NULL ? bias[c] : 0) + in_off * s;
    rq[c][1] = mult[c];
    rq[c][2] = -shift[c] - 1 - (mode >> 1);
    zp_row[c] = (int8_t)(-in_off);
  }
  for (int g = 0; g < groups; g++) {
    for (int t = 0; t < 9; t++) {
      const uint32_t w = ge_load_s8x4(filter + (size_t)t * c_n + 4 * g);
      wt[g][t] = ge_sxtb16(w) | (uint64_t)ge_sxtb16_ror8(w) << 32;
    }
  }
  /* Offsets of the 9 taps from the top-left tap, for pixels whose kernel lies wholly inside the input. */
  ptrdiff_t tap_off[9];
  for (int ky = 0, t = 0; ky < 3; ky++)
    for (int kx = 0; kx < 3; kx++, t++) tap_off[t] = ((ptrdiff_t)ky * p->in_w + kx) * c_n;
  for (int oy = 0; oy < p->out_h; oy++) {
    const int y0 = oy * p->stride_h - p->pad_h;
    const int rows_inside = y0 >= 0 && y0 + 3 <= p->in_h;
    for (int ox = 0; ox < p->out_w; ox++) {
      const int x0 = ox * p->stride_w - p->pad_w;
      if (rows_inside && x0 >= 0 && x0 + 3 <= p->in_w) { /* interior: no bounds checks */
        const int8_t *const base = input + ((size_t)y0 * p->in_w + x0) * c_n;
        for (int t = 0; t < 9; t++) rows[t] = base + tap_off[t];
      } else { /* border: padded taps read the zero-point row */
        for (int ky = 0, t = 0; ky < 3; ky++) {
          for (int kx = 0; kx < 3; kx++, t++) {
            const int iy = y0 + ky, ix = x0 + kx;
            rows[t] = (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w)
                          ? zp_row
                          : input + ((size_t)iy * p->in_w + ix) * c_n;
          }
        }
      }
      int8_t *o = output + ((size_t)oy * p->out_w + ox) * c_n;
      const uint64_t *w = &wt[0][0];
      const int32_t *q = &rq[0][0];
      for (int c = 0; c < c_n; c += 4, q += 12, w += 9) {
        int32_t a0 = q[0], a1 = q[3], a2 = q[6], a3 = q[9];
        /* The 9 taps unrolled, each row pointer loaded from the table when used: the empty asm hides that r is
         * the same table in every group, so GCC neither hoists the nine pointers into registers (and spills
         * them) nor keeps a loop counter; each tap is LDR pointer, LDR input, 2 SXTB16, LDRD filter, 4 MACs. */
        const int8_t *const *r = rows;
        __asm volatile("" : "+r"(r));
#define GE_DW3_TAP(t)                                             \
  do {                                                            \
    const uint32_t x = ge_load_s8x4(r[t] + c);                    \
    const uint32_t x02 = ge_sxtb16(x), x13 = ge_sxtb16_ror8(x);   \
    const uint64_t w2 = w[t]; /* one LDRD */                      \
    const uint32_t w02 = (uint32_t)w2, w13 = (uint32_t)(w2 >> 32); \
    a0 = ge_smlabb(x02, w02, a0);                                 \
    a2 = ge_smlatt(x02, w02, a2);                                 \
    a1 = ge_smlabb(x13, w13, a1);                                 \
    a3 = ge_smlatt(x13, w13, a3);                                 \
  } while (0)
        GE_DW3_TAP(0);
        GE_DW3_TAP(1);
        GE_DW3_TAP(2);
        GE_DW3_TAP(3);
        GE_DW3_TAP(4);
        GE_DW3_TAP(5);
        GE_DW3_TAP(6);
        GE_DW3_TAP(7);
        GE_DW3_TAP(8);
#undef GE_DW3_TAP
        o[c] = ge_act_s8(ge_mbqm_m4_rq(a0, q[1], q[2], mode >> 1) + out_off, mode & 1, lo, hi);
        o[c + 1] = ge_act_s8(ge_mbqm_m4_rq(a1, q[4], q[5], mode >> 1) + out_off, mode & 1, lo, hi);
        o[c + 2] = ge_act_s8(ge_mbqm_m4_rq(a2, q[7], q[8], mode >> 1) + out_off, mode & 1, lo, hi);
        o[c + 3] = ge_act_s8(ge_mbqm_m4_rq(a3, q[10], q[11], mode >> 1) + out_off, mode & 1, lo, hi);
      }
    }
  }
}

/* The kernel body; `full` (activation range = all of int8) is a constant at each call, so the clamp compiles
 * to one SSAT in that copy. */
static inline __attribute__((always_inline)) void depthwise_body(const ge_conv_params_t *p, const int8_t *input,
                                                                 const int8_t *filter, const int32_t *bias,
                                                                 const int32_t *mult, const int32_t *shift,
                                                                 int8_t *output, const int full) {
  const int n_taps = (int)p->k_h * p->k_w, c_n = p->in_c;
  const int32_t in_off = p->input_offset, out_off = p->output_offset, lo = p->act_min, hi = p->act_max;
  int32_t base[GE_M4_MAX_CHANNELS];
  int8_t zp_row[GE_M4_MAX_CHANNELS + 3]; /* + 3: the word loads of the last group stay inside */
  const int8_t *rows[GE_M4_MAX_TAPS];
  for (int c = 0; c < c_n; c++) {
    int32_t s = 0;
    for (int t = 0; t < n_taps; t++) s += filter[(size_t)t * c_n + c];
    base[c] = (bias != NULL ? bias[c] : 0) + in_off * s;
    zp_row[c] = (int8_t)(-in_off);
  }
  for (int oy = 0; oy < p->out_h; oy++) {
    const int y0 = oy * p->stride_h - p->pad_h;
    for (int ox = 0; ox < p->out_w; ox++) {
      const int x0 = ox * p->stride_w - p->pad_w;
      for (int ky = 0, t = 0; ky < p->k_h; ky++) {
        for (int kx = 0; kx < p->k_w; kx++, t++) {
          const int iy = y0 + ky, ix = x0 + kx;
          rows[t] = (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w)
                        ? zp_row
                        : input + ((size_t)iy * p->in_w + ix) * c_n;
        }
      }
      int8_t *o = output + ((size_t)oy * p->out_w + ox) * c_n;
      int c = 0;
      for (; c + 4 <= c_n; c += 4) {
        int32_t a0 = base[c], a1 = base[c + 1], a2 = base[c + 2], a3 = base[c + 3];
        const int8_t *f = filter + c;
        for (int t = 0; t < n_taps; t++, f += c_n) {
          const uint32_t x = ge_load_s8x4(rows[t] + c), w = ge_load_s8x4(f);
          const uint32_t x02 = ge_sxtb16(x), x13 = ge_sxtb16_ror8(x);
          const uint32_t w02 = ge_sxtb16(w), w13 = ge_sxtb16_ror8(w);
          a0 = ge_smlabb(x02, w02, a0);
          a2 = ge_smlatt(x02, w02, a2);
          a1 = ge_smlabb(x13, w13, a1);
          a3 = ge_smlatt(x13, w13, a3);
        }
        o[c] = ge_act_s8(ge_mbqm_m4_neg(a0, mult[c], shift[c]) + out_off, full, lo, hi);
        o[c + 1] = ge_act_s8(ge_mbqm_m4_neg(a1, mult[c + 1], shift[c + 1]) + out_off, full, lo, hi);
        o[c + 2] = ge_act_s8(ge_mbqm_m4_neg(a2, mult[c + 2], shift[c + 2]) + out_off, full, lo, hi);
        o[c + 3] = ge_act_s8(ge_mbqm_m4_neg(a3, mult[c + 3], shift[c + 3]) + out_off, full, lo, hi);
      }
      for (; c < c_n; c++) { /* channel counts that are not a multiple of 4 */
        int32_t a = base[c];
        for (int t = 0; t < n_taps; t++) a += (int32_t)rows[t][c] * filter[(size_t)t * c_n + c];
        o[c] = ge_act_s8(ge_mbqm_m4_neg(a, mult[c], shift[c]) + out_off, full, lo, hi);
      }
    }
  }
}

__attribute__((optimize("no-schedule-insns"))) ge_status_t ge_depthwise_conv2d_int8_m4(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter,
                                        const int32_t *bias, const int32_t *mult, const int32_t *shift,
                                        int8_t *output) {
  if (p == NULL || input == NULL || filter == NULL || mult == NULL || shift == NULL || output == NULL)
    return GE_ERR_ARG;
  if (p->stride_h == 0 || p->stride_w == 0 || p->out_c != p->in_c) return GE_ERR_ARG;
  if ((int)p->k_h * p->k_w > GE_M4_MAX_TAPS || p->in_c > GE_M4_MAX_CHANNELS || p->input_offset < -127 ||
      p->input_offset > 128 || !ge_requant_m4_ok(mult, shift, p->in_c))
    return ge_depthwise_conv2d_int8(p, input, filter, bias, mult, shift, output);
  const int full = p->act_min == -128 && p->act_max == 127;
  if (p->k_h == 3 && p->k_w == 3 && p->in_c % 4 == 0 && p->in_c <= GE_M4_DW3_MAX_C) {
    const int mode = full | (ge_requant_m4_hi(shift, p->in_c) << 1);
    switch (mode) { /* one specialised copy per mode: bit 0 SSAT clamp, bit 1 high-word requantisation */
      case 0: depthwise3x3_body(p, input, filter, bias, mult, shift, output, 0); break;
      case 1: depthwise3x3_body(p, input, filter, bias, mult, shift, output, 1); break;
      case 2: depthwise3x3_body(p, input, filter, bias, mult, shift, output, 2); break;
      default: depthwise3x3_body(p, input, filter, bias, mult, shift, output, 3); break;
    }
  } else if (full) {
    depthwise_body(p, input, filter, bias, mult, shift, output, 1);
  } else {
    depthwise_body(p, input, filter, bias, mult, shift, output, 0);
  }
  return GE_OK;
}
