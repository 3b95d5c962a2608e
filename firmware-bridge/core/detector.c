#include "detector.h"

#include <stddef.h>

ge_status_t ge_detector_init(ge_detector_t *d, ge_detector_cfg_t cfg) {
  if (d == NULL) return GE_ERR_ARG;
  d->cfg = cfg;
  d->armed = 1;
  d->has_onset = 0;
  d->last_onset_us = 0;
  return GE_OK;
}

ge_status_t ge_detector_configure(ge_detector_t *d, ge_detector_cfg_t cfg) {
  if (d == NULL) return GE_ERR_ARG;
  d->cfg = cfg;
  return GE_OK;
}

ge_status_t ge_detector_update(ge_detector_t *d, int8_t score, uint64_t now_us, int *onset) {
  if (d == NULL || onset == NULL) return GE_ERR_ARG;
  *onset = 0;
  const int32_t rearm_below = (int32_t)d->cfg.threshold - (int32_t)d->cfg.hysteresis;
  if (!d->armed) {
    if ((int32_t)score < rearm_below) d->armed = 1;
    return GE_OK;
  }
  if (score < d->cfg.threshold) return GE_OK;
  if (d->has_onset && now_us - d->last_onset_us < d->cfg.refractory_us) return GE_OK;
  *onset = 1;
  d->armed = 0;
  d->has_onset = 1;
  d->last_onset_us = now_us;
  return GE_OK;
}
