#include <stddef.h>

#include "fixedpoint.h"
#include "kernels.h"

/* gemmlowp exp_on_interval_between_negative_one_quarter_and_0_excl, Q0.31 in and out. */
static int32_t exp_quarter(int32_t a) {
  const int32_t constant_term = 1895147668;   /* exp(−1/8) */
  const int32_t constant_1_over_3 = 715827883;
  int32_t x = ge_wrap_add(a, 1 << 28);         /* a + 1/8 */
  int32_t x2 = ge_srdhm(x, x);
  int32_t x3 = ge_srdhm(x2, x);
  int32_t x4 = ge_srdhm(x2, x2);
  int32_t x4_over_4 = ge_srmbpot(x4, -2);
  int32_t inner = ge_wrap_add(ge_srdhm(ge_wrap_add(x4_over_4, x3), constant_1_over_3), x2);
  int32_t poly = ge_srmbpot(inner, -1);
  return ge_wrap_add(constant_term, ge_srdhm(constant_term, ge_wrap_add(x, poly)));
}

/* gemmlowp exp_on_negative_values for FixedPoint<int32, 4> (27 fractional bits) → Q0.31. */
static int32_t exp_on_negative_q4(int32_t a) {
  const int k_frac = 27;
  const int32_t one_quarter = 1 << (k_frac - 2);
  const int32_t mask = one_quarter - 1;
  int32_t a_mod_q_minus_q = ge_wrap_sub(a & mask, one_quarter);
  int32_t result = exp_quarter(ge_srmbpot(a_mod_q_minus_q, 4)); /* Rescale<0> from 4 integer bits */
  int32_t remainder = ge_wrap_sub(a_mod_q_minus_q, a);
  static const int32_t mults[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  for (int e = -2; e <= 4; e++) {
    if (4 > e) {
      int shift_amount = k_frac + e;
      if (remainder & (int32_t)(1u << shift_amount)) result = ge_srdhm(result, mults[e + 2]);
    }
  }
  if (a == 0) result = INT32_MAX;
  return result;
}

/* gemmlowp one_over_one_plus_x_for_x_in_0_1: Q0.31 in and out (Newton–Raphson in Q2.29). */
static int32_t one_over_one_plus_x(int32_t a) {
  int32_t half_denominator = ge_rounding_half_sum(a, INT32_MAX);
  const int32_t c48_17 = 1515870810;
  const int32_t cneg32_17 = -1010580540;
  int32_t x = ge_wrap_add(c48_17, ge_srdhm(half_denominator, cneg32_17));
  for (int i = 0; i < 3; i++) {
    int32_t hdx = ge_srdhm(half_denominator, x);
    int32_t one_minus = ge_wrap_sub(1 << 29, hdx);
    x = ge_wrap_add(x, ge_srmbpot(ge_srdhm(x, one_minus), 2));
  }
  /* Rescale<0>(ExactMulByPot<−1>(x)): x read with 1 integer bit, then shifted left by 1, saturating. */
  return ge_srmbpot(x, 1);
}

/* gemmlowp logistic for FixedPoint<int32, 4> → Q0.31. */
static int32_t logistic_q4(int32_t a) {
  if (a == 0) return 1 << 30;
  int32_t abs_input = a > 0 ? a : ge_wrap_sub(0, a);
  int32_t pos = one_over_one_plus_x(exp_on_negative_q4(ge_wrap_sub(0, abs_input)));
  return a > 0 ? pos : ge_wrap_sub(INT32_MAX, pos);
}

ge_status_t ge_logistic_int8(uint32_t n, const int8_t *input, int32_t input_zp, int32_t input_range_radius,
                             int32_t input_multiplier, int32_t input_left_shift, int8_t *output) {
  if (input == NULL || output == NULL) return GE_ERR_ARG;
  for (uint32_t i = 0; i < n; i++) {
    const int32_t x = (int32_t)input[i] - input_zp;
    if (x <= -input_range_radius) {
      output[i] = -128;
    } else if (x >= input_range_radius) {
      output[i] = 127;
    } else {
      const int32_t in_q4 = ge_mbqm(x, input_multiplier, input_left_shift);
      const int32_t out_q0 = logistic_q4(in_q4);
      int32_t out = ge_rdivpot(out_q0, 31 - 8) - 128;
      if (out < -128) out = -128;
      if (out > 127) out = 127;
      output[i] = (int8_t)out;
    }
  }
  return GE_OK;
}
