/*
 * The shape of a generated model (exporter/c-model.ts writes `const ge_model_t g_ge_model` and its data;
 * never edited by hand). Activations live in a caller-owned arena; each layer reads `in_offset` and writes
 * `out_offset` (byte offsets into the arena, chosen by the exporter so a layer's input and output never
 * overlap). RESHAPE is not a layer: it only renames a buffer.
 */
#ifndef GE_MODEL_H
#define GE_MODEL_H

#include <stdint.h>
#include "kernels/kernels.h"

typedef enum {
  GE_LAYER_CONV2D = 1,
  GE_LAYER_DEPTHWISE_CONV2D = 2,
  /* 3 was MEAN over H and W; the exporter now folds the pool into FULLY_CONNECTED, and runners reject 3. */
  GE_LAYER_FULLY_CONNECTED = 4,
  GE_LAYER_LOGISTIC = 5
} ge_layer_kind_t;

typedef struct {
  uint8_t kind;               /* ge_layer_kind_t */
  ge_conv_params_t conv;      /* shapes, offsets, clamp; for FC: in_c = inputs, out_c = outputs */
  const int8_t *weights;      /* conv/depthwise/FC, TFLite layout; NULL otherwise */
  const int32_t *bias;        /* may be NULL */
  const int32_t *mult;        /* per output channel (conv/depthwise), else 1 entry */
  const int32_t *shift;       /* same length as mult */
  int32_t filter_offset;      /* FC only: −weights zero point (0 for TFLite int8 weights) */
  int32_t range_radius;       /* LOGISTIC only */
  uint32_t in_offset, out_offset;
  uint32_t in_size, out_size; /* bytes */
} ge_layer_t;

typedef struct {
  const ge_layer_t *layers;
  uint16_t n_layers;
  uint32_t arena_size;        /* bytes the arena must have */
  uint32_t input_offset, input_size;
  uint32_t output_offset, output_size;
  float input_scale;
  int32_t input_zero_point;
  float output_scale;
  int32_t output_zero_point;
} ge_model_t;

#endif
