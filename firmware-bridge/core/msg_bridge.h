/*
 * Message bridge: lets the core's byte-stream link (SLIP frames through ge_port_serial_read/write) run
 * over a message transport that carries one frame per message, unescaped (MQTT, PROTOCOL.md §7).
 * Outgoing SLIP bytes are unescaped and handed to `publish` one whole frame at a time; each incoming
 * message is SLIP-escaped into a fixed receive ring that the port's serial_read drains. The core is
 * unchanged: its decoder still checks CRC, version and length.
 *
 * Contracts: no heap; the caller owns the ge_bridge_t (about 10 KiB) and serialises calls to it (the
 * host port calls it from the application thread only; the ESP32-S3 port holds a mutex around deliver
 * and read). A message that does not fit in the ring is dropped whole and counted (rx_dropped): the
 * gateway re-sends what matters (ACKs for re-sent detections).
 */
#ifndef GE_MSG_BRIDGE_H
#define GE_MSG_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#include "ge_status.h"
#include "protocol.h"

#define GE_BRIDGE_RX_CAP (4u * GE_SLIP_MAX)
#define GE_BRIDGE_TOPIC_MAX 40u /* "gunshot/" + 16-character id + "/state" + NUL */

/* A board's topics (PROTOCOL.md §7): it publishes HELLO and HEARTBEAT on its state topic (every gateway
 * reads it), every other frame on its up topic (shared by a group of gateways), and reads its down topic. */
typedef enum { GE_TOPIC_UP, GE_TOPIC_STATE, GE_TOPIC_DOWN } ge_topic_t;

typedef ge_status_t (*ge_bridge_publish_fn)(void *ctx, const uint8_t *frame, size_t len);

typedef struct {
  uint8_t out[GE_FRAME_MAX]; /* the outgoing frame being unescaped */
  size_t out_len;
  int out_esc, out_overflow;
  uint8_t rx[GE_BRIDGE_RX_CAP]; /* ring of SLIP bytes for serial_read */
  size_t rx_head, rx_len;
  uint32_t rx_dropped; /* incoming messages that did not fit */
  uint32_t tx_dropped; /* outgoing frames that were malformed (oversize, bad escape) */
} ge_bridge_t;

void ge_bridge_init(ge_bridge_t *b);
/* Takes SLIP bytes the core wrote; calls `publish` for every complete, non-empty frame. Returns the first
 * non-OK status of `publish` (the frame is then lost; the core re-sends unACKed detections). */
ge_status_t ge_bridge_write(ge_bridge_t *b, const uint8_t *src, size_t len, ge_bridge_publish_fn publish, void *ctx);
/* Queues one received message (a frame) for the core, SLIP-encoded. GE_ERR_FULL when dropped. */
ge_status_t ge_bridge_deliver(ge_bridge_t *b, const uint8_t *msg, size_t len);
/* Copies up to `max` queued bytes into dst; *n = bytes copied (0 when empty). Never blocks. */
void ge_bridge_read(ge_bridge_t *b, uint8_t *dst, size_t max, size_t *n);
/* Writes "gunshot/<board_id>/up", ".../state" or ".../down" into dst. GE_ERR_ARG for an id that is not
 * 1..16 of [A-Za-z0-9_.-] (it would not be a valid single topic level) or an unknown kind, GE_ERR_RANGE if
 * cap is too small. */
ge_status_t ge_bridge_topic(char *dst, size_t cap, const char *board_id, ge_topic_t kind);
/* The topic a frame the board sends belongs on: GE_TOPIC_STATE for HELLO and HEARTBEAT, else GE_TOPIC_UP. */
ge_topic_t ge_bridge_frame_topic(const uint8_t *frame, size_t len);

#endif
