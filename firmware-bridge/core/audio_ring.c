#include "audio_ring.h"

#include <string.h>

#define MASK (GE_AUDIO_RING_CAPACITY - 1u)

ge_status_t ge_audio_ring_init(ge_audio_ring_t *r, uint32_t sample_rate_hz) {
  if (r == NULL || sample_rate_hz == 0) return GE_ERR_ARG;
  memset(r, 0, sizeof(*r));
  r->sample_rate_hz = sample_rate_hz;
  return GE_OK;
}

static void put(ge_audio_ring_t *r, int16_t v) {
  if (r->write_index - r->read_index >= GE_AUDIO_RING_CAPACITY) {
    r->read_index++;
    r->overrun_samples++;
  }
  r->buf[r->write_index & MASK] = v;
  r->write_index++;
}

ge_status_t ge_audio_ring_write(ge_audio_ring_t *r, const int16_t *src, size_t n, uint64_t first_index, uint64_t first_us) {
  if (r == NULL || (src == NULL && n > 0)) return GE_ERR_ARG;
  if (first_index < r->write_index) return GE_ERR_ARG; /* time never goes back */
  while (r->write_index < first_index) put(r, 0);
  for (size_t i = 0; i < n; i++) put(r, src[i]);
  r->anchor_index = first_index;
  r->anchor_us = first_us;
  return GE_OK;
}

size_t ge_audio_ring_available(const ge_audio_ring_t *r) {
  return r == NULL ? 0 : (size_t)(r->write_index - r->read_index);
}

ge_status_t ge_audio_ring_peek(const ge_audio_ring_t *r, size_t offset, int16_t *dst, size_t n) {
  if (r == NULL || (dst == NULL && n > 0)) return GE_ERR_ARG;
  if (offset + n > ge_audio_ring_available(r)) return GE_ERR_EMPTY;
  uint64_t start = r->read_index + offset;
  for (size_t i = 0; i < n; i++) dst[i] = r->buf[(start + i) & MASK];
  return GE_OK;
}

ge_status_t ge_audio_ring_consume(ge_audio_ring_t *r, size_t n) {
  if (r == NULL) return GE_ERR_ARG;
  if (n > ge_audio_ring_available(r)) return GE_ERR_EMPTY;
  r->read_index += n;
  return GE_OK;
}

uint64_t ge_audio_ring_time_us(const ge_audio_ring_t *r, uint64_t index) {
  int64_t d = (int64_t)(index - r->anchor_index);
  int64_t us = d * 1000000 / (int64_t)r->sample_rate_hz;
  return (uint64_t)((int64_t)r->anchor_us + us);
}
