/*
 * The board application in micro_speech's main_functions style: ge_app_setup() once, ge_app_loop() forever.
 * It binds the generated model (gunshot_model.h) and frontend tables (mfcc_tables.h) to the core modules and
 * the port. All state is static (no heap) and sized at compile time from the generated model's figures: about
 * 30 kB for the shipped model, most of it the model arena. Live detection, a clip verification and the offline
 * helpers share one pipeline (ring, frontend scratch, feature provider, arena): a board does one at a time.
 * ge_app_loop() never blocks; each call does at most one inference.
 */
#ifndef GE_APP_H
#define GE_APP_H

#include <stdint.h>
#include "ge_status.h"

typedef struct {
  /** ASCII board id, up to 16 bytes (longer is truncated). */
  const char *board_id;
  /** Position; INT32_MIN = unknown. */
  int32_t lat_e6, lon_e6, alt_cm;
  /** Detector settings; threshold < −128 selects the model's default (GE_MODEL_THRESHOLD_Q). */
  int32_t threshold;
  uint8_t hysteresis;      /* default 10 */
  uint16_t refractory_ms;  /* default 500 */
  uint16_t heartbeat_ms;   /* default 1000 */
  uint16_t resend_ms;      /* default 500 */
  /** Capability bit 2: live audio is connected. */
  int live_audio;
} ge_app_config_t;

/* Defaults documented above; board_id "gunshot-edge". */
void ge_app_default_config(ge_app_config_t *cfg);
ge_status_t ge_app_setup(const ge_app_config_t *cfg);
ge_status_t ge_app_loop(void);

/* Offline helper for host tools and tests: runs the live pipeline on a whole int16 clip (zero-padded to
 * one window) and writes up to `max` per-window outputs; *n_windows gets the count. The offline helpers borrow
 * the pipeline's memory (GE_ERR_STATE while a verification is open); a live stream restarts after them. */
ge_status_t ge_app_score_clip(const int16_t *pcm, uint32_t n, int8_t *outputs, uint32_t max, uint32_t *n_windows);
/* As ge_app_score_clip, but writes the int8 model inputs (ge_app_window_bytes() per window) instead. */
ge_status_t ge_app_clip_features(const int16_t *pcm, uint32_t n, int8_t *features, uint32_t max_windows,
                                 uint32_t *n_windows);
/* Runs the model once on a ready int8 window (ge_app_window_bytes() bytes, caller-owned). Usable without
 * ge_app_setup; borrows the pipeline's arena like the helpers above. */
ge_status_t ge_app_infer(const int8_t *window, int8_t *out);
/* Sends a LOG frame (level 0 debug .. 3 error, ASCII text ≤ 200 bytes); valid after ge_app_setup. */
ge_status_t ge_app_log(uint8_t level, const char *text);
/* Model input size in bytes: input rows × n_mfcc (window frames × n_mfcc for a centred window, 5 × n_mfcc for
 * window statistics). */
uint32_t ge_app_window_bytes(void);

#endif
