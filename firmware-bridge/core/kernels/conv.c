#include <stddef.h>

#include "fixedpoint.h"
#include "kernels.h"

static int32_t clamp32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

ge_status_t ge_conv2d_int8(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter,
                           const int32_t *bias, const int32_t *mult, const int32_t *shift, int8_t *output) {
  if (p == NULL || input == NULL || filter == NULL || mult == NULL || shift == NULL || output == NULL)
    return GE_ERR_ARG;
  if (p->stride_h == 0 || p->stride_w == 0) return GE_ERR_ARG;
  for (int oy = 0; oy < p->out_h; oy++) {
    for (int ox = 0; ox < p->out_w; ox++) {
      const int in_y0 = oy * p->stride_h - p->pad_h;
      const int in_x0 = ox * p->stride_w - p->pad_w;
      for (int oc = 0; oc < p->out_c; oc++) {
        int32_t acc = 0;
        for (int ky = 0; ky < p->k_h; ky++) {
          const int iy = in_y0 + ky;
          if (iy < 0 || iy >= p->in_h) continue;
          for (int kx = 0; kx < p->k_w; kx++) {
            const int ix = in_x0 + kx;
            if (ix < 0 || ix >= p->in_w) continue;
            const int8_t *in = input + ((size_t)iy * p->in_w + ix) * p->in_c;
            const int8_t *f = filter + (((size_t)oc * p->k_h + ky) * p->k_w + kx) * p->in_c;
            for (int ic = 0; ic < p->in_c; ic++) {
              acc += (int32_t)f[ic] * ((int32_t)in[ic] + p->input_offset);
            }
          }
        }
        if (bias != NULL) acc += bias[oc];
        acc = ge_mbqm(acc, mult[oc], shift[oc]);
        acc += p->output_offset;
        output[((size_t)oy * p->out_w + ox) * p->out_c + oc] = (int8_t)clamp32(acc, p->act_min, p->act_max);
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
  for (int oy = 0; oy < p->out_h; oy++) {
    for (int ox = 0; ox < p->out_w; ox++) {
      const int in_y0 = oy * p->stride_h - p->pad_h;
      const int in_x0 = ox * p->stride_w - p->pad_w;
      for (int c = 0; c < p->in_c; c++) {
        int32_t acc = 0;
        for (int ky = 0; ky < p->k_h; ky++) {
          const int iy = in_y0 + ky;
          if (iy < 0 || iy >= p->in_h) continue;
          for (int kx = 0; kx < p->k_w; kx++) {
            const int ix = in_x0 + kx;
            if (ix < 0 || ix >= p->in_w) continue;
            int32_t x = input[((size_t)iy * p->in_w + ix) * p->in_c + c];
            int32_t f = filter[((size_t)ky * p->k_w + kx) * p->in_c + c];
            acc += f * (x + p->input_offset);
          }
        }
        if (bias != NULL) acc += bias[c];
        acc = ge_mbqm(acc, mult[c], shift[c]);
        acc += p->output_offset;
        output[((size_t)oy * p->out_w + ox) * p->out_c + c] = (int8_t)clamp32(acc, p->act_min, p->act_max);
      }
    }
  }
  return GE_OK;
}
