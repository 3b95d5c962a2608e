#include "protocol.h"

#include <string.h>

#include "crc16.h"

void ge_put_u16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}
void ge_put_u32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
void ge_put_u64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
uint16_t ge_get_u16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
uint32_t ge_get_u32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
uint64_t ge_get_u64(const uint8_t *p) {
  return (uint64_t)ge_get_u32(p) | ((uint64_t)ge_get_u32(p + 4) << 32);
}

int ge_msg_min_len(uint8_t type) {
  switch (type) {
    case GE_MSG_HELLO: return GE_HELLO_LEN;
    case GE_MSG_HEARTBEAT: return GE_HEARTBEAT_LEN;
    case GE_MSG_DETECTION: return GE_DETECTION_LEN;
    case GE_MSG_LOG: return 1;
    case GE_MSG_CONFIG_ACK: return GE_CONFIG_ACK_LEN;
    case GE_MSG_VERIFY_RESULT: return GE_VERIFY_RESULT_HDR;
    case GE_MSG_ERROR: return GE_ERROR_HDR;
    case GE_MSG_ACK: return GE_ACK_LEN;
    case GE_MSG_CONFIG: return GE_CONFIG_LEN;
    case GE_MSG_VERIFY_BEGIN: return GE_VERIFY_BEGIN_LEN;
    case GE_MSG_VERIFY_PCM: return GE_VERIFY_PCM_HDR;
    case GE_MSG_VERIFY_END: return GE_VERIFY_END_LEN;
    case GE_MSG_VERIFY_FEATURES: return GE_VERIFY_FEATURES_HDR;
    case GE_MSG_HELLO_REQUEST: return 0;
    default: return -1;
  }
}

ge_status_t ge_decoder_init(ge_decoder_t *d) {
  if (d == NULL) return GE_ERR_ARG;
  memset(d, 0, sizeof(*d));
  return GE_OK;
}

/* Validates the collected bytes as a frame; resets the buffer either way. */
static ge_status_t finish_frame(ge_decoder_t *d, ge_frame_t *out) {
  uint16_t n = d->len;
  d->len = 0;
  if (n == 0) return GE_ERR_EMPTY;
  if (n < 6) {
    d->stats.truncated++;
    d->stats.dropped++;
    return GE_ERR_FRAME;
  }
  uint16_t want = ge_get_u16(d->buf + n - 2);
  uint16_t got = ge_crc16_update(GE_CRC16_INIT, d->buf, (size_t)n - 2);
  if (want != got) {
    d->stats.crc_errors++;
    return GE_ERR_CRC;
  }
  if (d->buf[0] != GE_PROTOCOL_VERSION) {
    d->stats.bad_version++;
    d->stats.dropped++;
    d->bad_version_type = d->buf[1];
    d->bad_version_seq = ge_get_u16(d->buf + 2);
    return GE_ERR_FRAME;
  }
  out->type = d->buf[1];
  out->seq = ge_get_u16(d->buf + 2);
  out->payload = d->buf + 4;
  out->len = (uint16_t)(n - 6);
  d->stats.frames_ok++;
  return GE_OK;
}

ge_status_t ge_decoder_push(ge_decoder_t *d, uint8_t byte, ge_frame_t *out) {
  if (d == NULL || out == NULL) return GE_ERR_ARG;
  if (byte == GE_SLIP_END) {
    d->escaped = 0;
    if (d->discard) {
      /* The dropped frame was counted when it went bad; resume with a clean buffer. */
      d->discard = 0;
      d->len = 0;
      return GE_ERR_EMPTY;
    }
    return finish_frame(d, out);
  }
  if (d->discard) return GE_ERR_EMPTY;
  if (d->escaped) {
    d->escaped = 0;
    if (byte == GE_SLIP_ESC_END) {
      byte = GE_SLIP_END;
    } else if (byte == GE_SLIP_ESC_ESC) {
      byte = GE_SLIP_ESC;
    } else {
      d->stats.bad_escape++;
      d->stats.dropped++;
      d->discard = 1;
      return GE_ERR_FRAME;
    }
  } else if (byte == GE_SLIP_ESC) {
    d->escaped = 1;
    return GE_ERR_EMPTY;
  }
  if (d->len >= GE_FRAME_MAX) {
    d->stats.oversize++;
    d->stats.dropped++;
    d->discard = 1;
    return GE_ERR_FRAME;
  }
  d->buf[d->len++] = byte;
  return GE_ERR_EMPTY;
}

/* Appends one data byte with SLIP escaping; returns 0 when dst is full. */
static int slip_put(uint8_t *dst, size_t cap, size_t *w, uint8_t b) {
  if (b == GE_SLIP_END || b == GE_SLIP_ESC) {
    if (*w + 2 > cap) return 0;
    dst[(*w)++] = GE_SLIP_ESC;
    dst[(*w)++] = (b == GE_SLIP_END) ? GE_SLIP_ESC_END : GE_SLIP_ESC_ESC;
    return 1;
  }
  if (*w + 1 > cap) return 0;
  dst[(*w)++] = b;
  return 1;
}

ge_status_t ge_frame_encode(uint8_t type, uint16_t seq, const uint8_t *payload, uint16_t len, uint8_t *dst,
                            size_t cap, size_t *written) {
  if (dst == NULL || written == NULL || (payload == NULL && len > 0)) return GE_ERR_ARG;
  if (len > GE_PAYLOAD_MAX) return GE_ERR_ARG;
  uint8_t hdr[4] = {GE_PROTOCOL_VERSION, type, (uint8_t)seq, (uint8_t)(seq >> 8)};
  uint16_t crc = ge_crc16_update(GE_CRC16_INIT, hdr, 4);
  crc = ge_crc16_update(crc, payload, len);
  uint8_t tail[2] = {(uint8_t)crc, (uint8_t)(crc >> 8)};
  size_t w = 0;
  if (cap < 1) return GE_ERR_FULL;
  dst[w++] = GE_SLIP_END;
  for (int i = 0; i < 4; i++)
    if (!slip_put(dst, cap, &w, hdr[i])) return GE_ERR_FULL;
  for (uint16_t i = 0; i < len; i++)
    if (!slip_put(dst, cap, &w, payload[i])) return GE_ERR_FULL;
  for (int i = 0; i < 2; i++)
    if (!slip_put(dst, cap, &w, tail[i])) return GE_ERR_FULL;
  if (w + 1 > cap) return GE_ERR_FULL;
  dst[w++] = GE_SLIP_END;
  *written = w;
  return GE_OK;
}

void ge_hello_pack(const ge_hello_t *m, uint8_t out[GE_HELLO_LEN]) {
  out[0] = GE_PROTOCOL_VERSION;
  memcpy(out + 1, m->board_id, 16);
  out[17] = m->fw_major;
  out[18] = m->fw_minor;
  out[19] = m->fw_patch;
  memcpy(out + 20, m->model_hash, 8);
  ge_put_u64(out + 28, m->clock_us);
  ge_put_u32(out + 36, m->capabilities);
  ge_put_u32(out + 40, m->sample_rate_hz);
  ge_put_u16(out + 44, m->window_frames);
  ge_put_u16(out + 46, m->hop_frames);
  out[48] = m->n_mfcc;
  out[49] = (uint8_t)m->threshold;
  ge_put_u32(out + 50, (uint32_t)m->lat_e6);
  ge_put_u32(out + 54, (uint32_t)m->lon_e6);
  ge_put_u32(out + 58, (uint32_t)m->alt_cm);
}

ge_status_t ge_hello_parse(const uint8_t *p, size_t len, ge_hello_t *m) {
  if (p == NULL || m == NULL) return GE_ERR_ARG;
  if (len < GE_HELLO_LEN) return GE_ERR_FRAME;
  memcpy(m->board_id, p + 1, 16);
  m->fw_major = p[17];
  m->fw_minor = p[18];
  m->fw_patch = p[19];
  memcpy(m->model_hash, p + 20, 8);
  m->clock_us = ge_get_u64(p + 28);
  m->capabilities = ge_get_u32(p + 36);
  m->sample_rate_hz = ge_get_u32(p + 40);
  m->window_frames = ge_get_u16(p + 44);
  m->hop_frames = ge_get_u16(p + 46);
  m->n_mfcc = p[48];
  m->threshold = (int8_t)p[49];
  m->lat_e6 = (int32_t)ge_get_u32(p + 50);
  m->lon_e6 = (int32_t)ge_get_u32(p + 54);
  m->alt_cm = (int32_t)ge_get_u32(p + 58);
  return GE_OK;
}

void ge_heartbeat_pack(const ge_heartbeat_t *m, uint8_t out[GE_HEARTBEAT_LEN]) {
  ge_put_u32(out + 0, m->uptime_ms);
  ge_put_u64(out + 4, m->clock_us);
  out[12] = m->queue_depth;
  out[13] = m->queue_capacity;
  ge_put_u32(out + 14, m->dropped_events);
  ge_put_u32(out + 18, m->rx_dropped);
  ge_put_u32(out + 22, m->rx_crc_errors);
  ge_put_u32(out + 26, m->audio_overruns);
  ge_put_u32(out + 30, m->last_inference_us);
}

void ge_detection_pack(const ge_detection_t *m, uint8_t out[GE_DETECTION_LEN]) {
  ge_put_u32(out + 0, m->event_id);
  ge_put_u64(out + 4, m->timestamp_us);
  ge_put_u64(out + 12, m->window_start_us);
  out[20] = (uint8_t)m->score;
  out[21] = m->flags;
  ge_put_u16(out + 22, m->probability_q16);
  ge_put_u16(out + 24, m->peak_level);
  ge_put_u32(out + 26, m->energy);
}

ge_status_t ge_detection_parse(const uint8_t *p, size_t len, ge_detection_t *m) {
  if (p == NULL || m == NULL) return GE_ERR_ARG;
  if (len < GE_DETECTION_LEN) return GE_ERR_FRAME;
  m->event_id = ge_get_u32(p);
  m->timestamp_us = ge_get_u64(p + 4);
  m->window_start_us = ge_get_u64(p + 12);
  m->score = (int8_t)p[20];
  m->flags = p[21];
  m->probability_q16 = ge_get_u16(p + 22);
  m->peak_level = ge_get_u16(p + 24);
  m->energy = ge_get_u32(p + 26);
  return GE_OK;
}

void ge_ack_pack(const ge_ack_t *m, uint8_t out[GE_ACK_LEN]) {
  out[0] = m->acked_type;
  ge_put_u16(out + 1, m->acked_seq);
  ge_put_u32(out + 3, m->event_id);
  out[7] = m->status;
}

ge_status_t ge_ack_parse(const uint8_t *p, size_t len, ge_ack_t *m) {
  if (p == NULL || m == NULL) return GE_ERR_ARG;
  if (len < GE_ACK_LEN) return GE_ERR_FRAME;
  m->acked_type = p[0];
  m->acked_seq = ge_get_u16(p + 1);
  m->event_id = ge_get_u32(p + 3);
  m->status = p[7];
  return GE_OK;
}

void ge_config_pack(const ge_config_t *m, uint8_t out[GE_CONFIG_LEN]) {
  ge_put_u16(out + 0, m->valid);
  out[2] = (uint8_t)m->threshold;
  out[3] = m->hysteresis;
  ge_put_u16(out + 4, m->refractory_ms);
  ge_put_u32(out + 6, (uint32_t)m->lat_e6);
  ge_put_u32(out + 10, (uint32_t)m->lon_e6);
  ge_put_u32(out + 14, (uint32_t)m->alt_cm);
  ge_put_u64(out + 18, (uint64_t)m->clock_offset_us);
  ge_put_u16(out + 26, m->heartbeat_ms);
  ge_put_u16(out + 28, m->resend_ms);
}

ge_status_t ge_config_parse(const uint8_t *p, size_t len, ge_config_t *m) {
  if (p == NULL || m == NULL) return GE_ERR_ARG;
  if (len < GE_CONFIG_LEN) return GE_ERR_FRAME;
  m->valid = ge_get_u16(p);
  m->threshold = (int8_t)p[2];
  m->hysteresis = p[3];
  m->refractory_ms = ge_get_u16(p + 4);
  m->lat_e6 = (int32_t)ge_get_u32(p + 6);
  m->lon_e6 = (int32_t)ge_get_u32(p + 10);
  m->alt_cm = (int32_t)ge_get_u32(p + 14);
  m->clock_offset_us = (int64_t)ge_get_u64(p + 18);
  m->heartbeat_ms = ge_get_u16(p + 26);
  m->resend_ms = ge_get_u16(p + 28);
  return GE_OK;
}
