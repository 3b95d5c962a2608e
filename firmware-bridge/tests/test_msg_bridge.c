/* core/msg_bridge: SLIP frames out → one message per frame; messages in → SLIP bytes the core decodes. */
#include <string.h>

#include "msg_bridge.h"
#include "protocol.h"
#include "test.h"

static uint8_t s_pub[4][GE_FRAME_MAX];
static size_t s_pub_len[4];
static int s_pubs;

static ge_status_t capture(void *ctx, const uint8_t *frame, size_t len) {
  (void)ctx;
  if (s_pubs < 4) { memcpy(s_pub[s_pubs], frame, len); s_pub_len[s_pubs] = len; }
  s_pubs++;
  return GE_OK;
}

void test_msg_bridge(void) {
  static ge_bridge_t b;
  ge_bridge_init(&b);
  s_pubs = 0;
  /* A payload holding both SLIP specials, so escaping is exercised both ways. */
  const uint8_t payload[] = {0x01, GE_SLIP_END, 0x02, GE_SLIP_ESC, 0x03};
  uint8_t wire[GE_SLIP_MAX];
  size_t n = 0;
  CHECK_EQ(ge_frame_encode(0x03, 7, payload, sizeof payload, wire, sizeof wire, &n), GE_OK);
  /* Split across two writes: the frame is published once, whole, unescaped. */
  CHECK_EQ(ge_bridge_write(&b, wire, 5, capture, NULL), GE_OK);
  CHECK_EQ(s_pubs, 0);
  CHECK_EQ(ge_bridge_write(&b, wire + 5, n - 5, capture, NULL), GE_OK);
  CHECK_EQ(s_pubs, 1);
  CHECK_EQ(s_pub_len[0], 4 + sizeof payload + 2);
  CHECK_EQ(s_pub[0][0], 1);
  CHECK_EQ(s_pub[0][1], 0x03);
  CHECK(memcmp(s_pub[0] + 4, payload, sizeof payload) == 0);

  /* The same frame delivered as a message comes back out of read() as bytes the decoder accepts. */
  CHECK_EQ(ge_bridge_deliver(&b, s_pub[0], s_pub_len[0]), GE_OK);
  ge_decoder_t d;
  ge_decoder_init(&d);
  uint8_t buf[64];
  int frames = 0;
  for (;;) {
    size_t k = 0;
    ge_bridge_read(&b, buf, sizeof buf, &k);
    if (k == 0) break;
    for (size_t i = 0; i < k; i++) {
      ge_frame_t f;
      if (ge_decoder_push(&d, buf[i], &f) == GE_OK) {
        frames++;
        CHECK_EQ(f.type, 0x03);
        CHECK_EQ(f.seq, 7);
        CHECK_EQ(f.len, sizeof payload);
        CHECK(memcmp(f.payload, payload, sizeof payload) == 0);
      }
    }
  }
  CHECK_EQ(frames, 1);

  /* A full ring drops the whole message and counts it; nothing half-written reaches the core. */
  static uint8_t big[GE_FRAME_MAX];
  memset(big, GE_SLIP_END, sizeof big); /* every byte escaped: 2202 bytes on the ring */
  int accepted = 0;
  while (ge_bridge_deliver(&b, big, sizeof big) == GE_OK) accepted++;
  CHECK_EQ(accepted, 4);
  CHECK_EQ(b.rx_dropped, 1);

  /* Topics: the board id becomes one topic level, or is refused. */
  char topic[GE_BRIDGE_TOPIC_MAX];
  CHECK_EQ(ge_bridge_topic(topic, sizeof topic, "pole-17", GE_TOPIC_UP), GE_OK);
  CHECK(strcmp(topic, "gunshot/pole-17/up") == 0);
  CHECK_EQ(ge_bridge_topic(topic, sizeof topic, "0123456789abcdef", GE_TOPIC_DOWN), GE_OK);
  CHECK(strcmp(topic, "gunshot/0123456789abcdef/down") == 0);
  CHECK_EQ(ge_bridge_topic(topic, sizeof topic, "0123456789abcdef", GE_TOPIC_STATE), GE_OK);
  CHECK(strcmp(topic, "gunshot/0123456789abcdef/state") == 0);
  CHECK_EQ(ge_bridge_topic(topic, sizeof topic, "a/b", GE_TOPIC_UP), GE_ERR_ARG);
  CHECK_EQ(ge_bridge_topic(topic, sizeof topic, "x+", GE_TOPIC_UP), GE_ERR_ARG);
  CHECK_EQ(ge_bridge_topic(topic, sizeof topic, "", GE_TOPIC_UP), GE_ERR_ARG);
  CHECK_EQ(ge_bridge_topic(topic, sizeof topic, "pole-17", (ge_topic_t)7), GE_ERR_ARG);
  CHECK_EQ(ge_bridge_topic(topic, 10, "pole-17", GE_TOPIC_UP), GE_ERR_RANGE);
  CHECK_EQ(ge_bridge_topic(topic, sizeof("gunshot/pole-17/state") - 1, "pole-17", GE_TOPIC_STATE), GE_ERR_RANGE);

  /* HELLO and HEARTBEAT go on the state topic, everything else on the up topic. */
  const uint8_t hello[] = {GE_PROTOCOL_VERSION, GE_MSG_HELLO, 0, 0}, heartbeat[] = {GE_PROTOCOL_VERSION, GE_MSG_HEARTBEAT, 0, 0};
  const uint8_t detection[] = {GE_PROTOCOL_VERSION, GE_MSG_DETECTION, 0, 0}, log_frame[] = {GE_PROTOCOL_VERSION, GE_MSG_LOG, 0, 0};
  CHECK_EQ(ge_bridge_frame_topic(hello, sizeof hello), GE_TOPIC_STATE);
  CHECK_EQ(ge_bridge_frame_topic(heartbeat, sizeof heartbeat), GE_TOPIC_STATE);
  CHECK_EQ(ge_bridge_frame_topic(detection, sizeof detection), GE_TOPIC_UP);
  CHECK_EQ(ge_bridge_frame_topic(log_frame, sizeof log_frame), GE_TOPIC_UP);
  CHECK_EQ(ge_bridge_frame_topic(hello, 1), GE_TOPIC_UP);
}
