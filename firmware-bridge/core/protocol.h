/*
 * Serial protocol v1 (firmware-bridge/PROTOCOL.md): SLIP framing, frame header + CRC, and the byte layouts
 * of the messages. No heap: the decoder owns one fixed buffer of GE_FRAME_MAX bytes; encoders write into
 * caller-owned buffers and report the length.
 */
#ifndef GE_PROTOCOL_H
#define GE_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>
#include "ge_status.h"

#define GE_PROTOCOL_VERSION 1u
#define GE_FRAME_MAX 1100u                   /* decoded frame: header 4 + payload + crc 2 */
#define GE_PAYLOAD_MAX (GE_FRAME_MAX - 6u)   /* 1094 */
#define GE_SLIP_MAX (2u * GE_FRAME_MAX + 2u) /* worst case on the wire: every byte escaped + 2 END */

#define GE_SLIP_END 0xC0u
#define GE_SLIP_ESC 0xDBu
#define GE_SLIP_ESC_END 0xDCu
#define GE_SLIP_ESC_ESC 0xDDu

typedef enum {
  GE_MSG_HELLO = 0x01,
  GE_MSG_HEARTBEAT = 0x02,
  GE_MSG_DETECTION = 0x03,
  GE_MSG_LOG = 0x04,
  GE_MSG_CONFIG_ACK = 0x05,
  GE_MSG_VERIFY_RESULT = 0x06,
  GE_MSG_ERROR = 0x07,
  GE_MSG_ACK = 0x08,
  GE_MSG_CONFIG = 0x10,
  GE_MSG_VERIFY_BEGIN = 0x11,
  GE_MSG_VERIFY_PCM = 0x12,
  GE_MSG_VERIFY_END = 0x13,
  GE_MSG_VERIFY_FEATURES = 0x14,
  GE_MSG_HELLO_REQUEST = 0x15
} ge_msg_type_t;

typedef enum {
  GE_PERR_BAD_LENGTH = 1,
  GE_PERR_UNKNOWN_TYPE = 2,
  GE_PERR_BAD_VERSION = 3,
  GE_PERR_BAD_STATE = 4,
  GE_PERR_OUT_OF_RANGE = 5,
  GE_PERR_BUSY = 6,
  GE_PERR_OVERFLOW = 7,
  GE_PERR_BAD_OFFSET = 8
} ge_proto_error_t;

/* Payload sizes (minimum) of PROTOCOL.md §5. */
#define GE_HELLO_LEN 62u
#define GE_HEARTBEAT_LEN 34u
#define GE_DETECTION_LEN 30u
#define GE_CONFIG_ACK_LEN 15u
#define GE_VERIFY_RESULT_HDR 22u
#define GE_ERROR_HDR 5u
#define GE_ACK_LEN 8u
#define GE_CONFIG_LEN 30u
#define GE_VERIFY_BEGIN_LEN 10u
#define GE_VERIFY_PCM_HDR 8u
#define GE_VERIFY_END_LEN 4u
#define GE_VERIFY_FEATURES_HDR 6u

/* Minimum payload length of a known type, or -1 for an unknown type. */
int ge_msg_min_len(uint8_t type);

/* A decoded frame. `payload` points into the decoder's buffer: valid until the next ge_decoder_push. */
typedef struct {
  uint8_t type;
  uint16_t seq;
  const uint8_t *payload;
  uint16_t len;
} ge_frame_t;

/* Receiver counters (PROTOCOL.md §3). */
typedef struct {
  uint32_t frames_ok;
  uint32_t dropped;     /* truncated, oversize, bad escape, bad version */
  uint32_t crc_errors;
  uint32_t truncated;
  uint32_t oversize;
  uint32_t bad_escape;
  uint32_t bad_version;
} ge_decoder_stats_t;

/* SLIP + frame decoder. Feed it bytes one at a time; it never allocates and always resynchronises at the
 * next END. State is plain data: zero it with ge_decoder_init. */
typedef struct {
  uint8_t buf[GE_FRAME_MAX];
  uint16_t len;
  uint8_t escaped;  /* previous byte was ESC */
  uint8_t discard;  /* dropping bytes until the next END (oversize or bad escape) */
  ge_decoder_stats_t stats;
  uint16_t bad_version_seq;
  uint8_t bad_version_type;
} ge_decoder_t;

ge_status_t ge_decoder_init(ge_decoder_t *d);
/*
 * Pushes one byte. Returns GE_OK with *out filled when the byte completed a valid frame (CRC good, version
 * 1; type and length are the caller's to check); GE_ERR_EMPTY when no frame is complete yet (or an empty
 * frame was skipped); GE_ERR_CRC / GE_ERR_FRAME when the byte ended a frame that was dropped and counted.
 * *out is written only on GE_OK. After a version mismatch (CRC good), d->bad_version_seq/type hold the
 * frame's seq and type so the caller can answer ERROR BAD_VERSION.
 */
ge_status_t ge_decoder_push(ge_decoder_t *d, uint8_t byte, ge_frame_t *out);

/*
 * Encodes one frame (header, payload, CRC) with SLIP into `dst` (capacity `cap`, caller-owned): a leading
 * END, the escaped bytes, a trailing END. *written receives the byte count. GE_ERR_ARG if len > 1094,
 * GE_ERR_FULL if cap is too small (nothing useful is left in dst then).
 */
ge_status_t ge_frame_encode(uint8_t type, uint16_t seq, const uint8_t *payload, uint16_t len, uint8_t *dst,
                            size_t cap, size_t *written);

/* Little-endian field helpers (p must have room). */
void ge_put_u16(uint8_t *p, uint16_t v);
void ge_put_u32(uint8_t *p, uint32_t v);
void ge_put_u64(uint8_t *p, uint64_t v);
uint16_t ge_get_u16(const uint8_t *p);
uint32_t ge_get_u32(const uint8_t *p);
uint64_t ge_get_u64(const uint8_t *p);

/* ---- Message layouts (PROTOCOL.md §5). pack: struct → payload bytes; parse: payload → struct. ---- */

typedef struct {
  char board_id[16];
  uint8_t fw_major, fw_minor, fw_patch;
  uint8_t model_hash[8];
  uint64_t clock_us;
  uint32_t capabilities;
  uint32_t sample_rate_hz;
  uint16_t window_frames, hop_frames;
  uint8_t n_mfcc;
  int8_t threshold;
  int32_t lat_e6, lon_e6, alt_cm;
} ge_hello_t;

typedef struct {
  uint32_t uptime_ms;
  uint64_t clock_us;
  uint8_t queue_depth, queue_capacity;
  uint32_t dropped_events, rx_dropped, rx_crc_errors, audio_overruns, last_inference_us;
} ge_heartbeat_t;

typedef struct {
  uint32_t event_id;
  uint64_t timestamp_us;
  uint64_t window_start_us;
  int8_t score;
  uint8_t flags;
  uint16_t probability_q16;
  uint16_t peak_level;
  uint32_t energy;
} ge_detection_t;

#define GE_DETECTION_FLAG_RETRANSMIT 0x01u

typedef struct {
  uint16_t valid;
  int8_t threshold;
  uint8_t hysteresis;
  uint16_t refractory_ms;
  int32_t lat_e6, lon_e6, alt_cm;
  int64_t clock_offset_us;
  uint16_t heartbeat_ms, resend_ms;
} ge_config_t;

#define GE_CFG_THRESHOLD 0x01u
#define GE_CFG_HYSTERESIS 0x02u
#define GE_CFG_REFRACTORY 0x04u
#define GE_CFG_POSITION 0x08u
#define GE_CFG_CLOCK_OFFSET 0x10u
#define GE_CFG_HEARTBEAT 0x20u
#define GE_CFG_RESEND 0x40u

typedef struct {
  uint8_t acked_type;
  uint16_t acked_seq;
  uint32_t event_id;
  uint8_t status;
} ge_ack_t;

void ge_hello_pack(const ge_hello_t *m, uint8_t out[GE_HELLO_LEN]);
void ge_heartbeat_pack(const ge_heartbeat_t *m, uint8_t out[GE_HEARTBEAT_LEN]);
void ge_detection_pack(const ge_detection_t *m, uint8_t out[GE_DETECTION_LEN]);
void ge_ack_pack(const ge_ack_t *m, uint8_t out[GE_ACK_LEN]);
void ge_config_pack(const ge_config_t *m, uint8_t out[GE_CONFIG_LEN]);
/* Parsers check the length (GE_ERR_FRAME if shorter than the layout). */
ge_status_t ge_hello_parse(const uint8_t *p, size_t len, ge_hello_t *m);
ge_status_t ge_detection_parse(const uint8_t *p, size_t len, ge_detection_t *m);
ge_status_t ge_ack_parse(const uint8_t *p, size_t len, ge_ack_t *m);
ge_status_t ge_config_parse(const uint8_t *p, size_t len, ge_config_t *m);

#endif
