#include "event_queue.h"

#include <string.h>

ge_status_t ge_eq_init(ge_event_queue_t *q) {
  if (q == NULL) return GE_ERR_ARG;
  memset(q, 0, sizeof(*q));
  return GE_OK;
}

ge_status_t ge_eq_push(ge_event_queue_t *q, const ge_detection_t *msg, uint64_t now_us) {
  if (q == NULL || msg == NULL) return GE_ERR_ARG;
  if (q->count == GE_EVENT_QUEUE_CAPACITY) {
    q->head = (uint8_t)((q->head + 1) % GE_EVENT_QUEUE_CAPACITY);
    q->count--;
    q->dropped++;
  }
  ge_event_entry_t *e = &q->items[(q->head + q->count) % GE_EVENT_QUEUE_CAPACITY];
  e->msg = *msg;
  e->last_sent_us = now_us;
  q->count++;
  return GE_OK;
}

ge_status_t ge_eq_ack(ge_event_queue_t *q, uint32_t event_id) {
  if (q == NULL) return GE_ERR_ARG;
  for (uint8_t i = 0; i < q->count; i++) {
    uint8_t at = (uint8_t)((q->head + i) % GE_EVENT_QUEUE_CAPACITY);
    if (q->items[at].msg.event_id != event_id) continue;
    /* Close the gap: shift the newer entries one place toward the head. */
    for (uint8_t j = i; j + 1 < q->count; j++) {
      q->items[(q->head + j) % GE_EVENT_QUEUE_CAPACITY] = q->items[(q->head + j + 1) % GE_EVENT_QUEUE_CAPACITY];
    }
    q->count--;
    return GE_OK;
  }
  return GE_ERR_EMPTY;
}

ge_status_t ge_eq_due(ge_event_queue_t *q, uint64_t now_us, uint64_t resend_us, ge_detection_t *out) {
  if (q == NULL || out == NULL) return GE_ERR_ARG;
  for (uint8_t i = 0; i < q->count; i++) {
    ge_event_entry_t *e = &q->items[(q->head + i) % GE_EVENT_QUEUE_CAPACITY];
    if (now_us - e->last_sent_us >= resend_us) {
      e->last_sent_us = now_us;
      *out = e->msg;
      return GE_OK;
    }
  }
  return GE_ERR_EMPTY;
}
