#include <stddef.h>

#include "dot.h"
#include "fixedpoint.h"
#include "kernels.h"

/* Channel capacity of the per-pixel accumulators on the stack (1 kB); larger layers use the generic path. */
#define GE_MAX_ACC_CHANNELS 256
/* Largest receptive field (k_h·k_w·in_c bytes) gathered into a contiguous patch on the stack. */
#define GE_MAX_PATCH 1152

static int32_t clamp32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

/*
 * The kernel taps [*first, *end) of a window starting at input index `start` (may be negative: padding)
 * that fall inside an input of `n` positions, for a kernel of `k` taps; taps outside are skipped, as the
 * TFLM reference kernels skip them.
 */
static inline void tap_range(int start, int k, int n, int *first, int *end) {
  *first = start < 0 ? -start : 0;
  *end = start + k > n ? n - start : k;
}

/*
 * All paths compute, per output, acc = Σ f·(x + input_offset) + bias exactly as the TFLM reference kernel
 * (integer arithmetic, so regrouping the sum — Σ f·x + input_offset·Σ f — is bit-exact; no int32 overflow for
 * int8 operands below 2^16 taps). Parameters are copied to locals first: int8_t stores may alias anything,
 * so reading them through the struct pointer inside loops would force reloads.
 */

/* 1×1 kernel, stride 1, no padding (the pointwise half of a depthwise-separable block). */
static void conv_pointwise(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter, const int32_t *bias,
                           const int32_t *mult, const int32_t *shift, int8_t *output) {
  const int in_c = p->in_c, out_c = p->out_c, pixels = p->out_h * p->out_w;
  const int32_t in_off = p->input_offset, out_off = p->output_offset, lo = p->act_min, hi = p->act_max;
  int32_t base[GE_MAX_ACC_CHANNELS]; /* bias + input_offset·Σ f, per output channel */
  for (int oc = 0; oc < out_c; oc++) {
    const int8_t *f = filter + (size_t)oc * in_c;
    base[oc] = (bias != NULL ? bias[oc] : 0) + in_off * ge_sum_s8(f, in_c);
  }
  for (int px = 0; px < pixels; px++) {
    const int8_t *x = input + (size_t)px * in_c;
    int8_t *o = output + (size_t)px * out_c;
    const int8_t *f = filter;
    for (int oc = 0; oc < out_c; oc++) {
      int32_t acc = ge_dot_s8(f, x, in_c);
      f += in_c;
      acc = ge_mbqm(acc + base[oc], mult[oc], shift[oc]) + out_off;
      o[oc] = (int8_t)clamp32(acc, lo, hi);
    }
  }
}

/*
 * General kernel via a per-pixel patch (im2col of one receptive field): the patch is gathered once and
 * shared by all output channels, so each output is one contiguous dot product. Taps outside the input hold
 * the input zero point (x + input_offset = 0), contributing exactly the 0 the reference kernel's skipped taps
 * contribute.
 */
static void conv_patch(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter, const int32_t *bias,
                       const int32_t *mult, const int32_t *shift, int8_t *output) {
  const int in_h = p->in_h, in_w = p->in_w, in_c = p->in_c, out_h = p->out_h, out_w = p->out_w, out_c = p->out_c;
  const int k_h = p->k_h, k_w = p->k_w, s_h = p->stride_h, s_w = p->stride_w, pad_h = p->pad_h, pad_w = p->pad_w;
  const int32_t in_off = p->input_offset, out_off = p->output_offset, lo = p->act_min, hi = p->act_max;
  const int taps = k_h * k_w * in_c;
  const int8_t zp = (int8_t)(-in_off);
  int8_t patch[GE_MAX_PATCH];
  int32_t base[GE_MAX_ACC_CHANNELS];
  for (int oc = 0; oc < out_c; oc++) {
    base[oc] = (bias != NULL ? bias[oc] : 0) + in_off * ge_sum_s8(filter + (size_t)oc * taps, taps);
  }
  for (int oy = 0; oy < out_h; oy++) {
    const int y0 = oy * s_h - pad_h;
    for (int ox = 0; ox < out_w; ox++) {
      const int x0 = ox * s_w - pad_w;
      int8_t *dst = patch;
      for (int ky = 0; ky < k_h; ky++) {
        const int iy = y0 + ky;
        for (int kx = 0; kx < k_w; kx++) {
          const int ix = x0 + kx;
          if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w) {
            for (int c = 0; c < in_c; c++) dst[c] = zp;
          } else {
            const int8_t *src = input + ((size_t)iy * in_w + ix) * in_c;
            for (int c = 0; c < in_c; c++) dst[c] = src[c];
          }
          dst += in_c;
        }
      }
      int8_t *o = output + ((size_t)oy * out_w + ox) * out_c;
      const int8_t *f = filter;
      for (int oc = 0; oc < out_c; oc++) {
        int32_t acc = ge_dot_s8(f, patch, taps) + base[oc];
        f += taps;
        acc = ge_mbqm(acc, mult[oc], shift[oc]) + out_off;
        o[oc] = (int8_t)clamp32(acc, lo, hi);
      }
    }
  }
}

ge_status_t ge_conv2d_int8(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter,
                           const int32_t *bias, const int32_t *mult, const int32_t *shift, int8_t *output) {
  if (p == NULL || input == NULL || filter == NULL || mult == NULL || shift == NULL || output == NULL)
    return GE_ERR_ARG;
  if (p->stride_h == 0 || p->stride_w == 0) return GE_ERR_ARG;
  if (p->k_h == 1 && p->k_w == 1 && p->stride_h == 1 && p->stride_w == 1 && p->pad_h == 0 && p->pad_w == 0 &&
      p->out_h == p->in_h && p->out_w == p->in_w && p->out_c <= GE_MAX_ACC_CHANNELS) {
    conv_pointwise(p, input, filter, bias, mult, shift, output);
    return GE_OK;
  }
  if ((int)p->k_h * p->k_w * p->in_c <= GE_MAX_PATCH && p->out_c <= GE_MAX_ACC_CHANNELS &&
      p->input_offset >= -127 && p->input_offset <= 128) {
    conv_patch(p, input, filter, bias, mult, shift, output);
    return GE_OK;
  }
  const int in_h = p->in_h, in_w = p->in_w, in_c = p->in_c, out_h = p->out_h, out_w = p->out_w, out_c = p->out_c;
  const int k_h = p->k_h, k_w = p->k_w, s_h = p->stride_h, s_w = p->stride_w, pad_h = p->pad_h, pad_w = p->pad_w;
  const int32_t in_off = p->input_offset, out_off = p->output_offset, lo = p->act_min, hi = p->act_max;
  const size_t f_stride = (size_t)k_h * k_w * in_c;
  for (int oy = 0; oy < out_h; oy++) {
    const int y0 = oy * s_h - pad_h;
    int ky0, ky1;
    tap_range(y0, k_h, in_h, &ky0, &ky1);
    for (int ox = 0; ox < out_w; ox++) {
      const int x0 = ox * s_w - pad_w;
      int kx0, kx1;
      tap_range(x0, k_w, in_w, &kx0, &kx1);
      const int run = (kx1 - kx0) * in_c; /* contiguous bytes per kernel row, in input and filter alike */
      int8_t *o = output + ((size_t)oy * out_w + ox) * out_c;
      for (int oc = 0; oc < out_c; oc++) {
        const int8_t *fo = filter + (size_t)oc * f_stride;
        int32_t acc = 0;
        for (int ky = ky0; ky < ky1; ky++) {
          const int8_t *x = input + ((size_t)(y0 + ky) * in_w + (x0 + kx0)) * in_c;
          const int8_t *f = fo + ((size_t)ky * k_w + kx0) * in_c;
          acc += ge_dot_s8(f, x, run) + in_off * ge_sum_s8(f, run);
        }
        if (bias != NULL) acc += bias[oc];
        acc = ge_mbqm(acc, mult[oc], shift[oc]) + out_off;
        o[oc] = (int8_t)clamp32(acc, lo, hi);
      }
    }
  }
  return GE_OK;
}

ge_status_t ge_depthwise_conv2d_int8(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter,
                                     const int32_t *bias, const int32_t *mult, const int32_t *shift,
                                     int8_t *output) {
  if (p == NULL || input == NULL || filter == NULL || mult == NULL || shift == NULL || output == NULL)
    return GE_ERR_ARG;
  if (p->stride_h == 0 || p->stride_w == 0 || p->out_c != p->in_c) return GE_ERR_ARG;
  if (p->in_c > GE_MAX_ACC_CHANNELS) return GE_ERR_RANGE;
  const int in_h = p->in_h, in_w = p->in_w, c_n = p->in_c, out_h = p->out_h, out_w = p->out_w;
  const int k_h = p->k_h, k_w = p->k_w, s_h = p->stride_h, s_w = p->stride_w, pad_h = p->pad_h, pad_w = p->pad_w;
  const int32_t in_off = p->input_offset, out_off = p->output_offset, lo = p->act_min, hi = p->act_max;
  int32_t acc[GE_MAX_ACC_CHANNELS];
  for (int oy = 0; oy < out_h; oy++) {
    const int y0 = oy * s_h - pad_h;
    int ky0, ky1;
    tap_range(y0, k_h, in_h, &ky0, &ky1);
    for (int ox = 0; ox < out_w; ox++) {
      const int x0 = ox * s_w - pad_w;
      int kx0, kx1;
      tap_range(x0, k_w, in_w, &kx0, &kx1);
      for (int c = 0; c < c_n; c++) acc[c] = 0;
      /* Channels innermost: input and filter rows are contiguous over c. */
      for (int ky = ky0; ky < ky1; ky++) {
        for (int kx = kx0; kx < kx1; kx++) {
          const int8_t *x = input + ((size_t)(y0 + ky) * in_w + (x0 + kx)) * c_n;
          const int8_t *f = filter + ((size_t)ky * k_w + kx) * c_n;
          for (int c = 0; c < c_n; c++) acc[c] += (int32_t)f[c] * ((int32_t)x[c] + in_off);
        }
      }
      int8_t *o = output + ((size_t)oy * out_w + ox) * c_n;
      for (int c = 0; c < c_n; c++) {
        int32_t a = acc[c] + (bias != NULL ? bias[c] : 0);
        a = ge_mbqm(a, mult[c], shift[c]) + out_off;
        o[c] = (int8_t)clamp32(a, lo, hi);
      }
    }
  }
  return GE_OK;
}
