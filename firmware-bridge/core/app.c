#include "app.h"

#include <string.h>

#include "audio_ring.h"
#include "detector.h"
#include "event_queue.h"
#include "feature_provider.h"
#include "gunshot_model.h"
#include "mfcc.h"
#include "mfcc_tables.h"
#include "model_runner.h"
#include "port.h"
#include "protocol.h"
#include "verifier.h"

#define GE_FW_MAJOR 0
#define GE_FW_MINOR 1
#define GE_FW_PATCH 0
#define GE_HELLO_REPEAT_US 5000000u
#define GE_AUDIO_BLOCK 512u
#define GE_CAP_VERIFY_PCM 0x01u
#define GE_CAP_VERIFY_FEATURES 0x02u
#define GE_CAP_LIVE_AUDIO 0x04u
#define GE_CAP_POSITION 0x08u

/*
 * Memory, sized from the generated model's own figures (gunshot_model.h, mfcc_tables.h), so a model
 * re-exported with another shape resizes everything at the next build. There is one of each: the live
 * pipeline, a clip verification and the offline helpers run one at a time and share them.
 *   ring: one FFT frame, one port block, and the audio of GE_INFERENCE_BUDGET_MS (the samples that arrive
 *   while one window's inference runs), rounded up to a power of two.
 */
#define GE_INFERENCE_BUDGET_MS 50u
#define GE_RING_NEED (GE_FEATURE_N_FFT + GE_AUDIO_BLOCK + GE_FEATURE_SAMPLE_RATE_HZ / 1000u * GE_INFERENCE_BUDGET_MS)
#define GE_POW2_ABOVE(n) ((n) <= 256u ? 256u : (n) <= 512u ? 512u : (n) <= 1024u ? 1024u : (n) <= 2048u ? 2048u : \
                          (n) <= 4096u ? 4096u : (n) <= 8192u ? 8192u : (n) <= 16384u ? 16384u : 32768u)
#define GE_RING_CAPACITY GE_POW2_ABOVE(GE_RING_NEED)
static int16_t s_ring_buf[GE_RING_CAPACITY];
static float s_mfcc_scratch[GE_MFCC_SCRATCH_FLOATS(GE_FEATURE_N_FFT, GE_FEATURE_N_MELS)];
static uint64_t s_fp_storage[GE_FP_STORAGE_WORDS(GE_MODEL_WINDOW_FRAMES, GE_FEATURE_N_MFCC, GE_FEATURE_N_FFT)];
static int8_t s_arena[GE_MODEL_ARENA_SIZE];
/* Pipeline. */
static ge_mfcc_t s_mfcc;
static ge_audio_ring_t s_ring;
static ge_feature_provider_t s_fp;
static ge_runner_t s_runner;
static ge_detector_t s_detector;
static ge_event_queue_t s_events;
static ge_verifier_t s_verifier;
static int s_live_restart; /* the ring and provider were lent out: restart the live stream at its next block */
/* Link. */
static ge_decoder_t s_decoder;
static uint8_t s_tx[GE_SLIP_MAX];
static uint16_t s_seq;
static int s_heard_gateway;
/* Configuration and counters. */
static ge_app_config_t s_cfg;
static int64_t s_clock_offset_us;
static uint64_t s_boot_us, s_last_hello_us, s_last_heartbeat_us;
static uint32_t s_next_event_id = 1;
static uint32_t s_audio_overruns;
static uint32_t s_last_inference_us;
static uint32_t s_verify_elapsed_us;
static int s_ready;

static uint64_t now_raw(void) { return ge_port_clock_us(); }
static uint64_t board_time(uint64_t raw) { return (uint64_t)((int64_t)raw + s_clock_offset_us); }

void ge_app_default_config(ge_app_config_t *cfg) {
  memset(cfg, 0, sizeof(*cfg));
  cfg->board_id = "gunshot-edge";
  cfg->lat_e6 = INT32_MIN;
  cfg->lon_e6 = INT32_MIN;
  cfg->alt_cm = INT32_MIN;
  cfg->threshold = -1000;
  cfg->hysteresis = 10;
  cfg->refractory_ms = 500;
  cfg->heartbeat_ms = 1000;
  cfg->resend_ms = 500;
  cfg->live_audio = 1;
}

static ge_status_t send_frame(uint8_t type, const uint8_t *payload, uint16_t len) {
  size_t n = 0;
  GE_TRY(ge_frame_encode(type, s_seq, payload, len, s_tx, sizeof s_tx, &n));
  s_seq++;
  return ge_port_serial_write(s_tx, n);
}

static ge_status_t send_error(uint16_t code, uint16_t ref_seq, uint8_t ref_type, const char *text) {
  uint8_t p[GE_ERROR_HDR + 64];
  size_t tl = text ? strlen(text) : 0;
  if (tl > 64) tl = 64;
  ge_put_u16(p, code);
  ge_put_u16(p + 2, ref_seq);
  p[4] = ref_type;
  if (tl) memcpy(p + GE_ERROR_HDR, text, tl);
  return send_frame(GE_MSG_ERROR, p, (uint16_t)(GE_ERROR_HDR + tl));
}

static ge_status_t send_log(uint8_t level, const char *text) {
  uint8_t p[1 + 200];
  size_t tl = strlen(text);
  if (tl > 200) tl = 200;
  p[0] = level;
  memcpy(p + 1, text, tl);
  return send_frame(GE_MSG_LOG, p, (uint16_t)(1 + tl));
}

static ge_status_t send_ack(uint8_t type, uint16_t seq, uint32_t event_id) {
  ge_ack_t a = {type, seq, event_id, 0};
  uint8_t p[GE_ACK_LEN];
  ge_ack_pack(&a, p);
  return send_frame(GE_MSG_ACK, p, GE_ACK_LEN);
}

static ge_status_t send_hello(void) {
  ge_hello_t h;
  memset(&h, 0, sizeof h);
  size_t idl = strlen(s_cfg.board_id);
  memcpy(h.board_id, s_cfg.board_id, idl > 16 ? 16 : idl);
  h.fw_major = GE_FW_MAJOR;
  h.fw_minor = GE_FW_MINOR;
  h.fw_patch = GE_FW_PATCH;
  memcpy(h.model_hash, g_ge_model_hash, 8);
  h.clock_us = board_time(now_raw());
  h.capabilities = GE_CAP_VERIFY_PCM | GE_CAP_VERIFY_FEATURES | GE_CAP_POSITION | (s_cfg.live_audio ? GE_CAP_LIVE_AUDIO : 0);
  h.sample_rate_hz = GE_FEATURE_SAMPLE_RATE_HZ;
  h.window_frames = GE_MODEL_WINDOW_FRAMES;
  h.hop_frames = GE_MODEL_WINDOW_HOP_FRAMES;
  h.n_mfcc = GE_FEATURE_N_MFCC;
  h.threshold = s_detector.cfg.threshold;
  h.lat_e6 = s_cfg.lat_e6;
  h.lon_e6 = s_cfg.lon_e6;
  h.alt_cm = s_cfg.alt_cm;
  uint8_t p[GE_HELLO_LEN];
  ge_hello_pack(&h, p);
  s_last_hello_us = now_raw();
  return send_frame(GE_MSG_HELLO, p, GE_HELLO_LEN);
}

static ge_status_t send_heartbeat(void) {
  ge_heartbeat_t hb;
  uint64_t raw = now_raw();
  hb.uptime_ms = (uint32_t)((raw - s_boot_us) / 1000u);
  hb.clock_us = board_time(raw);
  hb.queue_depth = s_events.count;
  hb.queue_capacity = GE_EVENT_QUEUE_CAPACITY;
  hb.dropped_events = s_events.dropped;
  hb.rx_dropped = s_decoder.stats.dropped;
  hb.rx_crc_errors = s_decoder.stats.crc_errors;
  hb.audio_overruns = s_audio_overruns + s_ring.overrun_samples;
  hb.last_inference_us = s_last_inference_us;
  uint8_t p[GE_HEARTBEAT_LEN];
  ge_heartbeat_pack(&hb, p);
  s_last_heartbeat_us = raw;
  return send_frame(GE_MSG_HEARTBEAT, p, GE_HEARTBEAT_LEN);
}

static ge_status_t send_detection(const ge_detection_t *d) {
  uint8_t p[GE_DETECTION_LEN];
  ge_detection_pack(d, p);
  return send_frame(GE_MSG_DETECTION, p, GE_DETECTION_LEN);
}

static ge_status_t send_verify_result(void) {
  static uint8_t p[GE_PAYLOAD_MAX];
  const uint32_t per = GE_PAYLOAD_MAX - GE_VERIFY_RESULT_HDR;
  const uint32_t n = s_verifier.n_windows;
  const uint16_t parts = (uint16_t)(n == 0 ? 1 : (n + per - 1) / per);
  int8_t max_score = -128;
  for (uint32_t i = 0; i < n; i++)
    if (s_verifier.outputs[i] > max_score) max_score = s_verifier.outputs[i];
  for (uint16_t part = 0; part < parts; part++) {
    uint32_t first = part * per;
    uint32_t k = n - first < per ? n - first : per;
    ge_put_u32(p, s_verifier.clip_id);
    ge_put_u16(p + 4, part);
    ge_put_u16(p + 6, parts);
    ge_put_u16(p + 8, (uint16_t)n);
    ge_put_u16(p + 10, (uint16_t)first);
    p[12] = (uint8_t)(n > 0 && max_score >= s_detector.cfg.threshold);
    p[13] = (uint8_t)max_score;
    ge_put_u32(p + 14, s_verify_elapsed_us);
    ge_put_u32(p + 18, 0);
    memcpy(p + GE_VERIFY_RESULT_HDR, s_verifier.outputs + first, k);
    GE_TRY(send_frame(GE_MSG_VERIFY_RESULT, p, (uint16_t)(GE_VERIFY_RESULT_HDR + k)));
  }
  return GE_OK;
}

/* CONFIG: validate every present field, then apply all (PROTOCOL.md 0x10). */
static ge_status_t handle_config(const ge_frame_t *f) {
  ge_config_t c;
  GE_TRY(ge_config_parse(f->payload, f->len, &c));
  uint8_t status = 0;
  if ((c.valid & GE_CFG_REFRACTORY) && c.refractory_ms > 60000u) status = GE_PERR_OUT_OF_RANGE;
  if ((c.valid & GE_CFG_POSITION) &&
      (c.lat_e6 < -90000000 || c.lat_e6 > 90000000 || c.lon_e6 < -180000000 || c.lon_e6 > 180000000))
    status = GE_PERR_OUT_OF_RANGE;
  if ((c.valid & GE_CFG_HEARTBEAT) && (c.heartbeat_ms < 100u || c.heartbeat_ms > 60000u)) status = GE_PERR_OUT_OF_RANGE;
  if ((c.valid & GE_CFG_RESEND) && (c.resend_ms < 50u || c.resend_ms > 60000u)) status = GE_PERR_OUT_OF_RANGE;
  if (status == 0) {
    ge_detector_cfg_t dc = s_detector.cfg;
    if (c.valid & GE_CFG_THRESHOLD) dc.threshold = c.threshold;
    if (c.valid & GE_CFG_HYSTERESIS) dc.hysteresis = c.hysteresis;
    if (c.valid & GE_CFG_REFRACTORY) dc.refractory_us = (uint32_t)c.refractory_ms * 1000u;
    GE_TRY(ge_detector_configure(&s_detector, dc));
    if (c.valid & GE_CFG_POSITION) {
      s_cfg.lat_e6 = c.lat_e6;
      s_cfg.lon_e6 = c.lon_e6;
      s_cfg.alt_cm = c.alt_cm;
    }
    if (c.valid & GE_CFG_CLOCK_OFFSET) s_clock_offset_us = c.clock_offset_us;
    if (c.valid & GE_CFG_HEARTBEAT) s_cfg.heartbeat_ms = c.heartbeat_ms;
    if (c.valid & GE_CFG_RESEND) s_cfg.resend_ms = c.resend_ms;
  }
  uint8_t p[GE_CONFIG_ACK_LEN];
  ge_put_u16(p, f->seq);
  p[2] = status;
  p[3] = (uint8_t)s_detector.cfg.threshold;
  p[4] = s_detector.cfg.hysteresis;
  ge_put_u16(p + 5, (uint16_t)(s_detector.cfg.refractory_us / 1000u));
  ge_put_u64(p + 7, board_time(now_raw()));
  return send_frame(GE_MSG_CONFIG_ACK, p, GE_CONFIG_ACK_LEN);
}

/* Runs a verifier call, timing it; answers ACK on success or ERROR with the protocol code. */
static ge_status_t verify_reply(const ge_frame_t *f, ge_status_t s, uint8_t perr, uint64_t t0) {
  s_verify_elapsed_us += (uint32_t)(now_raw() - t0);
  if (s == GE_ERR_STATE) return send_error(perr, f->seq, f->type, "verify");
  if (s != GE_OK) return send_error(GE_PERR_BAD_STATE, f->seq, f->type, ge_status_name(s));
  return send_ack(f->type, f->seq, 0);
}

static ge_status_t dispatch(const ge_frame_t *f) {
  int min = ge_msg_min_len(f->type);
  s_heard_gateway = 1;
  if (min < 0 || f->type == GE_MSG_HELLO || f->type == GE_MSG_HEARTBEAT || f->type == GE_MSG_DETECTION ||
      f->type == GE_MSG_LOG || f->type == GE_MSG_CONFIG_ACK || f->type == GE_MSG_VERIFY_RESULT) {
    s_decoder.stats.dropped++;
    return send_error(GE_PERR_UNKNOWN_TYPE, f->seq, f->type, "unknown type");
  }
  if (f->len < (uint16_t)min) {
    s_decoder.stats.dropped++;
    return send_error(GE_PERR_BAD_LENGTH, f->seq, f->type, "short payload");
  }
  uint8_t perr = 0;
  uint64_t t0 = now_raw();
  switch (f->type) {
    case GE_MSG_HELLO_REQUEST:
      return send_hello();
    case GE_MSG_ACK: {
      ge_ack_t a;
      GE_TRY(ge_ack_parse(f->payload, f->len, &a));
      if (a.acked_type == GE_MSG_DETECTION) (void)ge_eq_ack(&s_events, a.event_id); /* duplicates are fine */
      return GE_OK;
    }
    case GE_MSG_ERROR:
      return GE_OK; /* the gateway's complaints are visible in its own log */
    case GE_MSG_CONFIG:
      return handle_config(f);
    case GE_MSG_VERIFY_BEGIN: {
      s_verify_elapsed_us = 0;
      ge_status_t s = ge_verify_begin(&s_verifier, ge_get_u32(f->payload), ge_get_u32(f->payload + 4), f->payload[8], &perr);
      return verify_reply(f, s, perr, t0);
    }
    case GE_MSG_VERIFY_PCM: {
      if ((f->len - GE_VERIFY_PCM_HDR) % 2 != 0) return send_error(GE_PERR_BAD_LENGTH, f->seq, f->type, "odd PCM bytes");
      ge_status_t s = ge_verify_pcm(&s_verifier, ge_get_u32(f->payload), ge_get_u32(f->payload + 4),
                                    f->payload + GE_VERIFY_PCM_HDR, (uint32_t)(f->len - GE_VERIFY_PCM_HDR) / 2, &perr);
      return verify_reply(f, s, perr, t0);
    }
    case GE_MSG_VERIFY_FEATURES: {
      ge_status_t s = ge_verify_features(&s_verifier, ge_get_u32(f->payload), ge_get_u16(f->payload + 4),
                                         (const int8_t *)(f->payload + GE_VERIFY_FEATURES_HDR),
                                         (uint32_t)(f->len - GE_VERIFY_FEATURES_HDR), &perr);
      return verify_reply(f, s, perr, t0);
    }
    case GE_MSG_VERIFY_END: {
      ge_status_t s = ge_verify_end(&s_verifier, ge_get_u32(f->payload), &perr);
      s_verify_elapsed_us += (uint32_t)(now_raw() - t0);
      if (s == GE_ERR_STATE) return send_error(perr, f->seq, f->type, "verify end");
      if (s != GE_OK) return send_error(GE_PERR_BAD_STATE, f->seq, f->type, ge_status_name(s));
      return send_verify_result();
    }
    default:
      return send_error(GE_PERR_UNKNOWN_TYPE, f->seq, f->type, "unknown type");
  }
}

/* Reads and dispatches what the port has, up to 4 kB per call so one loop() stays short. */
static ge_status_t poll_serial(void) {
  uint8_t buf[256];
  for (int round = 0; round < 16; round++) {
    size_t n = 0;
    GE_TRY(ge_port_serial_read(buf, sizeof buf, &n));
    for (size_t i = 0; i < n; i++) {
      ge_frame_t f;
      ge_status_t s = ge_decoder_push(&s_decoder, buf[i], &f);
      if (s == GE_OK) {
        ge_status_t d = dispatch(&f);
        if (d != GE_OK) (void)send_log(3, ge_status_name(d));
      } else if (s == GE_ERR_FRAME && s_decoder.bad_version_seq != 0xFFFFu) {
        (void)send_error(GE_PERR_BAD_VERSION, s_decoder.bad_version_seq, s_decoder.bad_version_type, "version");
        s_decoder.bad_version_seq = 0xFFFFu;
      }
    }
    if (n < sizeof buf) break;
  }
  return GE_OK;
}

/* One live window: model, detector, store-and-forward. */
static ge_status_t on_window(const ge_window_info_t *info) {
  int8_t score;
  uint64_t t0 = now_raw();
  GE_TRY(ge_runner_invoke(&s_runner, &score));
  s_last_inference_us = (uint32_t)(now_raw() - t0);
  uint64_t win_us = board_time(ge_audio_ring_time_us(&s_ring, info->start_index));
  int onset = 0;
  GE_TRY(ge_detector_update(&s_detector, score, win_us, &onset));
  if (!onset) return GE_OK;
  ge_detection_t d;
  memset(&d, 0, sizeof d);
  d.event_id = s_next_event_id++;
  d.timestamp_us = board_time(ge_audio_ring_time_us(&s_ring, info->peak_index));
  d.window_start_us = win_us;
  d.score = score;
  /* p = (q − zp)·scale with scale 1/256, zp −128 for the logistic output: q + 128 over 256, × 65535. */
  int32_t q = (int32_t)score - GE_MODEL_OUTPUT_ZERO_POINT;
  d.probability_q16 = (uint16_t)(((uint32_t)q * 65535u + 128u) / 256u);
  d.peak_level = info->peak_level;
  d.energy = info->energy;
  GE_TRY(ge_eq_push(&s_events, &d, now_raw()));
  ge_port_led(1);
  return send_detection(&d);
}

static ge_status_t poll_audio(void) {
  int16_t block[GE_AUDIO_BLOCK];
  size_t n = 0;
  uint64_t first_index = 0, first_us = 0;
  GE_TRY(ge_port_audio_read(block, GE_AUDIO_BLOCK, &n, &first_index, &first_us, &s_audio_overruns));
  if (n == 0) return GE_OK;
  if (s_verifier.state != GE_VERIFY_IDLE) {
    /* Live detection is paused during a verification, which holds the ring: the live audio is dropped. */
    s_live_restart = 1;
    return GE_OK;
  }
  if (s_live_restart) {
    /* Frames restart after the pause: no window mixes old and new audio. */
    GE_TRY(ge_audio_ring_restart(&s_ring, first_index));
    GE_TRY(ge_fp_reset(&s_fp));
    s_live_restart = 0;
  }
  GE_TRY(ge_audio_ring_write(&s_ring, block, n, first_index, first_us));
  return GE_OK;
}

static ge_status_t step_features(void) {
  ge_window_info_t info;
  ge_status_t s = ge_fp_step(&s_fp, &s_ring, ge_runner_input(&s_runner), &info);
  if (s == GE_ERR_EMPTY) return GE_OK;
  GE_TRY(s);
  return on_window(&info);
}

/* (Re)initialises the shared pipeline memory: frontend, ring, provider, runner. */
static ge_status_t pipeline_init(void) {
  if (GE_FEATURE_N_MFCC != GE_MODEL_INPUT_COEFFS) return GE_ERR_MODEL;
  GE_TRY(ge_mfcc_init(&s_mfcc, &g_ge_mfcc_tables, GE_MODEL_INPUT_SCALE, GE_MODEL_INPUT_ZERO_POINT, s_mfcc_scratch,
                      sizeof s_mfcc_scratch / sizeof s_mfcc_scratch[0]));
  ge_window_cfg_t wc = {GE_MODEL_WINDOW_FRAMES, GE_MODEL_WINDOW_HOP_FRAMES, GE_MODEL_WINDOW_STATS};
  GE_TRY(ge_audio_ring_init(&s_ring, GE_FEATURE_SAMPLE_RATE_HZ, s_ring_buf, GE_RING_CAPACITY));
  GE_TRY(ge_fp_init(&s_fp, &s_mfcc, wc, s_fp_storage, sizeof s_fp_storage / sizeof s_fp_storage[0]));
  GE_TRY(ge_runner_init(&s_runner, &g_ge_model, s_arena, sizeof s_arena));
  /* The provider writes exactly the model input: rows (frames, or 5 statistics) × coefficients. */
  if (g_ge_model.input_size != (uint32_t)GE_MODEL_INPUT_FRAMES * GE_FEATURE_N_MFCC ||
      g_ge_model.input_size != GE_FP_WINDOW_BYTES(wc, GE_FEATURE_N_MFCC))
    return GE_ERR_MODEL;
  return GE_OK;
}

ge_status_t ge_app_setup(const ge_app_config_t *cfg) {
  if (cfg == NULL || cfg->board_id == NULL) return GE_ERR_ARG;
  s_cfg = *cfg;
  GE_TRY(pipeline_init());
  s_live_restart = 0;
  ge_detector_cfg_t dc;
  dc.threshold = (int8_t)(cfg->threshold < -128 ? GE_MODEL_THRESHOLD_Q : (cfg->threshold > 127 ? 127 : cfg->threshold));
  dc.hysteresis = cfg->hysteresis;
  dc.refractory_us = (uint32_t)cfg->refractory_ms * 1000u;
  GE_TRY(ge_detector_init(&s_detector, dc));
  GE_TRY(ge_eq_init(&s_events));
  GE_TRY(ge_verify_init(&s_verifier, &s_ring, &s_fp, &s_runner));
  GE_TRY(ge_decoder_init(&s_decoder));
  s_decoder.bad_version_seq = 0xFFFFu;
  s_boot_us = now_raw();
  s_last_heartbeat_us = s_boot_us;
  s_ready = 1;
  return send_hello();
}

ge_status_t ge_app_loop(void) {
  if (!s_ready) return GE_ERR_STATE;
  GE_TRY(poll_serial());
  if (s_cfg.live_audio) {
    GE_TRY(poll_audio());
    if (s_verifier.state == GE_VERIFY_IDLE) GE_TRY(step_features());
  }
  uint64_t raw = now_raw();
  ge_detection_t d;
  if (ge_eq_due(&s_events, raw, (uint64_t)s_cfg.resend_ms * 1000u, &d) == GE_OK) {
    d.flags |= GE_DETECTION_FLAG_RETRANSMIT;
    GE_TRY(send_detection(&d));
  }
  if (s_events.count == 0) ge_port_led(0);
  if (raw - s_last_heartbeat_us >= (uint64_t)s_cfg.heartbeat_ms * 1000u) GE_TRY(send_heartbeat());
  if (!s_heard_gateway && raw - s_last_hello_us >= GE_HELLO_REPEAT_US) GE_TRY(send_hello());
  return GE_OK;
}

ge_status_t ge_app_log(uint8_t level, const char *text) {
  if (!s_ready) return GE_ERR_STATE;
  if (text == NULL || level > 3) return GE_ERR_ARG;
  return send_log(level, text);
}

/* The offline helpers below borrow the shared pipeline memory; a live stream restarts after them. */
static ge_status_t offline_begin(void) {
  if (s_verifier.state != GE_VERIFY_IDLE) return GE_ERR_STATE;
  GE_TRY(pipeline_init());
  s_live_restart = 1;
  return GE_OK;
}

ge_status_t ge_app_infer(const int8_t *window, int8_t *out) {
  if (window == NULL || out == NULL) return GE_ERR_ARG;
  GE_TRY(offline_begin());
  memcpy(ge_runner_input(&s_runner), window, g_ge_model.input_size);
  return ge_runner_invoke(&s_runner, out);
}

uint32_t ge_app_window_bytes(void) { return (uint32_t)GE_MODEL_INPUT_FRAMES * GE_FEATURE_N_MFCC; }

/* Offline pipeline shared by the two helpers below: a private ring and provider over the whole clip. */
static ge_status_t offline_run(const int16_t *pcm, uint32_t n, int8_t *outputs, int8_t *features, uint32_t max,
                               uint32_t *n_windows) {
  if ((pcm == NULL && n > 0) || n_windows == NULL) return GE_ERR_ARG;
  GE_TRY(offline_begin());
  ge_audio_ring_t *ring = &s_ring;
  const ge_window_cfg_t wc = s_fp.cfg;
  const uint32_t total = ge_fp_padded_length(n, GE_FEATURE_N_FFT, GE_FEATURE_HOP_LENGTH, wc);
  static const int16_t zeros[256] = {0};
  uint32_t fed = 0, count = 0;
  const uint32_t wb = ge_app_window_bytes();
  while (fed < total || ge_audio_ring_available(ring) >= GE_FEATURE_N_FFT) {
    if (fed < total && ge_audio_ring_available(ring) < GE_FEATURE_N_FFT) {
      uint32_t k = total - fed < 256 ? total - fed : 256;
      const int16_t *src = fed < n ? pcm + fed : zeros;
      if (fed < n && fed + k > n) k = n - fed;
      GE_TRY(ge_audio_ring_write(ring, src, k, ring->write_index, 0));
      fed += k;
      continue;
    }
    ge_window_info_t info;
    int8_t *in = ge_runner_input(&s_runner);
    ge_status_t s = ge_fp_step(&s_fp, ring, in, &info);
    if (s == GE_ERR_EMPTY) continue;
    GE_TRY(s);
    if (count < max) {
      if (features != NULL) memcpy(features + (size_t)count * wb, in, wb);
      if (outputs != NULL) GE_TRY(ge_runner_invoke(&s_runner, &outputs[count]));
    }
    count++;
  }
  *n_windows = count;
  return GE_OK;
}

ge_status_t ge_app_score_clip(const int16_t *pcm, uint32_t n, int8_t *outputs, uint32_t max, uint32_t *n_windows) {
  if (outputs == NULL) return GE_ERR_ARG;
  return offline_run(pcm, n, outputs, NULL, max, n_windows);
}

ge_status_t ge_app_clip_features(const int16_t *pcm, uint32_t n, int8_t *features, uint32_t max_windows,
                                 uint32_t *n_windows) {
  if (features == NULL) return GE_ERR_ARG;
  return offline_run(pcm, n, NULL, features, max_windows, n_windows);
}
