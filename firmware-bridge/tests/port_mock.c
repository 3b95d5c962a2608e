/* Mock implementation of core/port.h for host tests: the clock is set by the test, audio comes from a
 * buffer, serial goes through two in-memory byte queues. */
#include <string.h>

#include "port.h"
#include "test.h"

#define MOCK_SERIAL_CAP 65536

static uint64_t s_clock;
static const int16_t *s_audio;
static size_t s_audio_n, s_audio_pos;
static uint64_t s_audio_index;
static uint8_t s_rx[MOCK_SERIAL_CAP];
static size_t s_rx_len, s_rx_pos;
static uint8_t s_tx[MOCK_SERIAL_CAP];
static size_t s_tx_len;

void mock_reset(void) {
  s_clock = 0;
  s_audio = NULL;
  s_audio_n = s_audio_pos = 0;
  s_audio_index = 0;
  s_rx_len = s_rx_pos = s_tx_len = 0;
}
void mock_set_clock(uint64_t us) { s_clock = us; }
void mock_advance_clock(uint64_t us) { s_clock += us; }
void mock_set_audio(const int16_t *samples, size_t n) {
  s_audio = samples;
  s_audio_n = n;
  s_audio_pos = 0;
}
void mock_feed_serial(const uint8_t *bytes, size_t n) {
  if (s_rx_pos == s_rx_len) s_rx_pos = s_rx_len = 0;
  if (s_rx_len + n > MOCK_SERIAL_CAP) n = MOCK_SERIAL_CAP - s_rx_len;
  memcpy(s_rx + s_rx_len, bytes, n);
  s_rx_len += n;
}
size_t mock_take_tx(uint8_t *dst, size_t cap) {
  size_t n = s_tx_len < cap ? s_tx_len : cap;
  memcpy(dst, s_tx, n);
  memmove(s_tx, s_tx + n, s_tx_len - n);
  s_tx_len -= n;
  return n;
}

uint64_t ge_port_clock_us(void) { return s_clock; }

ge_status_t ge_port_audio_read(int16_t *dst, size_t max, size_t *n, uint64_t *first_sample_index,
                               uint64_t *first_sample_us, uint32_t *overruns) {
  size_t k = 0;
  if (s_audio != NULL && s_audio_pos < s_audio_n) {
    k = s_audio_n - s_audio_pos < max ? s_audio_n - s_audio_pos : max;
    memcpy(dst, s_audio + s_audio_pos, k * sizeof(int16_t));
    s_audio_pos += k;
  }
  *first_sample_index = s_audio_index;
  *first_sample_us = s_audio_index * 1000000u / 16000u;
  s_audio_index += k;
  *n = k;
  *overruns = 0;
  return GE_OK;
}

ge_status_t ge_port_serial_read(uint8_t *dst, size_t max, size_t *n) {
  size_t k = s_rx_len - s_rx_pos < max ? s_rx_len - s_rx_pos : max;
  memcpy(dst, s_rx + s_rx_pos, k);
  s_rx_pos += k;
  *n = k;
  return GE_OK;
}

ge_status_t ge_port_serial_write(const uint8_t *src, size_t len) {
  if (s_tx_len + len > MOCK_SERIAL_CAP) return GE_ERR_IO;
  memcpy(s_tx + s_tx_len, src, len);
  s_tx_len += len;
  return GE_OK;
}

void ge_port_led(int on) { (void)on; }
