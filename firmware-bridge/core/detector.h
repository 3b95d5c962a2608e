/*
 * Onset detector over the model's per-window int8 scores (micro_speech's recognize_commands, reduced to one
 * class): armed → onset when score ≥ threshold and at least refractory_us since the previous onset;
 * then disarmed until score < threshold − hysteresis. Pure state machine, no clock reads: the caller passes
 * each window's time, so host tests drive it with synthetic times.
 */
#ifndef GE_DETECTOR_H
#define GE_DETECTOR_H

#include <stdint.h>
#include "ge_status.h"

typedef struct {
  int8_t threshold;
  uint8_t hysteresis;
  uint32_t refractory_us;
} ge_detector_cfg_t;

typedef struct {
  ge_detector_cfg_t cfg;
  uint8_t armed;
  uint8_t has_onset;
  uint64_t last_onset_us;
} ge_detector_t;

ge_status_t ge_detector_init(ge_detector_t *d, ge_detector_cfg_t cfg);
/* Replaces the configuration, keeping the armed state and last onset. */
ge_status_t ge_detector_configure(ge_detector_t *d, ge_detector_cfg_t cfg);
/* Feeds one window's score at time `now_us`; *onset = 1 if this window starts an event. */
ge_status_t ge_detector_update(ge_detector_t *d, int8_t score, uint64_t now_us, int *onset);

#endif
