#include "mfcc.h"

#include <stddef.h>

#include "fastlog.h"

ge_status_t ge_mfcc_init(ge_mfcc_t *m, const ge_mfcc_tables_t *t, float input_scale, int32_t input_zero_point,
                         float *scratch, size_t scratch_floats) {
  if (m == NULL || t == NULL || scratch == NULL) return GE_ERR_ARG;
  if (t->window == NULL || t->twiddle_cos == NULL || t->twiddle_sin == NULL || t->mel_start == NULL ||
      t->mel_len == NULL || t->mel_offset == NULL || t->mel_weights == NULL || t->dct == NULL ||
      t->norm_mean == NULL || t->norm_std == NULL)
    return GE_ERR_ARG;
  if (t->n_fft < 4 || t->n_fft > GE_FFT_MAX_N || (t->n_fft & (t->n_fft - 1)) != 0) return GE_ERR_RANGE;
  if (t->win_length < 1 || t->win_length > t->n_fft) return GE_ERR_RANGE;
  if ((uint32_t)t->win_offset + t->win_length > t->n_fft) return GE_ERR_RANGE;
  if (t->n_mels < 1 || t->n_mels > GE_MFCC_MAX_MELS) return GE_ERR_RANGE;
  if (t->n_mfcc < 1 || t->n_mfcc > t->n_mels || t->n_mfcc > GE_MFCC_MAX_COEFFS) return GE_ERR_RANGE;
  for (uint16_t b = 0; b < t->n_mels; b++) {
    if ((uint32_t)t->mel_start[b] + t->mel_len[b] > (uint32_t)t->n_fft / 2 + 1) return GE_ERR_RANGE;
  }
  if (!(t->amin > 0.0f) || !(t->norm_clip > 0.0f) || !(input_scale > 0.0f)) return GE_ERR_RANGE;
  if (input_zero_point < -128 || input_zero_point > 127) return GE_ERR_RANGE;
  if (scratch_floats < (size_t)GE_MFCC_SCRATCH_FLOATS(t->n_fft, t->n_mels)) return GE_ERR_RANGE;
  m->t = t;
  m->work = scratch;
  m->power = scratch + t->n_fft;
  m->mel = m->power + t->n_fft / 2 + 1;
  m->input_scale = input_scale;
  m->input_zero_point = input_zero_point;
  return GE_OK;
}

int8_t ge_quantize_int8(float v, int32_t zero_point) {
  /* Clamp first so the integer conversion is defined; anything beyond ±1000 saturates anyway. */
  if (v > 1000.0f) v = 1000.0f;
  if (v < -1000.0f) v = -1000.0f;
  int32_t i = (int32_t)v; /* truncation toward zero */
  float frac = v - (float)i;
  if (frac >= 0.5f) i += 1;
  if (frac <= -0.5f) i -= 1;
  int32_t q = i + zero_point;
  if (q > 127) q = 127;
  if (q < -128) q = -128;
  return (int8_t)q;
}

ge_status_t ge_mfcc_frame(ge_mfcc_t *m, const int16_t *samples, int8_t *out, float *coeffs_out) {
  if (m == NULL || m->t == NULL || samples == NULL || out == NULL) return GE_ERR_ARG;
  const ge_mfcc_tables_t *t = m->t;
  const uint32_t n = t->n_fft;
  const float to_float = 0x1p-15f; /* 1/32768: exact */
  /*
   * The windowed frame x[k] = (samples[k]·2^−15)·window[k − win_offset] (0 outside the window), written straight
   * into the FFT's bit-reversed order: x[2i], x[2i+1] are complex value i, which goes to position bitrev(i).
   * The same two products per sample as the twin, no zeroing pass and no permutation pass. Complex values
   * wholly inside the window take the loop without checks.
   */
  const uint32_t half = n / 2, lo = t->win_offset, hi = (uint32_t)t->win_offset + t->win_length;
  uint32_t bits = 1;
  while ((1u << bits) < half) bits++;
  const uint32_t i0 = (lo + 1) / 2, i1 = hi / 2 > i0 ? hi / 2 : i0; /* 2i ≥ lo and 2i + 2 ≤ hi for i0 ≤ i < i1 */
  for (uint32_t i = 0; i < half; i++) {
    if (i == i0) {
      for (; i < i1; i++) {
        float *dst = m->work + 2 * ge_fft_bitrev(i, bits);
        const uint32_t k = 2 * i;
        float s0 = (float)samples[k] * to_float;
        dst[0] = s0 * t->window[k - lo];
        float s1 = (float)samples[k + 1] * to_float;
        dst[1] = s1 * t->window[k + 1 - lo];
      }
      if (i == half) break;
    }
    float *dst = m->work + 2 * ge_fft_bitrev(i, bits);
    for (uint32_t c = 0; c < 2; c++) {
      const uint32_t k = 2 * i + c;
      if (k >= lo && k < hi) {
        float s = (float)samples[k] * to_float;
        dst[c] = s * t->window[k - lo];
      } else {
        dst[c] = 0.0f;
      }
    }
  }
  GE_TRY(ge_rfft_power_permuted(m->work, m->power, t->twiddle_cos, t->twiddle_sin, n));
  for (uint32_t b = 0; b < t->n_mels; b++) {
    const float *w = t->mel_weights + t->mel_offset[b];
    const float *p = m->power + t->mel_start[b];
    float acc = 0.0f;
    for (uint32_t j = 0; j < t->mel_len[b]; j++) {
      float prod = w[j] * p[j];
      acc = acc + prod;
    }
    float floored = acc > t->amin ? acc : t->amin;
    m->mel[b] = ge_power_to_db(floored);
  }
  for (uint32_t c = 0; c < t->n_mfcc; c++) {
    const float *row = t->dct + (size_t)c * t->n_mels;
    float acc = 0.0f;
    for (uint32_t b = 0; b < t->n_mels; b++) {
      float prod = row[b] * m->mel[b];
      acc = acc + prod;
    }
    float centred = acc - t->norm_mean[c];
    float x = centred / t->norm_std[c];
    if (x > t->norm_clip) x = t->norm_clip;
    if (x < -t->norm_clip) x = -t->norm_clip;
    if (coeffs_out != NULL) coeffs_out[c] = x;
    float v = x / m->input_scale;
    out[c] = ge_quantize_int8(v, m->input_zero_point);
  }
  return GE_OK;
}
