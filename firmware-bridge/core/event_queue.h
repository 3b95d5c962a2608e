/*
 * Store-and-forward queue of unacknowledged DETECTIONs (PROTOCOL.md §6). Fixed capacity; when full, the
 * oldest entry is dropped and counted. The queue owns copies of the messages; nothing points outside it.
 */
#ifndef GE_EVENT_QUEUE_H
#define GE_EVENT_QUEUE_H

#include <stdint.h>
#include "ge_status.h"
#include "protocol.h"

#define GE_EVENT_QUEUE_CAPACITY 16u

typedef struct {
  ge_detection_t msg;
  uint64_t last_sent_us;
} ge_event_entry_t;

typedef struct {
  ge_event_entry_t items[GE_EVENT_QUEUE_CAPACITY];
  uint8_t head;   /* oldest */
  uint8_t count;
  uint32_t dropped;
} ge_event_queue_t;

ge_status_t ge_eq_init(ge_event_queue_t *q);
/* Appends (sent at `now_us`); drops and counts the oldest entry when full. */
ge_status_t ge_eq_push(ge_event_queue_t *q, const ge_detection_t *msg, uint64_t now_us);
/* Removes the entry with this event id; GE_ERR_EMPTY if none (a duplicate ACK). */
ge_status_t ge_eq_ack(ge_event_queue_t *q, uint32_t event_id);
/* The oldest entry not sent for resend_us (GE_ERR_EMPTY if none is due); marks it sent at now_us.
 * Checking entries oldest-first and re-stamping them makes the retransmissions round-robin. */
ge_status_t ge_eq_due(ge_event_queue_t *q, uint64_t now_us, uint64_t resend_us, ge_detection_t *out);

#endif
