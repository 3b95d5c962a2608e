#include "audio_ring.h"

#include <string.h>

ge_status_t ge_audio_ring_init(ge_audio_ring_t *r, uint32_t sample_rate_hz, int16_t *buf, uint32_t capacity) {
  if (r == NULL || sample_rate_hz == 0 || buf == NULL) return GE_ERR_ARG;
  if (capacity < 2 || (capacity & (capacity - 1u)) != 0) return GE_ERR_RANGE;
  memset(r, 0, sizeof(*r));
  r->buf = buf;
  r->capacity = capacity;
  r->sample_rate_hz = sample_rate_hz;
  return GE_OK;
}

ge_status_t ge_audio_ring_restart(ge_audio_ring_t *r, uint64_t next_index) {
  if (r == NULL || r->buf == NULL) return GE_ERR_ARG;
  r->read_index = r->write_index = r->anchor_index = next_index;
  r->anchor_us = 0;
  return GE_OK;
}

static void put(ge_audio_ring_t *r, int16_t v) {
  if (r->write_index - r->read_index >= r->capacity) {
    r->read_index++;
    r->overrun_samples++;
  }
  r->buf[r->write_index & (r->capacity - 1u)] = v;
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
  const uint64_t start = r->read_index + offset;
  const uint32_t mask = r->capacity - 1u;
  for (size_t i = 0; i < n; i++) dst[i] = r->buf[(start + i) & mask];
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
