#include <stddef.h>

#include "kernels.h"

/* TFLM EvalIntegerMean when input and output share scale and zero point: reference_ops::Mean<int8_t, int32_t>
 * sums the raw values in int32 and divides with C integer division (truncation toward zero). */
ge_status_t ge_mean_hw_int8(uint16_t h, uint16_t w, uint16_t c, const int8_t *input, int8_t *output) {
  if (input == NULL || output == NULL || h == 0 || w == 0) return GE_ERR_ARG;
  const int32_t n = (int32_t)h * w;
  for (int ch = 0; ch < c; ch++) {
    int32_t acc = 0;
    for (int i = 0; i < n; i++) acc += input[(size_t)i * c + ch];
    output[ch] = (int8_t)(acc / n);
  }
  return GE_OK;
}
