/*
 * int8 kernels, bit-exact with TFLite Micro's reference_integer_ops built with TFLITE_SINGLE_ROUNDING
 * (ConvPerChannel, DepthwiseConvPerChannel with depth multiplier 1, FullyConnected, Logistic). Layouts are
 * TFLite's: activations NHWC with batch 1, conv filters [outC][kh][kw][inC], depthwise filters [kh][kw][C],
 * FC weights [out][in]. All buffers are caller-owned; input and output must not overlap. No allocation,
 * no libm; time is linear in the MAC count.
 */
#ifndef GE_KERNELS_H
#define GE_KERNELS_H

#include <stdint.h>
#include "../ge_status.h"

typedef struct {
  uint16_t in_h, in_w, in_c;
  uint16_t out_h, out_w, out_c;
  uint8_t k_h, k_w, stride_h, stride_w;
  uint8_t pad_h, pad_w;          /* top/left padding as TFLite computes it (total/2, floor) */
  int32_t input_offset;          /* −input zero point */
  int32_t output_offset;         /* +output zero point */
  int32_t act_min, act_max;      /* clamp after requantisation, int8 domain */
} ge_conv_params_t;

/* bias may be NULL (treated as 0); mult/shift: out_c entries (per channel). */
ge_status_t ge_conv2d_int8(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter,
                           const int32_t *bias, const int32_t *mult, const int32_t *shift, int8_t *output);
/* Depth multiplier 1: out_c == in_c. */
ge_status_t ge_depthwise_conv2d_int8(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter,
                                     const int32_t *bias, const int32_t *mult, const int32_t *shift,
                                     int8_t *output);
/* out[o] = clamp(mbqm(Σ (w + filter_offset)(x + input_offset) + bias, mult, shift) + output_offset). The input
 * is read flat: the exporter folds the global average pool into this layer, so in_n is H·W·C of the last conv. */
ge_status_t ge_fully_connected_int8(uint16_t in_n, uint16_t out_n, const int8_t *input, int32_t input_offset,
                                    const int8_t *weights, int32_t filter_offset, const int32_t *bias,
                                    int32_t mult, int32_t shift, int32_t output_offset, int32_t act_min,
                                    int32_t act_max, int8_t *output);
/* TFLM Logistic int8 (output scale 1/256, zero point −128): gemmlowp fixed-point logistic on Q4.27. */
ge_status_t ge_logistic_int8(uint32_t n, const int8_t *input, int32_t input_zp, int32_t input_range_radius,
                             int32_t input_multiplier, int32_t input_left_shift, int8_t *output);

#endif
