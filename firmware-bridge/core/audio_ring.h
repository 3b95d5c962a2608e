/*
 * int16 sample ring fed in DMA-style blocks (audio_provider in micro_speech terms). Single producer and
 * single consumer in the same thread (the board's DMA callback copies into it from loop()). The sample
 * buffer is caller-owned (a power of two in length, sized by the application from the model's figures) and
 * must outlive the ring; no heap. Every sample has a stream index (samples since capture start, u64); the ring also keeps the clock
 * time of the newest block so any index maps to board time.
 * Overflow contract: a write that does not fit drops the OLDEST unread samples (the newest audio matters
 * for detection) and counts them in `overrun_samples`.
 */
#ifndef GE_AUDIO_RING_H
#define GE_AUDIO_RING_H

#include <stddef.h>
#include <stdint.h>
#include "ge_status.h"

typedef struct {
  int16_t *buf;          /* caller-owned, `capacity` samples */
  uint32_t capacity;     /* power of two */
  uint64_t read_index;   /* stream index of the oldest unread sample */
  uint64_t write_index;  /* stream index one past the newest sample */
  uint64_t anchor_index; /* stream index of the first sample of the newest block */
  uint64_t anchor_us;    /* raw clock time of that sample */
  uint32_t sample_rate_hz;
  uint32_t overrun_samples;
} ge_audio_ring_t;

/* capacity: a power of two, ≥ 2 (GE_ERR_RANGE otherwise). */
ge_status_t ge_audio_ring_init(ge_audio_ring_t *r, uint32_t sample_rate_hz, int16_t *buf, uint32_t capacity);
/* Empties the ring and restarts its stream at index `next_index` (the next sample written has it), keeping
 * the buffer, the rate and the overrun count: for a stream that resumes after a pause, or a new clip. */
ge_status_t ge_audio_ring_restart(ge_audio_ring_t *r, uint64_t next_index);
/* Appends a block whose first sample has stream index `first_index` (a gap — samples the port lost — is
 * filled with zeros so indices stay aligned with time) and was captured at raw clock `first_us`. */
ge_status_t ge_audio_ring_write(ge_audio_ring_t *r, const int16_t *src, size_t n, uint64_t first_index, uint64_t first_us);
/* Unread samples. */
size_t ge_audio_ring_available(const ge_audio_ring_t *r);
/* Copies n unread samples starting `offset` after the read position into dst (caller-owned);
 * GE_ERR_EMPTY if fewer are available. */
ge_status_t ge_audio_ring_peek(const ge_audio_ring_t *r, size_t offset, int16_t *dst, size_t n);
/* Marks n samples read (GE_ERR_EMPTY if fewer are available). */
ge_status_t ge_audio_ring_consume(ge_audio_ring_t *r, size_t n);
/* Raw clock time of the sample with stream index `index` (extrapolated from the newest block). */
uint64_t ge_audio_ring_time_us(const ge_audio_ring_t *r, uint64_t index);

#endif
