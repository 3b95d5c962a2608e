#include <string.h>

#include "crc16.h"
#include "protocol.h"
#include "test.h"

void test_crc16(void) {
  CHECK_EQ(ge_crc16_update(GE_CRC16_INIT, (const uint8_t *)"123456789", 9), 0x29B1);
  uint8_t hello_req[4] = {1, 0x15, 1, 0}; /* PROTOCOL.md example */
  CHECK_EQ(ge_crc16_update(GE_CRC16_INIT, hello_req, 4), 0x69d6);
}

/* Feeds bytes one at a time; returns the number of frames decoded, the last in *last. */
static int feed(ge_decoder_t *d, const uint8_t *b, size_t n, ge_frame_t *last, uint8_t *copy) {
  int frames = 0;
  for (size_t i = 0; i < n; i++) {
    ge_frame_t f;
    if (ge_decoder_push(d, b[i], &f) == GE_OK) {
      frames++;
      *last = f;
      memcpy(copy, f.payload, f.len);
    }
  }
  return frames;
}

void test_slip_roundtrip(void) {
  uint8_t payload[GE_PAYLOAD_MAX];
  for (unsigned i = 0; i < sizeof payload; i++) payload[i] = (uint8_t)(i * 7);
  payload[0] = GE_SLIP_END;
  payload[1] = GE_SLIP_ESC;
  payload[2] = GE_SLIP_ESC_END;
  uint8_t wire[GE_SLIP_MAX];
  size_t n = 0;
  CHECK_EQ(ge_frame_encode(GE_MSG_LOG, 0xBEEF, payload, GE_PAYLOAD_MAX, wire, sizeof wire, &n), GE_OK);
  CHECK_EQ(wire[0], GE_SLIP_END);
  CHECK_EQ(wire[n - 1], GE_SLIP_END);
  for (size_t i = 1; i + 1 < n; i++) CHECK(wire[i] != GE_SLIP_END);
  ge_decoder_t d;
  ge_decoder_init(&d);
  /* Garbage before the frame ends in the leading END and is dropped as a truncated frame. */
  const uint8_t garbage[3] = {0x11, 0x22, 0x33};
  ge_frame_t f;
  static uint8_t copy[GE_PAYLOAD_MAX];
  CHECK_EQ(feed(&d, garbage, 3, &f, copy), 0);
  CHECK_EQ(feed(&d, wire, n, &f, copy), 1);
  CHECK_EQ(f.type, GE_MSG_LOG);
  CHECK_EQ(f.seq, 0xBEEF);
  CHECK_EQ(f.len, GE_PAYLOAD_MAX);
  CHECK(memcmp(copy, payload, GE_PAYLOAD_MAX) == 0);
  CHECK_EQ(d.stats.truncated, 1);
  CHECK_EQ(d.stats.frames_ok, 1);
  /* Two frames back to back, and an empty payload. */
  size_t n2 = 0;
  CHECK_EQ(ge_frame_encode(GE_MSG_HELLO_REQUEST, 1, NULL, 0, wire, sizeof wire, &n2), GE_OK);
  CHECK_EQ(n2, 8); /* c0 01 15 01 00 d6 69 c0 */
  CHECK_EQ(wire[5], 0xd6);
  CHECK_EQ(wire[6], 0x69);
  CHECK_EQ(feed(&d, wire, n2, &f, copy), 1);
  CHECK_EQ(f.len, 0);
  CHECK_EQ(d.stats.dropped, 1); /* only the garbage so far; END END is not an error */
  /* Too small a destination is refused. */
  CHECK_EQ(ge_frame_encode(GE_MSG_LOG, 0, payload, 100, wire, 50, &n), GE_ERR_FULL);
  CHECK_EQ(ge_frame_encode(GE_MSG_LOG, 0, payload, GE_PAYLOAD_MAX + 1, wire, sizeof wire, &n), GE_ERR_ARG);
}

void test_decoder_errors(void) {
  ge_decoder_t d;
  ge_decoder_init(&d);
  uint8_t wire[GE_SLIP_MAX];
  size_t n = 0;
  const uint8_t p[4] = {1, 2, 3, 4};
  ge_frame_encode(GE_MSG_VERIFY_END, 9, p, 4, wire, sizeof wire, &n);
  ge_frame_t f;
  static uint8_t copy[GE_PAYLOAD_MAX];
  /* Bad CRC: flip a payload byte. */
  wire[6] ^= 0x40;
  CHECK_EQ(feed(&d, wire, n, &f, copy), 0);
  CHECK_EQ(d.stats.crc_errors, 1);
  wire[6] ^= 0x40;
  /* Truncated: cut the frame after 3 bytes, then END. */
  const uint8_t trunc[5] = {GE_SLIP_END, 1, 0x13, 9, GE_SLIP_END};
  CHECK_EQ(feed(&d, trunc, 5, &f, copy), 0);
  CHECK_EQ(d.stats.truncated, 1);
  /* Bad escape, then the decoder must resynchronise on the next good frame. */
  const uint8_t bad[4] = {GE_SLIP_END, 1, GE_SLIP_ESC, 0x00};
  CHECK_EQ(feed(&d, bad, 4, &f, copy), 0);
  CHECK_EQ(d.stats.bad_escape, 1);
  CHECK_EQ(feed(&d, wire, n, &f, copy), 1);
  CHECK_EQ(f.type, GE_MSG_VERIFY_END);
  /* Oversize: 2000 non-END bytes, then a good frame. */
  uint8_t big[2000];
  memset(big, 0x55, sizeof big);
  CHECK_EQ(feed(&d, big, sizeof big, &f, copy), 0);
  CHECK_EQ(d.stats.oversize, 1);
  CHECK_EQ(feed(&d, wire, n, &f, copy), 1);
  /* Version 2 with a valid CRC. */
  uint8_t v2[6] = {2, 0x15, 7, 0, 0, 0};
  uint16_t crc = ge_crc16_update(GE_CRC16_INIT, v2, 4);
  v2[4] = (uint8_t)crc;
  v2[5] = (uint8_t)(crc >> 8);
  const uint8_t end = GE_SLIP_END;
  feed(&d, &end, 1, &f, copy);
  CHECK_EQ(feed(&d, v2, 6, &f, copy), 0);
  CHECK_EQ(ge_decoder_push(&d, GE_SLIP_END, &f), GE_ERR_FRAME);
  CHECK_EQ(d.stats.bad_version, 1);
  CHECK_EQ(d.bad_version_seq, 7);
  CHECK_EQ(d.stats.dropped, 4); /* truncated + bad escape + oversize + version */
}

void test_messages(void) {
  ge_hello_t h, h2;
  memset(&h, 0, sizeof h);
  memcpy(h.board_id, "board-0123456789", 16);
  h.fw_major = 1;
  h.fw_minor = 2;
  h.fw_patch = 3;
  for (int i = 0; i < 8; i++) h.model_hash[i] = (uint8_t)(0xA0 + i);
  h.clock_us = 0x0102030405060708ull;
  h.capabilities = 0xF;
  h.sample_rate_hz = 16000;
  h.window_frames = 49;
  h.hop_frames = 10;
  h.n_mfcc = 13;
  h.threshold = -5;
  h.lat_e6 = -33868800;
  h.lon_e6 = 151209300;
  h.alt_cm = INT32_MIN;
  uint8_t p[GE_HELLO_LEN];
  ge_hello_pack(&h, p);
  CHECK_EQ(p[0], 1);
  CHECK_EQ(p[28], 0x08);
  CHECK_EQ(ge_hello_parse(p, sizeof p, &h2), GE_OK);
  CHECK(memcmp(&h, &h2, sizeof h) == 0);
  CHECK_EQ(ge_hello_parse(p, GE_HELLO_LEN - 1, &h2), GE_ERR_FRAME);

  ge_detection_t d = {77, 123456789012ull, 123456000000ull, 100, 1, 65000, 32768, 1u << 30}, d2;
  uint8_t q[GE_DETECTION_LEN];
  ge_detection_pack(&d, q);
  CHECK_EQ(ge_detection_parse(q, sizeof q, &d2), GE_OK);
  CHECK_EQ(d2.event_id, 77);
  CHECK(d2.timestamp_us == d.timestamp_us && d2.window_start_us == d.window_start_us);
  CHECK_EQ(d2.score, 100);
  CHECK_EQ(d2.peak_level, 32768);
  CHECK_EQ(d2.energy, 1u << 30);

  ge_config_t c = {0x7F, -20, 5, 750, 1, -2, 3, -123456789012ll, 2000, 300}, c2;
  uint8_t r[GE_CONFIG_LEN];
  ge_config_pack(&c, r);
  CHECK_EQ(ge_config_parse(r, sizeof r, &c2), GE_OK);
  CHECK(c2.clock_offset_us == c.clock_offset_us);
  CHECK_EQ(c2.threshold, -20);
  CHECK_EQ(c2.resend_ms, 300);

  ge_ack_t a = {GE_MSG_DETECTION, 513, 99, 0}, a2;
  uint8_t s[GE_ACK_LEN];
  ge_ack_pack(&a, s);
  CHECK_EQ(ge_ack_parse(s, sizeof s, &a2), GE_OK);
  CHECK_EQ(a2.acked_seq, 513);
  CHECK_EQ(a2.event_id, 99);
  CHECK_EQ(ge_msg_min_len(0x99), -1);
  CHECK_EQ(ge_msg_min_len(GE_MSG_CONFIG), GE_CONFIG_LEN);
  CHECK(strcmp(ge_status_name(GE_ERR_CRC), "ERR_CRC") == 0);
  CHECK(strcmp(ge_status_name((ge_status_t)77), "ERR_UNKNOWN") == 0);
}
