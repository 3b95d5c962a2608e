#include "test.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fastlog.h"
#include "fft.h"
#include "mfcc.h"
#include "mfcc_tables.h"
#include "test.h"

void test_fastlog(void) {
  double worst = 0;
  for (double x = 1e-10; x < 1e7; x *= 1.0137) {
    float xf = (float)x;
    double ref = log2((double)xf);
    /* Allowed: 1e-6 absolute near 0, 2 float32 ulps (≈ 2.4e-7 relative) for large |log2|. */
    double err = fabs((double)ge_log2f(xf) - ref) / (1.0 + fabs(ref) * 2.4);
    if (err > worst) worst = err;
  }
  if (worst >= 1e-6) fprintf(stderr, "fastlog worst scaled error %g\n", worst);
  CHECK(worst < 1e-6);
  CHECK(ge_log2f(1.0f) == 0.0f);
  CHECK(ge_log2f(8.0f) == 3.0f);
  CHECK(fabs(ge_power_to_db(1e-10f) + 100.0) < 1e-4);
}

void test_fft(void) {
  enum { N = 512 };
  float cs[N / 2], sn[N / 2], work[N], power[N / 2 + 1];
  double x[N];
  for (int k = 0; k < N / 2; k++) {
    cs[k] = (float)cos(2 * M_PI * k / N);
    sn[k] = (float)sin(2 * M_PI * k / N);
  }
  srand(7);
  for (int i = 0; i < N; i++) {
    x[i] = (rand() / (double)RAND_MAX - 0.5) + 0.3 * sin(2 * M_PI * 37 * i / N);
    work[i] = (float)x[i];
  }
  CHECK_EQ(ge_rfft_power(work, power, cs, sn, N), GE_OK);
  double worst = 0, peak = 0;
  for (int k = 0; k <= N / 2; k++) {
    double re = 0, im = 0;
    for (int i = 0; i < N; i++) {
      re += (double)(float)x[i] * cos(2 * M_PI * k * i / N);
      im -= (double)(float)x[i] * sin(2 * M_PI * k * i / N);
    }
    double p = re * re + im * im;
    if (p > peak) peak = p;
    double e = fabs(p - power[k]);
    if (e > worst) worst = e;
  }
  CHECK(worst / peak < 1e-5);
  /* The same frame placed in bit-reversed order by hand: ge_rfft_power_permuted gives identical bits. */
  float work2[N], power2[N / 2 + 1];
  for (uint32_t i = 0; i < N / 2; i++) {
    const uint32_t r = ge_fft_bitrev(i, 8);
    work2[2 * r] = (float)x[2 * i];
    work2[2 * r + 1] = (float)x[2 * i + 1];
  }
  CHECK_EQ(ge_rfft_power_permuted(work2, power2, cs, sn, N), GE_OK);
  CHECK(memcmp(power, power2, sizeof power) == 0);
  CHECK_EQ(ge_fft_bitrev(1, 8), 128u);
  CHECK_EQ(ge_fft_bitrev(6, 3), 3u);
  CHECK_EQ(ge_rfft_power_permuted(work2, power2, cs, sn, 384), GE_ERR_ARG);
  CHECK_EQ(ge_rfft_power(work, power, cs, sn, 384), GE_ERR_ARG);
  CHECK_EQ(ge_rfft_power(work, power, cs, sn, 2048), GE_ERR_ARG);
}

void test_quantize(void) {
  CHECK_EQ(ge_quantize_int8(2.5f, 0), 3);
  CHECK_EQ(ge_quantize_int8(-2.5f, 0), -3);
  CHECK_EQ(ge_quantize_int8(2.4999998f, 0), 2);
  CHECK_EQ(ge_quantize_int8(0.49999997f, 0), 0);
  CHECK_EQ(ge_quantize_int8(-0.5f, 10), 9);
  CHECK_EQ(ge_quantize_int8(126.6f, 1), 127);
  CHECK_EQ(ge_quantize_int8(-1e9f, 0), -128);
  CHECK_EQ(ge_quantize_int8(1e9f, -128), 127);
}

void test_mfcc_init(void) {
  enum { SCRATCH = GE_MFCC_SCRATCH_FLOATS(GE_FEATURE_N_FFT, GE_FEATURE_N_MELS) };
  static float scratch[SCRATCH];
  static ge_mfcc_t m;
  CHECK_EQ(ge_mfcc_init(&m, &g_ge_mfcc_tables, 0.06f, -3, scratch, SCRATCH), GE_OK);
  CHECK_EQ(ge_mfcc_init(&m, &g_ge_mfcc_tables, 0.06f, -3, scratch, SCRATCH - 1), GE_ERR_RANGE); /* scratch short */
  CHECK_EQ(ge_mfcc_init(&m, &g_ge_mfcc_tables, 0.06f, -3, NULL, SCRATCH), GE_ERR_ARG);
  CHECK_EQ(ge_mfcc_init(&m, &g_ge_mfcc_tables, 0.0f, -3, scratch, SCRATCH), GE_ERR_RANGE);
  CHECK_EQ(ge_mfcc_init(&m, &g_ge_mfcc_tables, 0.06f, 200, scratch, SCRATCH), GE_ERR_RANGE);
  ge_mfcc_tables_t bad = g_ge_mfcc_tables;
  bad.n_fft = 500;
  CHECK_EQ(ge_mfcc_init(&m, &bad, 0.06f, 0, scratch, SCRATCH), GE_ERR_RANGE);
  bad = g_ge_mfcc_tables;
  bad.n_mfcc = 41;
  CHECK_EQ(ge_mfcc_init(&m, &bad, 0.06f, 0, scratch, SCRATCH), GE_ERR_RANGE);
  bad = g_ge_mfcc_tables;
  bad.dct = NULL;
  CHECK_EQ(ge_mfcc_init(&m, &bad, 0.06f, 0, scratch, SCRATCH), GE_ERR_ARG);
}

void test_mfcc_frame(void) {
  enum { SCRATCH = GE_MFCC_SCRATCH_FLOATS(GE_FEATURE_N_FFT, GE_FEATURE_N_MELS) };
  static float scratch[SCRATCH];
  static ge_mfcc_t m;
  CHECK_EQ(ge_mfcc_init(&m, &g_ge_mfcc_tables, 0.0627f, 0, scratch, SCRATCH), GE_OK);
  const ge_mfcc_tables_t *t = &g_ge_mfcc_tables;
  int16_t frame[GE_FFT_MAX_N];
  int8_t out[GE_MFCC_MAX_COEFFS], out2[GE_MFCC_MAX_COEFFS];
  float coeffs[GE_MFCC_MAX_COEFFS];
  /* Silence: every band floors at amin (−100 dB), so coefficient c is (Σ_m dct[c][m]·(−100) − mean)/std. */
  memset(frame, 0, sizeof frame);
  CHECK_EQ(ge_mfcc_frame(&m, frame, out, coeffs), GE_OK);
  for (int c = 0; c < t->n_mfcc; c++) {
    double acc = 0;
    for (int b = 0; b < t->n_mels; b++) acc += t->dct[c * t->n_mels + b] * -100.0;
    double x = (acc - t->norm_mean[c]) / t->norm_std[c];
    if (x > t->norm_clip) x = t->norm_clip;
    if (x < -t->norm_clip) x = -t->norm_clip;
    CHECK(fabs(coeffs[c] - x) < 1e-3 * (1 + fabs(x)));
  }
  /* A 1 kHz tone is louder than silence in c0 and deterministic. */
  for (int i = 0; i < t->n_fft; i++) frame[i] = (int16_t)lrint(8000 * sin(2 * M_PI * 1000.0 * i / 16000.0));
  float loud[GE_MFCC_MAX_COEFFS];
  CHECK_EQ(ge_mfcc_frame(&m, frame, out, loud), GE_OK);
  CHECK(loud[0] > coeffs[0]);
  CHECK_EQ(ge_mfcc_frame(&m, frame, out2, NULL), GE_OK);
  CHECK(memcmp(out, out2, t->n_mfcc) == 0);
}
