#include "test.h"
#include <math.h>
#include <string.h>

#include "app.h"
#include "gunshot_model.h"
#include "mfcc_tables.h"
#include "protocol.h"
#include "test.h"

typedef struct {
  uint8_t type;
  uint16_t seq;
  uint16_t len;
  uint8_t payload[GE_PAYLOAD_MAX];
} rx_frame_t;

static ge_decoder_t s_dec;

/* Decodes everything the board wrote; returns the number of frames (≤ max). */
static int take_frames(rx_frame_t *out, int max) {
  static uint8_t buf[65536];
  size_t n = mock_take_tx(buf, sizeof buf);
  int k = 0;
  for (size_t i = 0; i < n; i++) {
    ge_frame_t f;
    if (ge_decoder_push(&s_dec, buf[i], &f) == GE_OK && k < max) {
      out[k].type = f.type;
      out[k].seq = f.seq;
      out[k].len = f.len;
      memcpy(out[k].payload, f.payload, f.len);
      k++;
    }
  }
  return k;
}

static uint16_t s_gw_seq;
static void gw_send(uint8_t type, const uint8_t *p, uint16_t len) {
  static uint8_t wire[GE_SLIP_MAX];
  size_t n = 0;
  ge_frame_encode(type, s_gw_seq++, p, len, wire, sizeof wire, &n);
  mock_feed_serial(wire, n);
}

static void make_clip(int16_t *pcm, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    double t = i / 16000.0;
    double burst = (i > 9000 && i < 11000) ? 12000 * exp(-(i - 9000) / 400.0) * sin(i * 1.3) : 0;
    pcm[i] = (int16_t)lrint(800 * sin(2 * M_PI * 440 * t) + burst + ((i * 7919u) % 301) - 150);
  }
}

void test_app_offline(void) {
  static int16_t pcm[32000];
  int8_t out[64];
  uint32_t n = 0;
  make_clip(pcm, 32000);
  CHECK_EQ(ge_app_score_clip(pcm, 1000, out, 64, &n), GE_OK);
  CHECK_EQ(n, 1); /* shorter than a window: zero-padded to one */
  CHECK_EQ(ge_app_score_clip(pcm, 16000, out, 64, &n), GE_OK);
  CHECK_EQ(n, 1); /* 49 frames */
  CHECK_EQ(ge_app_score_clip(pcm, 32000, out, 64, &n), GE_OK);
  CHECK_EQ(n, 6); /* 99 frames → 1 + 50/10 */
  static int8_t feats[6 * 49 * 40];
  uint32_t nf = 0;
  CHECK_EQ(ge_app_clip_features(pcm, 32000, feats, 6, &nf), GE_OK);
  CHECK_EQ(nf, 6);
  /* Window 1 starts 10 frames after window 0, and each window is centred on its own mean (window_norm.h):
   * their shared frames differ by one constant per coefficient, and every coefficient sums to ~0. */
  uint32_t wb = ge_app_window_bytes(), row = GE_FEATURE_N_MFCC;
  for (uint32_t c = 0; c < row; c++) {
    int32_t shift = feats[wb + c] - feats[10 * row + c];
    for (uint32_t t = 0; t + 10 < GE_MODEL_WINDOW_FRAMES; t++) CHECK_EQ(feats[wb + t * row + c] - feats[(t + 10) * row + c], shift);
    for (uint32_t w = 0; w < nf; w++) {
      int32_t sum = 0;
      for (uint32_t t = 0; t < GE_MODEL_WINDOW_FRAMES; t++) sum += feats[w * wb + t * row + c] - GE_MODEL_INPUT_ZERO_POINT;
      CHECK(2 * sum <= GE_MODEL_WINDOW_FRAMES && -2 * sum <= GE_MODEL_WINDOW_FRAMES);
    }
  }
}

void test_app_link(void) {
  mock_reset();
  ge_decoder_init(&s_dec);
  ge_app_config_t cfg;
  ge_app_default_config(&cfg);
  cfg.board_id = "unit-board";
  cfg.live_audio = 0;
  cfg.lat_e6 = 47000000;
  CHECK_EQ(ge_app_setup(&cfg), GE_OK);
  static rx_frame_t fr[16];
  int n = take_frames(fr, 16);
  CHECK_EQ(n, 1);
  CHECK_EQ(fr[0].type, GE_MSG_HELLO);
  ge_hello_t h;
  CHECK_EQ(ge_hello_parse(fr[0].payload, fr[0].len, &h), GE_OK);
  CHECK(memcmp(h.board_id, "unit-board", 10) == 0);
  CHECK(memcmp(h.model_hash, g_ge_model_hash, 8) == 0);
  CHECK_EQ(h.window_frames, GE_MODEL_WINDOW_FRAMES);
  CHECK_EQ(h.lat_e6, 47000000);
  CHECK_EQ(h.threshold, GE_MODEL_THRESHOLD_Q);
  /* HELLO repeats every 5 s until the gateway speaks. */
  mock_advance_clock(5000000);
  CHECK_EQ(ge_app_loop(), GE_OK);
  n = take_frames(fr, 16);
  int hellos = 0, beats = 0;
  for (int i = 0; i < n; i++) {
    hellos += fr[i].type == GE_MSG_HELLO;
    beats += fr[i].type == GE_MSG_HEARTBEAT;
  }
  CHECK_EQ(hellos, 1);
  CHECK_EQ(beats, 1);
  gw_send(GE_MSG_HELLO_REQUEST, NULL, 0);
  CHECK_EQ(ge_app_loop(), GE_OK);
  n = take_frames(fr, 16);
  CHECK_EQ(n, 1);
  CHECK_EQ(fr[0].type, GE_MSG_HELLO);
  /* CONFIG: one bad field rejects all. */
  ge_config_t c;
  memset(&c, 0, sizeof c);
  c.valid = GE_CFG_THRESHOLD | GE_CFG_HEARTBEAT;
  c.threshold = 42;
  c.heartbeat_ms = 10; /* < 100 */
  uint8_t p[GE_CONFIG_LEN];
  ge_config_pack(&c, p);
  gw_send(GE_MSG_CONFIG, p, GE_CONFIG_LEN);
  CHECK_EQ(ge_app_loop(), GE_OK);
  n = take_frames(fr, 16);
  CHECK_EQ(n, 1);
  CHECK_EQ(fr[0].type, GE_MSG_CONFIG_ACK);
  CHECK_EQ(fr[0].payload[2], GE_PERR_OUT_OF_RANGE);
  CHECK_EQ((int8_t)fr[0].payload[3], GE_MODEL_THRESHOLD_Q);
  c.heartbeat_ms = 2000;
  c.valid |= GE_CFG_CLOCK_OFFSET;
  c.clock_offset_us = 1000000000000ll;
  ge_config_pack(&c, p);
  gw_send(GE_MSG_CONFIG, p, GE_CONFIG_LEN);
  CHECK_EQ(ge_app_loop(), GE_OK);
  n = take_frames(fr, 16);
  CHECK_EQ(fr[0].payload[2], 0);
  CHECK_EQ((int8_t)fr[0].payload[3], 42);
  CHECK(ge_get_u64(fr[0].payload + 7) >= 1000000000000ull);
  /* Unknown type and short payload are answered with ERROR. */
  gw_send(0x77, NULL, 0);
  gw_send(GE_MSG_CONFIG, p, 3);
  CHECK_EQ(ge_app_loop(), GE_OK);
  n = take_frames(fr, 16);
  CHECK_EQ(n, 2);
  CHECK_EQ(fr[0].type, GE_MSG_ERROR);
  CHECK_EQ(ge_get_u16(fr[0].payload), GE_PERR_UNKNOWN_TYPE);
  CHECK_EQ(ge_get_u16(fr[1].payload), GE_PERR_BAD_LENGTH);
}

void test_app_verify(void) {
  /* Continues the link session: stream a clip as VERIFY_PCM and compare with the offline scorer. */
  enum { N = 40000 };
  static int16_t pcm[N];
  make_clip(pcm, N);
  static int8_t want[64];
  uint32_t nw = 0;
  CHECK_EQ(ge_app_score_clip(pcm, N, want, 64, &nw), GE_OK);
  static rx_frame_t fr[16];
  uint8_t b[GE_VERIFY_BEGIN_LEN];
  ge_put_u32(b, 1234);
  ge_put_u32(b + 4, N);
  b[8] = 0;
  b[9] = 0;
  gw_send(GE_MSG_VERIFY_BEGIN, b, sizeof b);
  CHECK_EQ(ge_app_loop(), GE_OK);
  int n = take_frames(fr, 16);
  CHECK_EQ(n, 1);
  CHECK_EQ(fr[0].type, GE_MSG_ACK);
  static uint8_t chunk[GE_VERIFY_PCM_HDR + 1024];
  int acks = 0;
  for (uint32_t off = 0; off < N; off += 512) {
    uint32_t k = N - off < 512 ? N - off : 512;
    ge_put_u32(chunk, 1234);
    ge_put_u32(chunk + 4, off);
    for (uint32_t i = 0; i < k; i++) ge_put_u16(chunk + 8 + 2 * i, (uint16_t)pcm[off + i]);
    gw_send(GE_MSG_VERIFY_PCM, chunk, (uint16_t)(8 + 2 * k));
    CHECK_EQ(ge_app_loop(), GE_OK);
    n = take_frames(fr, 16);
    for (int i = 0; i < n; i++) acks += fr[i].type == GE_MSG_ACK;
  }
  CHECK_EQ(acks, (N + 511) / 512);
  /* A wrong offset is refused. */
  ge_put_u32(chunk + 4, 5);
  gw_send(GE_MSG_VERIFY_PCM, chunk, 8 + 2);
  uint8_t e[4];
  ge_put_u32(e, 1234);
  gw_send(GE_MSG_VERIFY_END, e, 4);
  CHECK_EQ(ge_app_loop(), GE_OK);
  n = take_frames(fr, 16);
  CHECK_EQ(n, 2);
  CHECK_EQ(fr[0].type, GE_MSG_ERROR);
  CHECK_EQ(ge_get_u16(fr[0].payload), GE_PERR_BAD_OFFSET);
  CHECK_EQ(fr[1].type, GE_MSG_VERIFY_RESULT);
  CHECK_EQ(ge_get_u32(fr[1].payload), 1234);
  CHECK_EQ(ge_get_u16(fr[1].payload + 8), nw);
  CHECK_EQ(fr[1].len, GE_VERIFY_RESULT_HDR + nw);
  CHECK(memcmp(fr[1].payload + GE_VERIFY_RESULT_HDR, want, nw) == 0);
  /* Features mode runs the model only: the same windows give the same outputs. */
  static int8_t feats[16 * 49 * 40];
  uint32_t nf = 0;
  CHECK_EQ(ge_app_clip_features(pcm, N, feats, 16, &nf), GE_OK);
  CHECK(nf <= 16);
  ge_put_u32(b + 4, nf);
  b[8] = 1;
  gw_send(GE_MSG_VERIFY_BEGIN, b, sizeof b);
  uint32_t wb = ge_app_window_bytes();
  static uint8_t fchunk[GE_VERIFY_FEATURES_HDR + 49 * 40];
  for (uint32_t w = 0; w < nf; w++) {
    ge_put_u32(fchunk, 1234);
    ge_put_u16(fchunk + 4, (uint16_t)w);
    memcpy(fchunk + 6, feats + w * wb, wb);
    gw_send(GE_MSG_VERIFY_FEATURES, fchunk, (uint16_t)(6 + wb));
  }
  gw_send(GE_MSG_VERIFY_END, e, 4);
  n = 0;
  for (int i = 0; i < 4; i++) {
    CHECK_EQ(ge_app_loop(), GE_OK); /* ≤ 4 kB of input per loop */
    int k = take_frames(fr + n, 16 - n);
    n += k;
  }
  CHECK_EQ(n, (int)nf + 2); /* ACK of BEGIN, one ACK per window, the result */
  CHECK_EQ(fr[n - 1].type, GE_MSG_VERIFY_RESULT);
  CHECK_EQ(ge_get_u16(fr[n - 1].payload + 8), nf);
  CHECK(memcmp(fr[n - 1].payload + GE_VERIFY_RESULT_HDR, want, nf) == 0);
}

void test_app_detection(void) {
  mock_reset();
  ge_decoder_init(&s_dec);
  enum { N = 48000 };
  static int16_t pcm[N];
  make_clip(pcm, N);
  ge_app_config_t cfg;
  ge_app_default_config(&cfg);
  cfg.threshold = -128; /* every window scores ≥ −128: onset on the first window */
  cfg.refractory_ms = 60000;
  mock_set_audio(pcm, N);
  CHECK_EQ(ge_app_setup(&cfg), GE_OK);
  static rx_frame_t fr[64];
  int detections = 0;
  ge_detection_t d;
  memset(&d, 0, sizeof d);
  for (int i = 0; i < 400; i++) {
    CHECK_EQ(ge_app_loop(), GE_OK);
    mock_advance_clock(1000);
    int n = take_frames(fr, 64);
    for (int k = 0; k < n; k++) {
      if (fr[k].type != GE_MSG_DETECTION) continue;
      detections++;
      CHECK_EQ(ge_detection_parse(fr[k].payload, fr[k].len, &d), GE_OK);
    }
  }
  /* One onset (refractory 60 s, never re-armed below −138), re-sent every 500 ms of the 400 ms run: 1 copy. */
  CHECK_EQ(detections, 1);
  CHECK_EQ(d.event_id, 1);
  CHECK_EQ(d.flags & GE_DETECTION_FLAG_RETRANSMIT, 0);
  CHECK(d.timestamp_us >= d.window_start_us);
  CHECK(d.peak_level > 0);
  /* Not acknowledged: after resend_ms it comes again, flagged. */
  mock_advance_clock(500000);
  CHECK_EQ(ge_app_loop(), GE_OK);
  int n = take_frames(fr, 64);
  int resent = 0;
  for (int k = 0; k < n; k++) {
    if (fr[k].type != GE_MSG_DETECTION) continue;
    ge_detection_t r;
    ge_detection_parse(fr[k].payload, fr[k].len, &r);
    resent += r.event_id == 1 && (r.flags & GE_DETECTION_FLAG_RETRANSMIT);
  }
  CHECK_EQ(resent, 1);
  ge_ack_t a = {GE_MSG_DETECTION, 0, 1, 0};
  uint8_t p[GE_ACK_LEN];
  ge_ack_pack(&a, p);
  gw_send(GE_MSG_ACK, p, GE_ACK_LEN);
  CHECK_EQ(ge_app_loop(), GE_OK);
  mock_advance_clock(600000);
  CHECK_EQ(ge_app_loop(), GE_OK);
  n = take_frames(fr, 64);
  int after = 0;
  for (int k = 0; k < n; k++) after += fr[k].type == GE_MSG_DETECTION;
  CHECK_EQ(after, 0);
}
