/*
 * CONV_2D for the Cortex-M4 (kernels_m4.h). Both fast paths compute a 2×2 block at a time — two output pixels
 * against two output channels — so each loaded and widened word of input and of filter feeds two SMLADs:
 * per 4 input channels, 4 loads, 8 SXTB16 and 8 SMLAD for 16 MACs.
 *   pointwise (1×1, stride 1, no padding): the input pixels are already contiguous rows; no im2col.
 *   patch (any other kernel): the receptive fields of the two pixels are gathered into contiguous patches on
 *   the stack (im2col of two columns), which pays because every output channel reuses them; padded taps hold
 *   the input zero point so they contribute exactly the 0 the reference kernel's skipped taps do.
 * Sums are Σ f·x + (bias + input_offset·Σ f) as in conv.c: integer arithmetic, so bit-exact.
 */
#include <stddef.h>

#include "dsp.h"
#include "kernels_m4.h"
#include "requant_m4.h"

/* s[0..3] = a·f0, a·f1, b·f0, b·f1 over n int8 (a, b: the two pixels; f0, f1: two filter rows). */
static inline void dot_2x2(const int8_t *a, const int8_t *b, const int8_t *f0, const int8_t *f1, int n,
                           int32_t s[4]) {
  int32_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const uint32_t xa = ge_load_s8x4(a + i), xb = ge_load_s8x4(b + i);
    const uint32_t w0 = ge_load_s8x4(f0 + i), w1 = ge_load_s8x4(f1 + i);
    const uint32_t xa02 = ge_sxtb16(xa), xa13 = ge_sxtb16_ror8(xa);
    const uint32_t xb02 = ge_sxtb16(xb), xb13 = ge_sxtb16_ror8(xb);
    const uint32_t w002 = ge_sxtb16(w0), w013 = ge_sxtb16_ror8(w0);
    const uint32_t w102 = ge_sxtb16(w1), w113 = ge_sxtb16_ror8(w1);
    a0 = ge_smlad(xa02, w002, a0);
    a0 = ge_smlad(xa13, w013, a0);
    a1 = ge_smlad(xa02, w102, a1);
    a1 = ge_smlad(xa13, w113, a1);
    b0 = ge_smlad(xb02, w002, b0);
    b0 = ge_smlad(xb13, w013, b0);
    b1 = ge_smlad(xb02, w102, b1);
    b1 = ge_smlad(xb13, w113, b1);
  }
  for (; i < n; i++) {
    a0 += (int32_t)a[i] * f0[i];
    a1 += (int32_t)a[i] * f1[i];
    b0 += (int32_t)b[i] * f0[i];
    b1 += (int32_t)b[i] * f1[i];
  }
  s[0] = a0;
  s[1] = a1;
  s[2] = b0;
  s[3] = b1;
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
 * Output pixels px and px + 1 (pixel px + 1 only if `two`) for every output channel: rows xa / xb of `taps`
 * int8 each, filter [out_c][taps], base[oc] = bias + input_offset·Σ f.
 */
static void block_pixels(const ge_conv_params_t *p, const int8_t *xa, const int8_t *xb, int two, int taps,
                         const int8_t *filter, const int32_t *base, const int32_t *mult, const int32_t *shift,
                         int8_t *oa) {
  const int out_c = p->out_c;
  const int32_t out_off = p->output_offset, lo = p->act_min, hi = p->act_max;
  int8_t *ob = oa + out_c;
  int32_t s[4];
  int oc = 0;
  for (; oc + 2 <= out_c; oc += 2) {
    const int8_t *f0 = filter + (size_t)oc * taps;
    dot_2x2(xa, xb, f0, f0 + taps, taps, s);
    oa[oc] = ge_clamp_s8(ge_mbqm_m4(s[0] + base[oc], mult[oc], shift[oc]) + out_off, lo, hi);
    oa[oc + 1] = ge_clamp_s8(ge_mbqm_m4(s[1] + base[oc + 1], mult[oc + 1], shift[oc + 1]) + out_off, lo, hi);
    if (two) {
      ob[oc] = ge_clamp_s8(ge_mbqm_m4(s[2] + base[oc], mult[oc], shift[oc]) + out_off, lo, hi);
      ob[oc + 1] = ge_clamp_s8(ge_mbqm_m4(s[3] + base[oc + 1], mult[oc + 1], shift[oc + 1]) + out_off, lo, hi);
    }
  }
  if (oc < out_c) { /* odd channel count: the last channel twice */
    const int8_t *f0 = filter + (size_t)oc * taps;
    dot_2x2(xa, xb, f0, f0, taps, s);
    oa[oc] = ge_clamp_s8(ge_mbqm_m4(s[0] + base[oc], mult[oc], shift[oc]) + out_off, lo, hi);
    if (two) ob[oc] = ge_clamp_s8(ge_mbqm_m4(s[2] + base[oc], mult[oc], shift[oc]) + out_off, lo, hi);
  }
}

/* Gathers output pixel px's receptive field into dst (taps int8; zp where the kernel overhangs the input). */
static void gather_patch(const ge_conv_params_t *p, const int8_t *input, int px, int8_t zp, int8_t *dst) {
  const int oy = px / p->out_w, ox = px % p->out_w, in_c = p->in_c;
  const int y0 = oy * p->stride_h - p->pad_h, x0 = ox * p->stride_w - p->pad_w;
  for (int ky = 0; ky < p->k_h; ky++) {
    const int iy = y0 + ky;
    for (int kx = 0; kx < p->k_w; kx++) {
      const int ix = x0 + kx;
      if (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w) {
        for (int c = 0; c < in_c; c++) dst[c] = zp;
      } else {
        const int8_t *src = input + ((size_t)iy * p->in_w + ix) * in_c;
        for (int c = 0; c < in_c; c++) dst[c] = src[c];
      }
      dst += in_c;
    }
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
  if (p->out_c > GE_M4_MAX_CHANNELS || (!pointwise && (taps > GE_M4_MAX_PATCH || !zp_fits)))
    return ge_conv2d_int8(p, input, filter, bias, mult, shift, output);
  int32_t base[GE_M4_MAX_CHANNELS];
  for (int oc = 0; oc < p->out_c; oc++)
    base[oc] = (bias != NULL ? bias[oc] : 0) + p->input_offset * sum_s8(filter + (size_t)oc * taps, taps);
  const int pixels = p->out_h * p->out_w, out_c = p->out_c;
  if (pointwise) {
    for (int px = 0; px < pixels; px += 2) {
      const int two = px + 1 < pixels;
      const int8_t *xa = input + (size_t)px * taps;
      block_pixels(p, xa, two ? xa + taps : xa, two, taps, filter, base, mult, shift, output + (size_t)px * out_c);
    }
    return GE_OK;
  }
  int8_t patch[2][GE_M4_MAX_PATCH];
  const int8_t zp = (int8_t)(-p->input_offset);
  for (int px = 0; px < pixels; px += 2) {
    const int two = px + 1 < pixels;
    gather_patch(p, input, px, zp, patch[0]);
    if (two) gather_patch(p, input, px + 1, zp, patch[1]);
    block_pixels(p, patch[0], two ? patch[1] : patch[0], two, taps, filter, base, mult, shift,
                 output + (size_t)px * out_c);
  }
  return GE_OK;
}
