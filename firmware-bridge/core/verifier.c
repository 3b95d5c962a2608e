#include "verifier.h"

#include <string.h>

#include "protocol.h"

ge_status_t ge_verify_init(ge_verifier_t *v, ge_audio_ring_t *ring, ge_feature_provider_t *fp, ge_runner_t *runner) {
  if (v == NULL || ring == NULL || ring->buf == NULL || fp == NULL || fp->mfcc == NULL || runner == NULL)
    return GE_ERR_ARG;
  memset(v, 0, sizeof(*v));
  v->ring = ring;
  v->fp = fp;
  v->runner = runner;
  return GE_OK;
}

static ge_status_t fail(uint8_t *perr, uint8_t code) {
  if (perr != NULL) *perr = code;
  return GE_ERR_STATE;
}

/* Runs the model on every window the ring now completes. */
static ge_status_t drain(ge_verifier_t *v, uint8_t *perr) {
  for (;;) {
    ge_window_info_t info;
    int8_t *in = ge_runner_input(v->runner);
    ge_status_t s = ge_fp_step(v->fp, v->ring, in, &info);
    if (s == GE_ERR_EMPTY) {
      if (ge_audio_ring_available(v->ring) >= v->fp->n_fft) continue;
      return GE_OK;
    }
    if (s != GE_OK) return s;
    if (v->n_windows >= GE_VERIFY_MAX_WINDOWS) return fail(perr, GE_PERR_OVERFLOW);
    GE_TRY(ge_runner_invoke(v->runner, &v->outputs[v->n_windows]));
    v->n_windows++;
  }
}

ge_status_t ge_verify_begin(ge_verifier_t *v, uint32_t clip_id, uint32_t n, uint8_t mode, uint8_t *perr) {
  if (v == NULL) return GE_ERR_ARG;
  if (v->state != GE_VERIFY_IDLE) return fail(perr, GE_PERR_BUSY);
  if (mode > 1) return fail(perr, GE_PERR_OUT_OF_RANGE);
  if (mode == 1 && n > GE_VERIFY_MAX_WINDOWS) return fail(perr, GE_PERR_OVERFLOW);
  if (mode == 0) {
    uint32_t len = ge_fp_padded_length(n, v->fp->n_fft, v->fp->hop, v->fp->cfg);
    uint32_t frames = 1 + (len - v->fp->n_fft) / v->fp->hop;
    uint32_t windows = 1 + (frames - v->fp->cfg.frames) / v->fp->cfg.hop_frames;
    if (windows > GE_VERIFY_MAX_WINDOWS) return fail(perr, GE_PERR_OVERFLOW);
  }
  GE_TRY(ge_audio_ring_restart(v->ring, 0));
  GE_TRY(ge_fp_reset(v->fp));
  v->state = mode == 0 ? GE_VERIFY_PCM_MODE : GE_VERIFY_FEATURES_MODE;
  v->clip_id = clip_id;
  v->expected = n;
  v->received = 0;
  v->n_windows = 0;
  return GE_OK;
}

ge_status_t ge_verify_pcm(ge_verifier_t *v, uint32_t clip_id, uint32_t offset, const uint8_t *le_samples,
                          uint32_t count, uint8_t *perr) {
  if (v == NULL || (le_samples == NULL && count > 0)) return GE_ERR_ARG;
  if (v->state != GE_VERIFY_PCM_MODE || clip_id != v->clip_id) return fail(perr, GE_PERR_BAD_STATE);
  if (offset != v->received) return fail(perr, GE_PERR_BAD_OFFSET);
  if (v->received + count > v->expected) return fail(perr, GE_PERR_OVERFLOW);
  /* Feed in pieces so the ring never overflows: drain after each piece. */
  uint32_t done = 0;
  while (done < count) {
    int16_t tmp[256];
    uint32_t k = count - done < 256 ? count - done : 256;
    for (uint32_t i = 0; i < k; i++) tmp[i] = (int16_t)ge_get_u16(le_samples + 2 * (done + i));
    GE_TRY(ge_audio_ring_write(v->ring, tmp, k, v->ring->write_index, 0));
    done += k;
    GE_TRY(drain(v, perr));
  }
  v->received += count;
  return GE_OK;
}

ge_status_t ge_verify_features(ge_verifier_t *v, uint32_t clip_id, uint16_t window_index, const int8_t *data,
                               uint32_t len, uint8_t *perr) {
  if (v == NULL || data == NULL) return GE_ERR_ARG;
  if (v->state != GE_VERIFY_FEATURES_MODE || clip_id != v->clip_id) return fail(perr, GE_PERR_BAD_STATE);
  if (window_index != v->received) return fail(perr, GE_PERR_BAD_OFFSET);
  if (v->received >= v->expected) return fail(perr, GE_PERR_OVERFLOW);
  if (len < v->runner->model->input_size) return fail(perr, GE_PERR_BAD_LENGTH);
  memcpy(ge_runner_input(v->runner), data, v->runner->model->input_size);
  GE_TRY(ge_runner_invoke(v->runner, &v->outputs[v->n_windows]));
  v->n_windows++;
  v->received++;
  return GE_OK;
}

ge_status_t ge_verify_end(ge_verifier_t *v, uint32_t clip_id, uint8_t *perr) {
  if (v == NULL) return GE_ERR_ARG;
  if (v->state == GE_VERIFY_IDLE || clip_id != v->clip_id) return fail(perr, GE_PERR_BAD_STATE);
  if (v->state == GE_VERIFY_PCM_MODE) {
    static const int16_t zeros[256] = {0};
    const uint32_t want = ge_fp_padded_length(v->received, v->fp->n_fft, v->fp->hop, v->fp->cfg);
    while (v->received < want) {
      uint32_t k = want - v->received < 256 ? want - v->received : 256;
      GE_TRY(ge_audio_ring_write(v->ring, zeros, k, v->ring->write_index, 0));
      v->received += k;
      GE_TRY(drain(v, perr));
    }
  }
  v->state = GE_VERIFY_IDLE;
  return GE_OK;
}
