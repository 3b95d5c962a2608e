#include "model_runner.h"

/* The kernel set is chosen at build time: GE_KERNELS_M4=1 selects the Cortex-M4 DSP kernels (kernels_m4.h),
 * GE_KERNELS_M4=0 the portable reference kernels (kernels.h), the host's twin; both are bit-exact. Unset, a
 * target with the DSP extension (__ARM_FEATURE_DSP: the Nano 33 BLE's nRF52840, the QEMU M4) gets the M4
 * kernels and every other target (the host, the ESP32-S3's Xtensa) the reference. */
#ifndef GE_KERNELS_M4
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#define GE_KERNELS_M4 1
#else
#define GE_KERNELS_M4 0
#endif
#endif
#if GE_KERNELS_M4
#include "kernels/kernels_m4.h"
#define GE_CONV2D ge_conv2d_int8_m4
#define GE_DEPTHWISE ge_depthwise_conv2d_int8_m4
#define GE_FULLY_CONNECTED ge_fully_connected_int8_m4
#else
#define GE_CONV2D ge_conv2d_int8
#define GE_DEPTHWISE ge_depthwise_conv2d_int8
#define GE_FULLY_CONNECTED ge_fully_connected_int8
#endif

ge_status_t ge_runner_init(ge_runner_t *r, const ge_model_t *model, int8_t *arena, size_t arena_size) {
  if (r == NULL || model == NULL || arena == NULL) return GE_ERR_ARG;
  if (model->arena_size > arena_size) return GE_ERR_MODEL;
  if ((size_t)model->input_offset + model->input_size > arena_size) return GE_ERR_MODEL;
  if ((size_t)model->output_offset + model->output_size > arena_size || model->output_size < 1) return GE_ERR_MODEL;
  for (uint16_t i = 0; i < model->n_layers; i++) {
    const ge_layer_t *l = &model->layers[i];
    if ((size_t)l->in_offset + l->in_size > arena_size) return GE_ERR_MODEL;
    if ((size_t)l->out_offset + l->out_size > arena_size) return GE_ERR_MODEL;
    /* Input and output must not overlap. */
    if (l->in_offset < l->out_offset + l->out_size && l->out_offset < l->in_offset + l->in_size) return GE_ERR_MODEL;
    if (l->kind != GE_LAYER_CONV2D && l->kind != GE_LAYER_DEPTHWISE_CONV2D && l->kind != GE_LAYER_FULLY_CONNECTED &&
        l->kind != GE_LAYER_LOGISTIC) return GE_ERR_MODEL;
    if (l->kind != GE_LAYER_LOGISTIC && l->weights == NULL) return GE_ERR_MODEL;
    if (l->mult == NULL || l->shift == NULL) return GE_ERR_MODEL;
  }
  r->model = model;
  r->arena = arena;
  r->arena_size = arena_size;
  return GE_OK;
}

int8_t *ge_runner_input(ge_runner_t *r) {
  if (r == NULL || r->model == NULL) return NULL;
  return r->arena + r->model->input_offset;
}

ge_status_t ge_runner_invoke_layer(ge_runner_t *r, uint16_t i) {
  if (r == NULL || r->model == NULL || i >= r->model->n_layers) return GE_ERR_ARG;
  const ge_layer_t *l = &r->model->layers[i];
  const int8_t *in = r->arena + l->in_offset;
  int8_t *o = r->arena + l->out_offset;
  const ge_conv_params_t *p = &l->conv;
  switch (l->kind) {
    case GE_LAYER_CONV2D:
      return GE_CONV2D(p, in, l->weights, l->bias, l->mult, l->shift, o);
    case GE_LAYER_DEPTHWISE_CONV2D:
      return GE_DEPTHWISE(p, in, l->weights, l->bias, l->mult, l->shift, o);
    case GE_LAYER_FULLY_CONNECTED:
      return GE_FULLY_CONNECTED(p->in_c, p->out_c, in, p->input_offset, l->weights, l->filter_offset, l->bias,
                                     l->mult[0], l->shift[0], p->output_offset, p->act_min, p->act_max, o);
    case GE_LAYER_LOGISTIC:
      return ge_logistic_int8(l->in_size, in, -p->input_offset, l->range_radius, l->mult[0], l->shift[0], o);
    default:
      return GE_ERR_MODEL;
  }
}

ge_status_t ge_runner_invoke(ge_runner_t *r, int8_t *out) {
  if (r == NULL || r->model == NULL || out == NULL) return GE_ERR_ARG;
  for (uint16_t i = 0; i < r->model->n_layers; i++) GE_TRY(ge_runner_invoke_layer(r, i));
  *out = r->arena[r->model->output_offset];
  return GE_OK;
}
