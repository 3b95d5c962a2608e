/*
 * Clip verification over the serial link (PROTOCOL.md VERIFY_*): the gateway streams a clip's int16 PCM
 * (or ready int8 windows), the board runs exactly its live pipeline on it and returns the per-window int8
 * outputs. A board verifies or detects, never both at once, so the verifier owns no audio memory: it borrows
 * the live pipeline's sample ring, feature provider and model runner (not owned), restarts them for each
 * clip, and the app pauses live detection while a clip is open and restarts the live stream afterwards.
 * Its only memory is the per-window outputs (GE_VERIFY_MAX_WINDOWS bytes, the protocol's maximum).
 */
#ifndef GE_VERIFIER_H
#define GE_VERIFIER_H

#include <stdint.h>
#include "audio_ring.h"
#include "feature_provider.h"
#include "ge_status.h"
#include "model_runner.h"

#define GE_VERIFY_MAX_WINDOWS 4096u

typedef enum { GE_VERIFY_IDLE = 0, GE_VERIFY_PCM_MODE = 1, GE_VERIFY_FEATURES_MODE = 2 } ge_verify_state_t;

typedef struct {
  ge_verify_state_t state;
  uint32_t clip_id;
  uint32_t expected;     /* samples (PCM) or windows (features) announced by VERIFY_BEGIN */
  uint32_t received;     /* samples or windows received */
  uint32_t n_windows;
  ge_audio_ring_t *ring;        /* not owned: the live ring */
  ge_feature_provider_t *fp;    /* not owned: the live provider */
  ge_runner_t *runner;          /* not owned */
  int8_t outputs[GE_VERIFY_MAX_WINDOWS];
} ge_verifier_t;

ge_status_t ge_verify_init(ge_verifier_t *v, ge_audio_ring_t *ring, ge_feature_provider_t *fp, ge_runner_t *runner);
/* All calls below return GE_OK, or a protocol error code (ge_proto_error_t) in *perr with GE_ERR_STATE. */
ge_status_t ge_verify_begin(ge_verifier_t *v, uint32_t clip_id, uint32_t n, uint8_t mode, uint8_t *perr);
ge_status_t ge_verify_pcm(ge_verifier_t *v, uint32_t clip_id, uint32_t offset, const uint8_t *le_samples,
                          uint32_t count, uint8_t *perr);
ge_status_t ge_verify_features(ge_verifier_t *v, uint32_t clip_id, uint16_t window_index, const int8_t *data,
                               uint32_t len, uint8_t *perr);
/* Pads a short clip, drains the remaining frames and closes the clip (outputs stay readable until the next
 * begin). */
ge_status_t ge_verify_end(ge_verifier_t *v, uint32_t clip_id, uint8_t *perr);

#endif
