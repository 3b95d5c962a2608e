#include <stddef.h>

#include "fixedpoint.h"
#include "kernels.h"

ge_status_t ge_fully_connected_int8(uint16_t in_n, uint16_t out_n, const int8_t *input, int32_t input_offset,
                                    const int8_t *weights, int32_t filter_offset, const int32_t *bias,
                                    int32_t mult, int32_t shift, int32_t output_offset, int32_t act_min,
                                    int32_t act_max, int8_t *output) {
  if (input == NULL || weights == NULL || output == NULL) return GE_ERR_ARG;
  for (int o = 0; o < out_n; o++) {
    int32_t acc = 0;
    const int8_t *w = weights + (size_t)o * in_n;
    for (int i = 0; i < in_n; i++) acc += ((int32_t)w[i] + filter_offset) * ((int32_t)input[i] + input_offset);
    if (bias != NULL) acc += bias[o];
    acc = ge_mbqm(acc, mult, shift);
    acc += output_offset;
    if (acc < act_min) acc = act_min;
    if (acc > act_max) acc = act_max;
    output[o] = (int8_t)acc;
  }
  return GE_OK;
}
