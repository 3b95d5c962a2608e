/*
 * Turns a sample ring into model input windows (micro_speech's feature_provider): frame f covers stream
 * samples f·hop .. f·hop + nFft − 1 (relative to the provider's start), a window is `frames` consecutive
 * frames, a new window every `hop_frames` frames — the framing of PROTOCOL.md (VERIFY_END) and of
 * device-frontend.ts `deviceFeatureWindows`. Keeps the last `frames` int8 frames (one window) and, per frame,
 * the peak |sample| and Σsample² of its hop segment (for DETECTION peak level and energy), in caller-owned
 * storage of GE_FP_STORAGE_WORDS(frames, n_mfcc, n_fft) words. No heap. Each window is reduced to the model
 * input either by centring (window_norm.h: frames × n_mfcc) or to its statistics (window_stats.h: 5 × n_mfcc),
 * as the model's WindowSpec.reduce says.
 */
#ifndef GE_FEATURE_PROVIDER_H
#define GE_FEATURE_PROVIDER_H

#include <stddef.h>
#include <stdint.h>
#include "audio_ring.h"
#include "ge_status.h"
#include "mfcc.h"
#include "window_stats.h"

#define GE_FP_MAX_FRAMES 128

/* Storage a provider needs, in uint64 words: per frame its Σsample² (8 B), peak and peak offset (2 × 2 B)
 * and its int8 coefficients (n_mfcc B), plus one int16 frame of n_fft samples for the frontend. */
#define GE_FP_STORAGE_WORDS(frames, n_mfcc, n_fft) ((frames) + ((frames) * (4u + (n_mfcc)) + 2u * (n_fft) + 7u) / 8u)

/* A zero stats field (memset, or = {0}) keeps the centring behaviour of the configurations before it existed. */
typedef struct {
  uint16_t frames;      /* frames per window, 1..GE_FP_MAX_FRAMES (2.. with stats) */
  uint16_t hop_frames;  /* ≥ 1 */
  uint8_t stats;        /* 0: centre (window_out = frames × n_mfcc), 1: statistics (window_out = 5 × n_mfcc) */
} ge_window_cfg_t;

/* Bytes ge_fp_step writes to window_out for this configuration. */
#define GE_FP_WINDOW_BYTES(cfg, n_mfcc) ((uint32_t)((cfg).stats ? GE_WINDOW_STATS_ROWS : (cfg).frames) * (n_mfcc))

/* Summary of the audio under one window (its frames' hop segments). */
typedef struct {
  uint64_t start_index;  /* stream index of the window's first sample */
  uint64_t peak_index;   /* stream index of the largest |sample| */
  uint16_t peak_level;   /* 0..32768 */
  uint32_t energy;       /* floor(mean sample²) */
} ge_window_info_t;

typedef struct {
  ge_mfcc_t *mfcc;                 /* not owned */
  ge_window_cfg_t cfg;
  uint16_t n_mfcc, hop, n_fft;
  uint64_t frames_done;
  uint32_t next_slot;      /* history slot of the next frame */
  /* Views into the caller's storage; frame f's slot is f mod cfg.frames. */
  uint64_t *seg_sumsq;     /* frames */
  uint16_t *seg_peak;      /* frames */
  uint16_t *seg_peak_off;  /* frames */
  int16_t *frame;          /* n_fft */
  int8_t *history;         /* frames × n_mfcc */
} ge_feature_provider_t;

/* storage: caller-owned, ≥ GE_FP_STORAGE_WORDS(cfg.frames, n_mfcc, n_fft) words (GE_ERR_RANGE otherwise),
 * must outlive the provider. GE_ERR_RANGE also for cfg.stats > 1, or cfg.stats with cfg.frames < 2. */
ge_status_t ge_fp_init(ge_feature_provider_t *fp, ge_mfcc_t *mfcc, ge_window_cfg_t cfg, uint64_t *storage,
                       size_t storage_words);

/* Length, in samples, a finite clip of n samples is zero-padded to before it is scored (verification and
 * offline modes): its frames become exactly frames + k*hop_frames for the smallest k >= 0, so the windows
 * start at whole hops and the last one ends at the clip's end. The host (trainer/windows.ts paddedLength)
 * uses the same rule, so both see the same windows. Pure function. */
uint32_t ge_fp_padded_length(uint32_t n, uint32_t n_fft, uint32_t hop, ge_window_cfg_t cfg);
/* Restarts framing at the ring's current read position (frame 0 = next unread sample). */
ge_status_t ge_fp_reset(ge_feature_provider_t *fp);
/*
 * Computes at most one frame from the ring if nFft samples are available (consuming hop samples). When that
 * frame completes a window, writes the model input to `window_out` (caller-owned, GE_FP_WINDOW_BYTES(cfg,
 * n_mfcc) bytes): with cfg.stats 0 the window (frames × n_mfcc int8, oldest frame first) centred by
 * ge_window_centre, with cfg.stats 1 its 5 × n_mfcc ge_window_stats, computed in place from the history.
 * Fills *info (the same in both modes) and returns GE_OK. Returns GE_ERR_EMPTY if no window completed (call again
 * while samples remain: ge_audio_ring_available(r) ≥ n_fft).
 */
ge_status_t ge_fp_step(ge_feature_provider_t *fp, ge_audio_ring_t *r, int8_t *window_out, ge_window_info_t *info);

#endif
