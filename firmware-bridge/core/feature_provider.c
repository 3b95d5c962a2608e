#include "feature_provider.h"
#include "window_norm.h"
#include "window_stats.h"

#include <string.h>

ge_status_t ge_fp_init(ge_feature_provider_t *fp, ge_mfcc_t *mfcc, ge_window_cfg_t cfg, uint64_t *storage,
                       size_t storage_words) {
  if (fp == NULL || mfcc == NULL || mfcc->t == NULL || storage == NULL) return GE_ERR_ARG;
  if (cfg.frames < 1 || cfg.frames > GE_FP_MAX_FRAMES || cfg.hop_frames < 1) return GE_ERR_RANGE;
  if (cfg.stats > 1 || (cfg.stats && cfg.frames < 2)) return GE_ERR_RANGE;
  const uint32_t frames = cfg.frames, n_mfcc = mfcc->t->n_mfcc, n_fft = mfcc->t->n_fft;
  if (storage_words < (size_t)GE_FP_STORAGE_WORDS(frames, n_mfcc, n_fft)) return GE_ERR_RANGE;
  memset(fp, 0, sizeof(*fp));
  fp->mfcc = mfcc;
  fp->cfg = cfg;
  fp->n_mfcc = (uint16_t)n_mfcc;
  fp->hop = mfcc->t->hop_length;
  fp->n_fft = (uint16_t)n_fft;
  /* Widest alignment first: u64, then u16, then int8. */
  fp->seg_sumsq = storage;
  fp->seg_peak = (uint16_t *)(void *)(storage + frames);
  fp->seg_peak_off = fp->seg_peak + frames;
  fp->frame = (int16_t *)(void *)(fp->seg_peak_off + frames);
  fp->history = (int8_t *)(void *)(fp->frame + n_fft);
  return GE_OK;
}

ge_status_t ge_fp_reset(ge_feature_provider_t *fp) {
  if (fp == NULL) return GE_ERR_ARG;
  fp->frames_done = 0;
  fp->next_slot = 0;
  return GE_OK;
}

ge_status_t ge_fp_step(ge_feature_provider_t *fp, ge_audio_ring_t *r, int8_t *window_out, ge_window_info_t *info) {
  if (fp == NULL || r == NULL || window_out == NULL || info == NULL) return GE_ERR_ARG;
  if (ge_audio_ring_available(r) < fp->n_fft) return GE_ERR_EMPTY;
  GE_TRY(ge_audio_ring_peek(r, 0, fp->frame, fp->n_fft));
  const uint32_t slot = fp->next_slot;
  GE_TRY(ge_mfcc_frame(fp->mfcc, fp->frame, fp->history + (size_t)slot * fp->n_mfcc, NULL));
  uint16_t peak = 0, peak_off = 0;
  uint64_t sumsq = 0;
  for (uint16_t i = 0; i < fp->hop; i++) {
    int32_t s = fp->frame[i];
    uint16_t a = (uint16_t)(s < 0 ? -s : s);
    if (a > peak) {
      peak = a;
      peak_off = i;
    }
    sumsq += (uint64_t)((int64_t)s * s);
  }
  fp->seg_peak[slot] = peak;
  fp->seg_peak_off[slot] = peak_off;
  fp->seg_sumsq[slot] = sumsq;
  const uint64_t frame_start = r->read_index;
  GE_TRY(ge_audio_ring_consume(r, fp->hop));
  fp->frames_done++;
  fp->next_slot = slot + 1u == fp->cfg.frames ? 0u : slot + 1u;
  const uint64_t n = fp->frames_done;
  if (n < fp->cfg.frames || (n - fp->cfg.frames) % fp->cfg.hop_frames != 0) return GE_ERR_EMPTY;
  /* Window = frames n − frames .. n − 1. */
  const uint64_t win_start = frame_start - (uint64_t)(fp->cfg.frames - 1) * fp->hop;
  /* The history holds exactly one window: its oldest frame sits in the slot written next. */
  const uint32_t oldest = fp->next_slot;
  uint32_t s = oldest;
  uint64_t total = 0;
  uint16_t best = 0;
  uint64_t best_index = win_start;
  for (uint16_t k = 0; k < fp->cfg.frames; k++) {
    if (!fp->cfg.stats) memcpy(window_out + (size_t)k * fp->n_mfcc, fp->history + (size_t)s * fp->n_mfcc, fp->n_mfcc);
    total += fp->seg_sumsq[s];
    if (fp->seg_peak[s] > best) {
      best = fp->seg_peak[s];
      best_index = win_start + (uint64_t)k * fp->hop + fp->seg_peak_off[s];
    }
    s = s + 1u == fp->cfg.frames ? 0u : s + 1u;
  }
  if (fp->cfg.stats) {
    ge_window_stats(fp->history, fp->cfg.frames, fp->n_mfcc, (uint16_t)oldest, fp->mfcc->input_zero_point, window_out);
  } else {
    ge_window_centre(window_out, fp->cfg.frames, fp->n_mfcc, fp->mfcc->input_zero_point);
  }
  info->start_index = win_start;
  info->peak_index = best_index;
  info->peak_level = best;
  info->energy = (uint32_t)(total / ((uint64_t)fp->cfg.frames * fp->hop));
  return GE_OK;
}

uint32_t ge_fp_padded_length(uint32_t n, uint32_t n_fft, uint32_t hop, ge_window_cfg_t cfg) {
  uint32_t frames = n < n_fft ? 0 : 1 + (n - n_fft) / hop;
  uint32_t k = frames <= cfg.frames ? 0 : (frames - cfg.frames + cfg.hop_frames - 1) / cfg.hop_frames;
  return (uint32_t)(cfg.frames + k * cfg.hop_frames - 1) * hop + n_fft;
}
