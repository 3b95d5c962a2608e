/*
 * CONV_2D for the Cortex-M4 (kernels_m4.h), laid out for SMLAD as CMSIS-NN lays out its s8 convolutions: two
 * output pixels at a time, their receptive fields widened once to int16 pairs in the order SXTB16 widens the
 * filter ((0, 2) then (1, 3) of every 4 taps), then every output channel pair runs a 2×2 block over them: per
 * 4 taps, 4 loaded input words, 2 filter words widened by 4 SXTB16, 8 SMLAD = 16 MACs.
 *   1×1 (stride 1, no padding): the two pixels' input rows are contiguous already — no im2col, only the widening.
 *   any other kernel: the two receptive fields are gathered first (im2col of two columns, which pays because
 *   all output channels reuse them); padded taps hold the input zero point, so they contribute exactly the 0
 *   of the reference kernel's skipped taps.
 * Sums are Σ f·x + (bias + input_offset·Σ f) as in conv.c: integer arithmetic, bit-exact. Shapes the fast
 * path does not take (taps not a multiple of 4 or above GE_M4_MAX_PATCH, more than GE_M4_MAX_CHANNELS output
 * channels, an input zero point outside int8, a multiplier ge_mbqm_m4_neg does not cover) run the reference
 * kernel.
 */
#include <stddef.h>
#include <string.h>

#include "dsp.h"
#include "kernels_m4.h"
#include "requant_m4.h"

/* Widens pixels a and b (n int8 each, n a multiple of 4) into xw: per 4 values the words a(0,2), a(1,3), b(0,2),
 * b(1,3) — n words in all. */
static inline void widen_pair(const int8_t *a, const int8_t *b, int n, uint32_t *xw) {
  for (int i = 0; i < n; i += 4) {
    const uint32_t xa = ge_load_s8x4(a + i), xb = ge_load_s8x4(b + i);
    xw[0] = ge_sxtb16(xa);
    xw[1] = ge_sxtb16_ror8(xa);
    xw[2] = ge_sxtb16(xb);
    xw[3] = ge_sxtb16_ror8(xb);
    xw += 4;
  }
}

/* Σ f over n int8, two at a time through SMLAD with (1, 1). */
static int32_t sum_s8(const int8_t *f, int n) {
  int32_t s = 0;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const uint32_t w = ge_load_s8x4(f + i);
    s = ge_smlad(ge_sxtb16(w), 0x00010001u, s);
    s = ge_smlad(ge_sxtb16_ror8(w), 0x00010001u, s);
  }
  for (; i < n; i++) s += f[i];
  return s;
}

/*
 * Output pixels oa and ob = oa + out_c (ob only if `two`) for every output channel, from their widened inputs
 * xw (`taps` words, a multiple of 4): filter [out_c][taps]; rq[oc] = {bias + input_offset·Σ f, multiplier, right
 * shift}. `two` and `mode` are constants at each call: bit 0 of mode = the activation range is all of int8 (the
 * clamp is one SSAT), bit 1 = the requantisation's high-word form (ge_mbqm_m4_rq). A channel pair is a 2×2 block:
 * per 4 taps, 4 input words, 2 filter words widened by 4 SXTB16, 8 SMLAD. The loop state is pointers only (the
 * filter runs on from one pair to the next, the output and rq advance by a pair), so the requantisation of a pair
 * does not spill.
 */
static inline __attribute__((always_inline)) void block_pixels(const ge_conv_params_t *p, const uint32_t *xw,
                                                               const int two, int taps, const int8_t *filter,
                                                               const int32_t (*rq)[3], int8_t *oa, const int mode) {
  const int out_c = p->out_c;
  const int32_t out_off = p->output_offset, lo = p->act_min, hi = p->act_max;
  const uint32_t *const xend = xw + taps;
  const int8_t *f0 = filter;
  const int32_t *q = &rq[0][0];
  const int32_t *const q_end = q + 3 * (out_c & ~1);
  int8_t *o = oa;
  for (; q != q_end; q += 6, o += 2) {
    int32_t a0 = q[0], a1 = q[3], b0 = q[0], b1 = q[3];
    const int8_t *f1 = f0 + taps;
    const uint32_t *x = xw;
    do {
      const uint32_t w0 = ge_load_s8x4(f0), w1 = ge_load_s8x4(f1);
      f0 += 4;
      f1 += 4;
      uint32_t w = ge_sxtb16(w0);
      a0 = ge_smlad(x[0], w, a0);
      if (two) b0 = ge_smlad(x[2], w, b0);
      w = ge_sxtb16_ror8(w0);
      a0 = ge_smlad(x[1], w, a0);
      if (two) b0 = ge_smlad(x[3], w, b0);
      w = ge_sxtb16(w1);
      a1 = ge_smlad(x[0], w, a1);
      if (two) b1 = ge_smlad(x[2], w, b1);
      w = ge_sxtb16_ror8(w1);
      a1 = ge_smlad(x[1], w, a1);
      if (two) b1 = ge_smlad(x[3], w, b1);
      x += 4;
    } while (x != xend);
    f0 = f1; /* the next pair's first filter */
    o[0] = ge_act_s8(ge_mbqm_m4_rq(a0, q[1], q[2], mode >> 1) + out_off, mode & 1, lo, hi);
    o[1] = ge_act_s8(ge_mbqm_m4_rq(a1, q[4], q[5], mode >> 1) + out_off, mode & 1, lo, hi);
    if (two) {
      o[out_c] = ge_act_s8(ge_mbqm_m4_rq(b0, q[1], q[2], mode >> 1) + out_off, mode & 1, lo, hi);
      o[out_c + 1] = ge_act_s8(ge_mbqm_m4_rq(b1, q[4], q[5], mode >> 1) + out_off, mode & 1, lo, hi);
    }
  }
  if (out_c & 1) { /* odd channel count: the last channel alone */
    int32_t a0 = q[0], b0 = q[0];
    const uint32_t *x = xw;
    do {
      const uint32_t w0 = ge_load_s8x4(f0);
      f0 += 4;
      uint32_t w = ge_sxtb16(w0);
      a0 = ge_smlad(x[0], w, a0);
      b0 = ge_smlad(x[2], w, b0);
      w = ge_sxtb16_ror8(w0);
      a0 = ge_smlad(x[1], w, a0);
      b0 = ge_smlad(x[3], w, b0);
      x += 4;
    } while (x != xend);
    o[0] = ge_act_s8(ge_mbqm_m4_rq(a0, q[1], q[2], mode >> 1) + out_off, mode & 1, lo, hi);
    if (two) o[out_c] = ge_act_s8(ge_mbqm_m4_rq(b0, q[1], q[2], mode >> 1) + out_off, mode & 1, lo, hi);
  }
}

/* Gathers output pixel px's receptive field into dst (taps int8; zp where the kernel overhangs the input). */
static void gather_patch(const ge_conv_params_t *p, const int8_t *input, int px, int8_t zp, int8_t *dst) {
  const int oy = px / p->out_w, ox = px % p->out_w, in_c = p->in_c, k_w = p->k_w;
  const int y0 = oy * p->stride_h - p->pad_h, x0 = ox * p->stride_w - p->pad_w;
  const int row_inside = x0 >= 0 && x0 + k_w <= p->in_w; /* every tap of a kernel row inside horizontally */
  const int run = k_w * in_c;
  for (int ky = 0; ky < p->k_h; ky++) {
    const int iy = y0 + ky;
    if (iy < 0 || iy >= p->in_h) {
      for (int i = 0; i < run; i++) dst[i] = zp;
    } else if (row_inside) {
      const int8_t *src = input + ((size_t)iy * p->in_w + x0) * in_c;
      int i = 0;
      for (; i + 4 <= run; i += 4) { /* a word at a time: unaligned LDR/STR are fine on the M4 */
        const uint32_t w = ge_load_s8x4(src + i);
        memcpy(dst + i, &w, 4);
      }
      for (; i < run; i++) dst[i] = src[i];
    } else {
      for (int kx = 0; kx < k_w; kx++) {
        const int ix = x0 + kx;
        const int8_t *src = input + ((size_t)iy * p->in_w + ix) * in_c;
        for (int c = 0; c < in_c; c++) dst[kx * in_c + c] = (ix < 0 || ix >= p->in_w) ? zp : src[c];
      }
    }
    dst += run;
  }
}

static inline __attribute__((always_inline)) void conv_body(const ge_conv_params_t *p, const int8_t *input,
                                                            const int8_t *filter, const int32_t (*rq)[3],
                                                            int8_t *output, int pointwise, const int mode) {
  const int taps = (int)p->k_h * p->k_w * p->in_c, pixels = p->out_h * p->out_w, out_c = p->out_c;
  const int8_t zp = (int8_t)(-p->input_offset);
  int8_t patch[2][GE_M4_MAX_PATCH];
  uint32_t xw[GE_M4_MAX_PATCH];
  for (int px = 0; px < pixels; px += 2) {
    const int two = px + 1 < pixels;
    const int8_t *a, *b;
    if (pointwise) {
      a = input + (size_t)px * taps;
      b = two ? a + taps : a;
    } else {
      gather_patch(p, input, px, zp, patch[0]);
      if (two) gather_patch(p, input, px + 1, zp, patch[1]);
      a = patch[0];
      b = two ? patch[1] : patch[0];
    }
    widen_pair(a, b, taps, xw);
    if (two)
      block_pixels(p, xw, 1, taps, filter, rq, output + (size_t)px * out_c, mode);
    else /* the last pixel of an odd count */
      block_pixels(p, xw, 0, taps, filter, rq, output + (size_t)px * out_c, mode);
  }
}

ge_status_t ge_conv2d_int8_m4(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter,
                              const int32_t *bias, const int32_t *mult, const int32_t *shift, int8_t *output) {
  if (p == NULL || input == NULL || filter == NULL || mult == NULL || shift == NULL || output == NULL)
    return GE_ERR_ARG;
  if (p->stride_h == 0 || p->stride_w == 0) return GE_ERR_ARG;
  const int taps = (int)p->k_h * p->k_w * p->in_c;
  const int pointwise = p->k_h == 1 && p->k_w == 1 && p->stride_h == 1 && p->stride_w == 1 && p->pad_h == 0 &&
                        p->pad_w == 0 && p->out_h == p->in_h && p->out_w == p->in_w;
  const int zp_fits = p->input_offset >= -127 && p->input_offset <= 128;
  if (p->out_c > GE_M4_MAX_CHANNELS || taps > GE_M4_MAX_PATCH || taps % 4 != 0 || (!pointwise && !zp_fits) ||
      !ge_requant_m4_ok(mult, shift, p->out_c))
    return ge_conv2d_int8(p, input, filter, bias, mult, shift, output);
  const int hi = ge_requant_m4_hi(shift, p->out_c);
  int32_t rq[GE_M4_MAX_CHANNELS][3]; /* per channel, side by side for one LDM: see block_pixels */
  for (int oc = 0; oc < p->out_c; oc++) {
    rq[oc][0] = (bias != NULL ? bias[oc] : 0) + p->input_offset * sum_s8(filter + (size_t)oc * taps, taps);
    rq[oc][1] = mult[oc];
    rq[oc][2] = -shift[oc] - 1 - hi;
  }
  const int mode = (p->act_min == -128 && p->act_max == 127) | (hi << 1);
  switch (mode) { /* one specialised copy per mode */
    case 0: conv_body(p, input, filter, rq, output, pointwise, 0); break;
    case 1: conv_body(p, input, filter, rq, output, pointwise, 1); break;
    case 2: conv_body(p, input, filter, rq, output, pointwise, 2); break;
    default: conv_body(p, input, filter, rq, output, pointwise, 3); break;
  }
  return GE_OK;
}
