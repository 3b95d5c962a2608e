#include "msg_bridge.h"

#include <string.h>

void ge_bridge_init(ge_bridge_t *b) { memset(b, 0, sizeof(*b)); }

ge_status_t ge_bridge_write(ge_bridge_t *b, const uint8_t *src, size_t len, ge_bridge_publish_fn publish, void *ctx) {
  if (b == NULL || (src == NULL && len > 0) || publish == NULL) return GE_ERR_ARG;
  ge_status_t first = GE_OK;
  for (size_t i = 0; i < len; i++) {
    uint8_t c = src[i];
    if (c == GE_SLIP_END) {
      if (b->out_len > 0 && !b->out_overflow) {
        ge_status_t s = publish(ctx, b->out, b->out_len);
        if (s != GE_OK && first == GE_OK) first = s;
      } else if (b->out_overflow) {
        b->tx_dropped++;
      }
      b->out_len = 0;
      b->out_esc = b->out_overflow = 0;
      continue;
    }
    if (b->out_esc) {
      b->out_esc = 0;
      if (c == GE_SLIP_ESC_END) c = GE_SLIP_END;
      else if (c == GE_SLIP_ESC_ESC) c = GE_SLIP_ESC;
      else { b->out_overflow = 1; continue; }
    } else if (c == GE_SLIP_ESC) {
      b->out_esc = 1;
      continue;
    }
    if (b->out_len >= sizeof b->out) { b->out_overflow = 1; continue; }
    b->out[b->out_len++] = c;
  }
  return first;
}

static void rx_put(ge_bridge_t *b, uint8_t c) {
  b->rx[(b->rx_head + b->rx_len) % GE_BRIDGE_RX_CAP] = c;
  b->rx_len++;
}

ge_status_t ge_bridge_deliver(ge_bridge_t *b, const uint8_t *msg, size_t len) {
  if (b == NULL || (msg == NULL && len > 0)) return GE_ERR_ARG;
  size_t need = 2;
  for (size_t i = 0; i < len; i++) need += (msg[i] == GE_SLIP_END || msg[i] == GE_SLIP_ESC) ? 2 : 1;
  if (need > GE_BRIDGE_RX_CAP - b->rx_len) { b->rx_dropped++; return GE_ERR_FULL; }
  rx_put(b, GE_SLIP_END);
  for (size_t i = 0; i < len; i++) {
    if (msg[i] == GE_SLIP_END) { rx_put(b, GE_SLIP_ESC); rx_put(b, GE_SLIP_ESC_END); }
    else if (msg[i] == GE_SLIP_ESC) { rx_put(b, GE_SLIP_ESC); rx_put(b, GE_SLIP_ESC_ESC); }
    else rx_put(b, msg[i]);
  }
  rx_put(b, GE_SLIP_END);
  return GE_OK;
}

void ge_bridge_read(ge_bridge_t *b, uint8_t *dst, size_t max, size_t *n) {
  size_t k = 0;
  while (k < max && b->rx_len > 0) {
    dst[k++] = b->rx[b->rx_head];
    b->rx_head = (b->rx_head + 1) % GE_BRIDGE_RX_CAP;
    b->rx_len--;
  }
  *n = k;
}

ge_status_t ge_bridge_topic(char *dst, size_t cap, const char *board_id, ge_topic_t kind) {
  if (dst == NULL || board_id == NULL) return GE_ERR_ARG;
  const char *suffix = kind == GE_TOPIC_UP ? "/up" : kind == GE_TOPIC_STATE ? "/state" : kind == GE_TOPIC_DOWN ? "/down" : NULL;
  if (suffix == NULL) return GE_ERR_ARG;
  size_t id_len = strlen(board_id);
  if (id_len < 1 || id_len > 16) return GE_ERR_ARG;
  for (size_t i = 0; i < id_len; i++) {
    char c = board_id[i];
    int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return GE_ERR_ARG;
  }
  size_t need = strlen("gunshot/") + id_len + strlen(suffix) + 1;
  if (need > cap) return GE_ERR_RANGE;
  strcpy(dst, "gunshot/");
  strcat(dst, board_id);
  strcat(dst, suffix);
  return GE_OK;
}

ge_topic_t ge_bridge_frame_topic(const uint8_t *frame, size_t len) {
  /* Byte 1 of a frame is its type (PROTOCOL.md §3). */
  if (frame == NULL || len < 2) return GE_TOPIC_UP;
  return frame[1] == GE_MSG_HELLO || frame[1] == GE_MSG_HEARTBEAT ? GE_TOPIC_STATE : GE_TOPIC_UP;
}
