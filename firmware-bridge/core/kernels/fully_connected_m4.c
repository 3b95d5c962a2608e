/*
 * FULLY_CONNECTED for the Cortex-M4 (kernels_m4.h): Σ (w + filter_offset)·(x + input_offset) expanded into
 * Σ w·x + input_offset·Σ w + filter_offset·Σ x + n·filter_offset·input_offset, the three sums by SMLAD over
 * SXTB16-widened words (Σ against (1, 1)). Integer arithmetic, so bit-exact with the reference kernel; no
 * int32 overflow for n < 2^15 (the reference's own bound is tighter).
 */
#include <stddef.h>

#include "dsp.h"
#include "kernels_m4.h"
#include "requant_m4.h"

ge_status_t ge_fully_connected_int8_m4(uint16_t in_n, uint16_t out_n, const int8_t *input, int32_t input_offset,
                                       const int8_t *weights, int32_t filter_offset, const int32_t *bias,
                                       int32_t mult, int32_t shift, int32_t output_offset, int32_t act_min,
                                       int32_t act_max, int8_t *output) {
  if (input == NULL || weights == NULL || output == NULL) return GE_ERR_ARG;
  const int n = in_n;
  int32_t sum_x = 0;
  {
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      const uint32_t x = ge_load_s8x4(input + i);
      sum_x = ge_smlad(ge_sxtb16(x), 0x00010001u, sum_x);
      sum_x = ge_smlad(ge_sxtb16_ror8(x), 0x00010001u, sum_x);
    }
    for (; i < n; i++) sum_x += input[i];
  }
  for (int o = 0; o < out_n; o++) {
    const int8_t *w = weights + (size_t)o * n;
    int32_t wx = 0, sum_w = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      const uint32_t x = ge_load_s8x4(input + i), f = ge_load_s8x4(w + i);
      const uint32_t x02 = ge_sxtb16(x), x13 = ge_sxtb16_ror8(x);
      const uint32_t f02 = ge_sxtb16(f), f13 = ge_sxtb16_ror8(f);
      wx = ge_smlad(x02, f02, wx);
      wx = ge_smlad(x13, f13, wx);
      sum_w = ge_smlad(f02, 0x00010001u, sum_w);
      sum_w = ge_smlad(f13, 0x00010001u, sum_w);
    }
    for (; i < n; i++) {
      wx += (int32_t)input[i] * w[i];
      sum_w += w[i];
    }
    int32_t acc = wx + input_offset * sum_w + filter_offset * sum_x + n * filter_offset * input_offset;
    if (bias != NULL) acc += bias[o];
    output[o] = ge_clamp_s8(ge_mbqm_m4(acc, mult, shift) + output_offset, act_min, act_max);
  }
  return GE_OK;
}
