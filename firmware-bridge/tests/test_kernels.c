#include <string.h>

#include "kernels/fixedpoint.h"
#include "kernels/dsp.h"
#include "kernels/kernels.h"
#include "kernels/kernels_m4.h"
#include "kernels/requant_m4.h"
#include "test.h"

void test_fixedpoint(void) {
  CHECK_EQ(ge_srdhm(INT32_MIN, INT32_MIN), INT32_MAX);
  CHECK_EQ(ge_srdhm(1 << 30, 1 << 30), 1 << 29);
  CHECK_EQ(ge_rdivpot(5, 1), 3);    /* 2.5 → 3 (away from zero) */
  CHECK_EQ(ge_rdivpot(-5, 1), -3);
  CHECK_EQ(ge_rdivpot(-6, 2), -2);  /* −1.5 → −2 */
  CHECK_EQ(ge_mbqm(100, 1 << 30, 1), 100);      /* 0.5 · 2 */
  CHECK_EQ(ge_mbqm(1000, 1 << 30, -3), 63);     /* 1000 · 0.5 / 8 = 62.5 → 63 */
  CHECK_EQ(ge_mbqm(-1000, 1 << 30, -3), -62);   /* −62.5: single rounding ties toward +∞ (double rounding: −63) */
  /* 12345 · 0.1 with QuantizeMultiplier(0.1) = (1717986918, −3): 12345·1717986918 / 2^34 = 1234.49999997 → 1234.
   * TFLM's default double rounding first rounds 12345·0.8 to 9876, then 9876 / 8 = 1234.5 → 1235. */
  CHECK_EQ(ge_mbqm(12345, 1717986918, -3), 1234);
  CHECK_EQ(ge_mbqm(-12345, 1717986918, -3), -1234);
  CHECK_EQ(ge_mbqm(INT32_MAX, INT32_MAX, 0), 2147483646); /* (2^31−1)^2 / 2^31 = 2^31 − 2 + 2^−31: no saturation needed */
  CHECK_EQ(ge_srmbpot(1 << 29, 2), INT32_MAX);  /* saturates */
  CHECK_EQ(ge_srmbpot(-(1 << 29), 1), -(1 << 30));
  CHECK_EQ(ge_rounding_half_sum(3, 4), 4);
  CHECK_EQ(ge_rounding_half_sum(-3, -4), -4);
}

static ge_conv_params_t base(void) {
  ge_conv_params_t p;
  memset(&p, 0, sizeof p);
  p.stride_h = p.stride_w = 1;
  p.act_min = -128;
  p.act_max = 127;
  return p;
}

void test_conv(void) {
  /* 3×3×1 input, 2×2 kernel, SAME with pad 0 top/left (total 1 → 0 before), 2 output channels. */
  ge_conv_params_t p = base();
  p.in_h = p.in_w = 3;
  p.in_c = 1;
  p.out_h = p.out_w = 3;
  p.out_c = 2;
  p.k_h = p.k_w = 2;
  p.input_offset = 1; /* input zero point −1 */
  p.output_offset = -5;
  const int8_t in[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const int8_t f[8] = {1, 0, 0, 1, /* ch0: top-left + bottom-right */ -1, -1, -1, -1};
  const int32_t bias[2] = {10, 0};
  const int32_t mult[2] = {1 << 30, 1 << 30}; /* 0.5 */
  const int32_t shift[2] = {1, 0};            /* ch0 ×1, ch1 ×0.5 */
  int8_t out[18];
  CHECK_EQ(ge_conv2d_int8(&p, in, f, bias, mult, shift, out), GE_OK);
  /* ch0 at (0,0): (1+1)+(5+1)+10 = 18 → 18 − 5 = 13. At (2,2): only (9+1)+10 = 20 → 15. */
  CHECK_EQ(out[0], 13);
  CHECK_EQ(out[(2 * 3 + 2) * 2], 15);
  /* ch1 at (0,0): −(2+3+5+6) = −16 → ·0.5 = −8 → −13. */
  CHECK_EQ(out[1], -13);
  p.act_min = -10; /* a fused ReLU-like clamp */
  CHECK_EQ(ge_conv2d_int8(&p, in, f, bias, mult, shift, out), GE_OK);
  CHECK_EQ(out[1], -10);
  p.stride_h = 0;
  CHECK_EQ(ge_conv2d_int8(&p, in, f, bias, mult, shift, out), GE_ERR_ARG);
}

void test_depthwise(void) {
  ge_conv_params_t p = base();
  p.in_h = p.in_w = 2;
  p.in_c = p.out_c = 2;
  p.out_h = p.out_w = 2;
  p.k_h = p.k_w = 3;
  p.pad_h = p.pad_w = 1;
  const int8_t in[8] = {1, -1, 2, -2, 3, -3, 4, -4};
  int8_t f[18];
  for (int i = 0; i < 9; i++) {
    f[2 * i] = 1;
    f[2 * i + 1] = (int8_t)(i == 4 ? 2 : 0);
  }
  const int32_t mult[2] = {1 << 30, 1 << 30};
  const int32_t shift[2] = {1, 1};
  int8_t out[8];
  CHECK_EQ(ge_depthwise_conv2d_int8(&p, in, f, NULL, mult, shift, out), GE_OK);
  for (int i = 0; i < 4; i++) {
    CHECK_EQ(out[2 * i], 10);                /* ch0 sums all four inputs */
    CHECK_EQ(out[2 * i + 1], 2 * in[2 * i + 1]); /* ch1: centre tap ×2 */
  }
  p.out_c = 3;
  CHECK_EQ(ge_depthwise_conv2d_int8(&p, in, f, NULL, mult, shift, out), GE_ERR_ARG);
}

void test_fully_connected(void) {
  const int8_t x[3] = {1, 2, 3};
  const int8_t w[6] = {1, 1, 1, -1, 0, 2};
  const int32_t b[2] = {4, -1};
  int8_t out[2];
  CHECK_EQ(ge_fully_connected_int8(3, 2, x, 0, w, 0, b, 1 << 30, 1, 3, -128, 127, out), GE_OK);
  CHECK_EQ(out[0], 13); /* 6 + 4 + 3 */
  CHECK_EQ(out[1], 7);  /* 5 − 1 + 3 */
  CHECK_EQ(ge_fully_connected_int8(3, 2, x, 0, w, 0, b, 1 << 30, 1, 3, -128, 5, out), GE_OK);
  CHECK_EQ(out[0], 5);
}

void test_logistic(void) {
  /* Input scale 0.1, zero point 0: multiplier/shift/radius as TFLM Prepare computes them. */
  /* real = 0.1·2^27 = 13421772.8 → frexp: 0.8·2^24 → mult round(0.8·2^31) = 1717986918, shift 24;
   * radius = floor(15·2^27 / 2^24) = 120. */
  const int8_t in[5] = {0, 119, 120, -120, 10};
  int8_t out[5];
  CHECK_EQ(ge_logistic_int8(5, in, 0, 120, 1717986918, 24, out), GE_OK);
  CHECK_EQ(out[0], 0);    /* σ(0) = 0.5 → 128 − 128 */
  CHECK_EQ(out[2], 127);  /* at the radius: saturated */
  CHECK_EQ(out[3], -128);
  CHECK_EQ(out[4], 59);   /* σ(1) = 0.7311 → 187.2 → 187 − 128 */
  CHECK(out[1] >= 126);
}

/* Straight transcription of TFLM reference_integer_ops::ConvPerChannel / DepthwiseConvPerChannel (batch 1,
 * dilation 1, depth multiplier 1), to check the optimised paths on random shapes. */
static void naive_conv(const ge_conv_params_t *p, int depthwise, const int8_t *in, const int8_t *f, const int32_t *bias,
                       const int32_t *mult, const int32_t *shift, int8_t *out) {
  for (int oy = 0; oy < p->out_h; oy++)
    for (int ox = 0; ox < p->out_w; ox++)
      for (int oc = 0; oc < p->out_c; oc++) {
        int32_t acc = 0;
        for (int ky = 0; ky < p->k_h; ky++)
          for (int kx = 0; kx < p->k_w; kx++) {
            int iy = oy * p->stride_h - p->pad_h + ky, ix = ox * p->stride_w - p->pad_w + kx;
            if (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w) continue;
            if (depthwise) {
              acc += f[(ky * p->k_w + kx) * p->in_c + oc] * (in[(iy * p->in_w + ix) * p->in_c + oc] + p->input_offset);
            } else {
              for (int ic = 0; ic < p->in_c; ic++)
                acc += f[((oc * p->k_h + ky) * p->k_w + kx) * p->in_c + ic] * (in[(iy * p->in_w + ix) * p->in_c + ic] + p->input_offset);
            }
          }
        acc += bias[oc];
        acc = ge_mbqm(acc, mult[oc], shift[oc]) + p->output_offset;
        acc = acc < p->act_min ? p->act_min : acc > p->act_max ? p->act_max : acc;
        out[(oy * p->out_w + ox) * p->out_c + oc] = (int8_t)acc;
      }
}

static uint32_t s_lcg = 12345u;
static int rnd(int lo, int hi) {
  s_lcg = s_lcg * 1664525u + 1013904223u;
  return lo + (int)((s_lcg >> 8) % (uint32_t)(hi - lo + 1));
}

void test_conv_random(void) {
  static int8_t in[4 * 4 * 1300], f[1300 * 9 * 4], out1[4096], out2[4096], out3[4096];
  static int32_t bias[64], mult[64], shift[64];
  int mismatches = 0, m4_mismatches = 0;
  for (int trial = 0; trial < 600; trial++) {
    ge_conv_params_t p = base();
    int depthwise = trial % 3 == 0;
    int generic = trial % 10 == 1; /* receptive field beyond the patch buffer */
    p.in_h = (uint16_t)rnd(1, 4);
    p.in_w = (uint16_t)rnd(1, 4);
    p.in_c = (uint16_t)(generic ? rnd(1200, 1300) : rnd(1, 40));
    if (trial % 5 == 2) p.in_c = (uint16_t)(4 * rnd(1, 10)); /* taps a multiple of 4: the M4 kernels' SMLAD path */
    p.out_c = depthwise ? p.in_c : (uint16_t)rnd(1, generic ? 3 : 40);
    if (depthwise && p.in_c > 64) p.in_c = p.out_c = 64;
    p.k_h = (uint8_t)rnd(1, 3);
    p.k_w = (uint8_t)rnd(1, 3);
    if (depthwise && trial % 2 == 0) { /* the M4 kernels' 3×3 path: 3×3, channels a multiple of 4 up to 64 */
      p.k_h = p.k_w = 3;
      p.in_c = p.out_c = (uint16_t)(4 * rnd(1, 16));
    }
    p.stride_h = (uint8_t)rnd(1, 2);
    p.stride_w = (uint8_t)rnd(1, 2);
    int same = rnd(0, 1);
    int th = same ? (p.in_h + p.stride_h - 1) / p.stride_h : (p.in_h - p.k_h + p.stride_h) / p.stride_h;
    int tw = same ? (p.in_w + p.stride_w - 1) / p.stride_w : (p.in_w - p.k_w + p.stride_w) / p.stride_w;
    if (th < 1 || tw < 1) continue;
    p.out_h = (uint16_t)th;
    p.out_w = (uint16_t)tw;
    int ph = (p.out_h - 1) * p.stride_h + p.k_h - p.in_h, pw = (p.out_w - 1) * p.stride_w + p.k_w - p.in_w;
    p.pad_h = (uint8_t)(same && ph > 0 ? ph / 2 : 0);
    p.pad_w = (uint8_t)(same && pw > 0 ? pw / 2 : 0);
    p.input_offset = rnd(-127, 128);
    p.output_offset = rnd(-128, 127);
    p.act_min = rnd(0, 1) ? -128 : p.output_offset;
    for (int i = 0; i < p.in_h * p.in_w * p.in_c; i++) in[i] = (int8_t)rnd(-128, 127);
    int fn = depthwise ? p.k_h * p.k_w * p.in_c : p.out_c * p.k_h * p.k_w * p.in_c;
    for (int i = 0; i < fn; i++) f[i] = (int8_t)rnd(-127, 127);
    for (int c = 0; c < p.out_c; c++) {
      bias[c] = rnd(-20000, 20000);
      mult[c] = rnd(1 << 30, 0x7fffffff);
      shift[c] = trial % 4 == 0 ? rnd(-12, 1) : rnd(-12, -1); /* mostly the M4 fast path's range */
    }
    if (p.out_h * p.out_w * p.out_c > 4096) continue;
    ge_status_t s = depthwise ? ge_depthwise_conv2d_int8(&p, in, f, bias, mult, shift, out1)
                              : ge_conv2d_int8(&p, in, f, bias, mult, shift, out1);
    CHECK_EQ(s, GE_OK);
    naive_conv(&p, depthwise, in, f, bias, mult, shift, out2);
    if (memcmp(out1, out2, (size_t)p.out_h * p.out_w * p.out_c) != 0) mismatches++;
    /* The Cortex-M4 kernels (dsp.h in plain C here) give the same bytes. */
    s = depthwise ? ge_depthwise_conv2d_int8_m4(&p, in, f, bias, mult, shift, out3)
                  : ge_conv2d_int8_m4(&p, in, f, bias, mult, shift, out3);
    CHECK_EQ(s, GE_OK);
    if (memcmp(out3, out2, (size_t)p.out_h * p.out_w * p.out_c) != 0) m4_mismatches++;
  }
  CHECK_EQ(mismatches, 0);
  CHECK_EQ(m4_mismatches, 0);
}

/* The DSP-extension operations as dsp.h defines them off-target (on the M4 they are the instructions). */
void test_dsp_ops(void) {
  CHECK_EQ(ge_sxtb16(0x80FF7F01u), 0xFFFF0001u);       /* bytes 0, 2: 0x01 → 1, 0xFF → −1 */
  CHECK_EQ(ge_sxtb16_ror8(0x80FF7F01u), 0xFF80007Fu);  /* bytes 1, 3: 0x7F → 127, 0x80 → −128 */
  CHECK_EQ(ge_smlad(0x0002FFFFu, 0x00030005u, 10), 10 + (-1) * 5 + 2 * 3);
  CHECK_EQ(ge_smlabb(0x7FFF8000u, 0x00020003u, 0), -32768 * 3);
  CHECK_EQ(ge_smlatt(0x7FFF8000u, 0x00020003u, 1), 1 + 32767 * 2);
}

/* ge_mbqm_m4 equals ge_mbqm over random values and every shift the exporter can produce. */
void test_requant_m4(void) {
  int mismatches = 0;
  for (int i = 0; i < 200000; i++) {
    int32_t x = (int32_t)((uint32_t)rnd(0, 0xFFFF) << 16 | (uint32_t)rnd(0, 0xFFFF));
    if (i % 3 == 0) x >>= rnd(0, 24); /* small accumulators too */
    int32_t m = rnd(1 << 30, 0x7fffffff);
    int32_t sh = rnd(-31, 30);
    if (ge_mbqm_m4(x, m, sh) != ge_mbqm(x, m, sh)) mismatches++;
    /* The precomputed-shift forms the kernels use: low+high word (shift ≤ −1), high word only (shift ≤ −2). */
    if (sh <= -1 && ge_mbqm_m4_rq(x, m, -sh - 1, 0) != ge_mbqm(x, m, sh)) mismatches++;
    if (sh <= -2 && ge_mbqm_m4_rq(x, m, -sh - 2, 1) != ge_mbqm(x, m, sh)) mismatches++;
  }
  CHECK_EQ(ge_mbqm_m4(-1000, 1 << 30, -3), ge_mbqm(-1000, 1 << 30, -3));
  CHECK_EQ(ge_mbqm_m4(INT32_MIN, INT32_MAX, -31), ge_mbqm(INT32_MIN, INT32_MAX, -31));
  CHECK_EQ(mismatches, 0);
}

/* The Cortex-M4 fully connected kernel equals the reference on random sizes and offsets. */
void test_fully_connected_m4(void) {
  static int8_t x[700], w[700 * 3];
  int8_t o1[3], o2[3];
  int mismatches = 0;
  for (int trial = 0; trial < 200; trial++) {
    uint16_t n = (uint16_t)rnd(1, 700), outs = (uint16_t)rnd(1, 3);
    for (int i = 0; i < n; i++) x[i] = (int8_t)rnd(-128, 127);
    for (int i = 0; i < n * outs; i++) w[i] = (int8_t)rnd(-127, 127);
    int32_t bias[3] = {rnd(-5000, 5000), rnd(-5000, 5000), rnd(-5000, 5000)};
    int32_t io = rnd(-127, 128), fo = trial % 4 == 0 ? rnd(-10, 10) : 0, oo = rnd(-128, 127);
    int32_t m = rnd(1 << 30, 0x7fffffff), sh = rnd(-14, 0);
    CHECK_EQ(ge_fully_connected_int8(n, outs, x, io, w, fo, bias, m, sh, oo, -128, 127, o1), GE_OK);
    CHECK_EQ(ge_fully_connected_int8_m4(n, outs, x, io, w, fo, trial % 5 ? bias : NULL, m, sh, oo, -128, 127, o2),
             GE_OK);
    if (trial % 5 == 0) CHECK_EQ(ge_fully_connected_int8(n, outs, x, io, w, fo, NULL, m, sh, oo, -128, 127, o1), GE_OK);
    if (memcmp(o1, o2, outs) != 0) mismatches++;
  }
  CHECK_EQ(mismatches, 0);
}
