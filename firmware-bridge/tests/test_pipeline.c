#include "test.h"
#include <math.h>
#include <string.h>

#include "audio_ring.h"
#include "detector.h"
#include "event_queue.h"
#include "feature_provider.h"
#include "window_norm.h"
#include "window_stats.h"
#include "gunshot_model.h"
#include "mfcc_tables.h"
#include "model_runner.h"
#include "test.h"

void test_audio_ring(void) {
  enum { CAP = 256 };
  static ge_audio_ring_t r;
  static int16_t buf[CAP];
  CHECK_EQ(ge_audio_ring_init(&r, 16000, buf, 100), GE_ERR_RANGE); /* not a power of two */
  CHECK_EQ(ge_audio_ring_init(&r, 16000, NULL, CAP), GE_ERR_ARG);
  CHECK_EQ(ge_audio_ring_init(&r, 16000, buf, CAP), GE_OK);
  int16_t a[100];
  for (int i = 0; i < 100; i++) a[i] = (int16_t)i;
  CHECK_EQ(ge_audio_ring_write(&r, a, 100, 0, 1000), GE_OK);
  CHECK_EQ(ge_audio_ring_available(&r), 100);
  int16_t b[10];
  CHECK_EQ(ge_audio_ring_peek(&r, 95, b, 5), GE_OK);
  CHECK_EQ(b[4], 99);
  CHECK_EQ(ge_audio_ring_peek(&r, 95, b, 6), GE_ERR_EMPTY);
  CHECK_EQ(ge_audio_ring_consume(&r, 90), GE_OK);
  /* A gap of 16 samples is zero-filled so indices stay aligned with time. */
  CHECK_EQ(ge_audio_ring_write(&r, a, 4, 116, 1000 + 116 * 1000000ull / 16000), GE_OK);
  CHECK_EQ(ge_audio_ring_available(&r), 30);
  CHECK_EQ(ge_audio_ring_peek(&r, 10, b, 1), GE_OK);
  CHECK_EQ(b[0], 0);
  CHECK(ge_audio_ring_time_us(&r, 116 + 16) == 1000 + 132 * 1000000ull / 16000);
  CHECK_EQ(ge_audio_ring_write(&r, a, 4, 10, 0), GE_ERR_ARG); /* time never goes back */
  /* Overflow drops the oldest and counts it. */
  static int16_t big[CAP + 50];
  CHECK_EQ(ge_audio_ring_write(&r, big, CAP + 50, r.write_index, 0), GE_OK);
  CHECK_EQ(ge_audio_ring_available(&r), CAP);
  CHECK_EQ(r.overrun_samples, 80);
  /* A restart empties the ring at a new stream index and keeps the overrun count. */
  CHECK_EQ(ge_audio_ring_restart(&r, 1000000), GE_OK);
  CHECK_EQ(ge_audio_ring_available(&r), 0);
  CHECK_EQ(ge_audio_ring_write(&r, a, 3, 1000000, 5), GE_OK);
  CHECK_EQ(ge_audio_ring_available(&r), 3);
  CHECK_EQ(ge_audio_ring_peek(&r, 2, b, 1), GE_OK);
  CHECK_EQ(b[0], 2);
  CHECK_EQ(r.overrun_samples, 80);
}

void test_detector(void) {
  ge_detector_t d;
  ge_detector_cfg_t cfg = {20, 10, 500000};
  CHECK_EQ(ge_detector_init(&d, cfg), GE_OK);
  int on = 0;
  const int8_t scores[] = {0, 25, 30, 15, 9, 40, 40, 5, 21};
  const uint64_t times[] = {0, 200000, 400000, 600000, 800000, 1000000, 1200000, 1400000, 1450000};
  const int expect[] = {0, 1, 0, 0, 0, 1, 0, 0, 0};
  for (int i = 0; i < 9; i++) {
    CHECK_EQ(ge_detector_update(&d, scores[i], times[i], &on), GE_OK);
    CHECK_EQ(on, expect[i]);
  }
  /* 15 is not below 20 − 10, so still disarmed at t=0.6 s; 9 re-arms; 40 at 1.0 s fires (0.8 s after the
   * last onset); 5 re-arms; 21 at 1.45 s is inside the 500 ms refractory period of the onset at 1.0 s. */
  CHECK_EQ(ge_detector_update(NULL, 0, 0, &on), GE_ERR_ARG);
}

void test_event_queue(void) {
  static ge_event_queue_t q;
  ge_eq_init(&q);
  ge_detection_t d, out;
  memset(&d, 0, sizeof d);
  for (uint32_t i = 1; i <= GE_EVENT_QUEUE_CAPACITY + 2; i++) {
    d.event_id = i;
    CHECK_EQ(ge_eq_push(&q, &d, 0), GE_OK);
  }
  CHECK_EQ(q.count, GE_EVENT_QUEUE_CAPACITY);
  CHECK_EQ(q.dropped, 2);
  CHECK_EQ(ge_eq_ack(&q, 1), GE_ERR_EMPTY); /* dropped already */
  CHECK_EQ(ge_eq_ack(&q, 5), GE_OK);
  CHECK_EQ(ge_eq_ack(&q, 5), GE_ERR_EMPTY); /* duplicate ACK */
  CHECK_EQ(q.count, GE_EVENT_QUEUE_CAPACITY - 1);
  CHECK_EQ(ge_eq_due(&q, 100, 500, &out), GE_ERR_EMPTY);
  CHECK_EQ(ge_eq_due(&q, 500, 500, &out), GE_OK);
  CHECK_EQ(out.event_id, 3); /* oldest remaining */
  CHECK_EQ(ge_eq_due(&q, 500, 500, &out), GE_OK);
  CHECK_EQ(out.event_id, 4); /* round robin: 3 was just re-sent */
  CHECK_EQ(ge_eq_due(&q, 500, 500, &out), GE_OK);
  CHECK_EQ(out.event_id, 6);
  for (uint32_t i = 3; i <= GE_EVENT_QUEUE_CAPACITY + 2; i++) ge_eq_ack(&q, i);
  CHECK_EQ(q.count, 0);
}

void test_feature_provider(void) {
  enum { SCRATCH = GE_MFCC_SCRATCH_FLOATS(GE_FEATURE_N_FFT, GE_FEATURE_N_MELS),
         WORDS = GE_FP_STORAGE_WORDS(GE_MODEL_WINDOW_FRAMES, GE_FEATURE_N_MFCC, GE_FEATURE_N_FFT) };
  static float scratch[SCRATCH], scratch2[SCRATCH];
  static uint64_t storage[WORDS];
  static int16_t ring_buf[2048];
  static ge_mfcc_t m, m2;
  static ge_audio_ring_t r;
  static ge_feature_provider_t fp;
  CHECK_EQ(ge_mfcc_init(&m, &g_ge_mfcc_tables, GE_MODEL_INPUT_SCALE, GE_MODEL_INPUT_ZERO_POINT, scratch, SCRATCH), GE_OK);
  CHECK_EQ(ge_mfcc_init(&m2, &g_ge_mfcc_tables, GE_MODEL_INPUT_SCALE, GE_MODEL_INPUT_ZERO_POINT, scratch2, SCRATCH),
           GE_OK);
  ge_window_cfg_t wc = {GE_MODEL_WINDOW_FRAMES, GE_MODEL_WINDOW_HOP_FRAMES, 0};
  CHECK_EQ(ge_fp_init(&fp, &m, wc, storage, WORDS - 1), GE_ERR_RANGE); /* one word short */
  CHECK_EQ(ge_fp_init(&fp, &m, wc, storage, WORDS), GE_OK);
  ge_window_cfg_t badc = {0, 1, 0};
  CHECK_EQ(ge_fp_init(&fp, &m, badc, storage, WORDS), GE_ERR_RANGE);
  ge_window_cfg_t bads = {1, 1, 1}; /* statistics need 2+ frames */
  CHECK_EQ(ge_fp_init(&fp, &m, bads, storage, WORDS), GE_ERR_RANGE);
  ge_window_cfg_t badm = {GE_MODEL_WINDOW_FRAMES, 1, 2}; /* no such reduce step */
  CHECK_EQ(ge_fp_init(&fp, &m, badm, storage, WORDS), GE_ERR_RANGE);
  CHECK_EQ(ge_fp_init(&fp, &m, wc, storage, WORDS), GE_OK);
  CHECK_EQ(ge_audio_ring_init(&r, 16000, ring_buf, 2048), GE_OK);
  const int hop = GE_FEATURE_HOP_LENGTH, nfft = GE_FEATURE_N_FFT, nm = GE_FEATURE_N_MFCC;
  enum { N = 32000 };
  static int16_t pcm[N];
  for (int i = 0; i < N; i++) pcm[i] = (int16_t)lrint(3000 * sin(i * 0.05) + ((i * 7919) % 200) - 100);
  pcm[20000] = -30000; /* an impulse to locate */
  static int8_t win[128 * 40];
  int windows = 0, first_window_frame = -1;
  uint64_t fed = 0;
  ge_window_info_t info;
  int frames = 0, impulse_ok = 0;
  while (fed < N || ge_audio_ring_available(&r) >= (size_t)nfft) {
    if (fed < N && ge_audio_ring_available(&r) < (size_t)nfft) {
      CHECK_EQ(ge_audio_ring_write(&r, pcm + fed, 500, fed, fed * 62), GE_OK);
      fed += 500;
      continue;
    }
    ge_status_t s = ge_fp_step(&fp, &r, win, &info);
    frames++;
    if (s != GE_OK) continue;
    if (first_window_frame < 0) first_window_frame = frames;
    /* The window equals frames computed directly from the clip, then centred (window_norm.h). */
    static int8_t direct[GE_MODEL_WINDOW_FRAMES * 40];
    uint64_t start = info.start_index;
    CHECK_EQ(start, (uint64_t)(frames - GE_MODEL_WINDOW_FRAMES) * hop);
    for (int k = 0; k < GE_MODEL_WINDOW_FRAMES; k++) {
      CHECK_EQ(ge_mfcc_frame(&m2, pcm + start + (size_t)k * hop, direct + k * nm, NULL), GE_OK);
    }
    ge_window_centre(direct, GE_MODEL_WINDOW_FRAMES, nm, GE_MODEL_INPUT_ZERO_POINT);
    CHECK(memcmp(direct, win, (size_t)GE_MODEL_WINDOW_FRAMES * nm) == 0);
    if (20000 >= start && 20000 < start + (uint64_t)GE_MODEL_WINDOW_FRAMES * hop) {
      impulse_ok += info.peak_index == 20000 && info.peak_level == 30000;
    }
    windows++;
  }
  CHECK_EQ(first_window_frame, GE_MODEL_WINDOW_FRAMES);
  int n_frames = 1 + (N - nfft) / hop;
  CHECK_EQ(frames, n_frames);
  CHECK_EQ(windows, 1 + (n_frames - GE_MODEL_WINDOW_FRAMES) / GE_MODEL_WINDOW_HOP_FRAMES);
  CHECK(impulse_ok >= 1);
}


/* The provider in statistics mode: each window's 5 × n_mfcc output equals ge_window_stats over the same frames
 * computed directly (laid out linearly, first = 0), so the in-place reading of the history ring — whose oldest
 * slot moves with every window — is the linear window's; the window info equals the centring mode's. */
void test_feature_provider_stats(void) {
  enum { SCRATCH = GE_MFCC_SCRATCH_FLOATS(GE_FEATURE_N_FFT, GE_FEATURE_N_MELS),
         WORDS = GE_FP_STORAGE_WORDS(GE_MODEL_WINDOW_FRAMES, GE_FEATURE_N_MFCC, GE_FEATURE_N_FFT) };
  static float scratch[SCRATCH], scratch2[SCRATCH], scratch3[SCRATCH];
  static uint64_t storage[WORDS], storage_c[WORDS];
  static int16_t ring_buf[2048], ring_buf_c[2048];
  static ge_mfcc_t m, m2, m3;
  static ge_audio_ring_t r, rc;
  static ge_feature_provider_t fp, fpc;
  CHECK_EQ(ge_mfcc_init(&m, &g_ge_mfcc_tables, GE_MODEL_INPUT_SCALE, GE_MODEL_INPUT_ZERO_POINT, scratch, SCRATCH), GE_OK);
  CHECK_EQ(ge_mfcc_init(&m2, &g_ge_mfcc_tables, GE_MODEL_INPUT_SCALE, GE_MODEL_INPUT_ZERO_POINT, scratch2, SCRATCH), GE_OK);
  CHECK_EQ(ge_mfcc_init(&m3, &g_ge_mfcc_tables, GE_MODEL_INPUT_SCALE, GE_MODEL_INPUT_ZERO_POINT, scratch3, SCRATCH), GE_OK);
  /* A hop of 7 frames: 49 is not a multiple of it, so the windows' oldest slots take many values. */
  ge_window_cfg_t ws = {GE_MODEL_WINDOW_FRAMES, 7, 1}, wc = {GE_MODEL_WINDOW_FRAMES, 7, 0};
  CHECK_EQ(GE_FP_WINDOW_BYTES(ws, GE_FEATURE_N_MFCC), 5u * GE_FEATURE_N_MFCC);
  CHECK_EQ(GE_FP_WINDOW_BYTES(wc, GE_FEATURE_N_MFCC), (uint32_t)GE_MODEL_WINDOW_FRAMES * GE_FEATURE_N_MFCC);
  CHECK_EQ(ge_fp_init(&fp, &m, ws, storage, WORDS), GE_OK);
  CHECK_EQ(ge_fp_init(&fpc, &m3, wc, storage_c, WORDS), GE_OK);
  CHECK_EQ(ge_audio_ring_init(&r, 16000, ring_buf, 2048), GE_OK);
  CHECK_EQ(ge_audio_ring_init(&rc, 16000, ring_buf_c, 2048), GE_OK);
  const int hop = GE_FEATURE_HOP_LENGTH, nfft = GE_FEATURE_N_FFT, nm = GE_FEATURE_N_MFCC;
  enum { N = 48000 };
  static int16_t pcm[N];
  for (int i = 0; i < N; i++) pcm[i] = (int16_t)lrint(6000 * sin(i * 0.031) * sin(i * 0.0007) + ((i * 7919) % 400) - 200);
  static int8_t win[5 * 40], cwin[128 * 40], direct[128 * 40], want[5 * 40];
  uint32_t oldest_slots = 0; /* bit k: a window started at history slot k (mod 32) */
  int windows = 0, same = 0;
  uint64_t fed = 0;
  ge_window_info_t info, cinfo;
  while (fed < N || ge_audio_ring_available(&r) >= (size_t)nfft) {
    if (fed < N && ge_audio_ring_available(&r) < (size_t)nfft) {
      CHECK_EQ(ge_audio_ring_write(&r, pcm + fed, 500, fed, 0), GE_OK);
      CHECK_EQ(ge_audio_ring_write(&rc, pcm + fed, 500, fed, 0), GE_OK);
      fed += 500;
      continue;
    }
    const uint32_t slot_before = fp.next_slot;
    memset(win, 0x55, sizeof win);
    ge_status_t s = ge_fp_step(&fp, &r, win, &info);
    CHECK_EQ(ge_fp_step(&fpc, &rc, cwin, &cinfo), s);
    if (s != GE_OK) continue;
    oldest_slots |= 1u << ((slot_before + 1u) % GE_MODEL_WINDOW_FRAMES % 32u);
    for (int k = 0; k < GE_MODEL_WINDOW_FRAMES; k++)
      CHECK_EQ(ge_mfcc_frame(&m2, pcm + info.start_index + (size_t)k * hop, direct + k * nm, NULL), GE_OK);
    ge_window_stats(direct, GE_MODEL_WINDOW_FRAMES, nm, 0, GE_MODEL_INPUT_ZERO_POINT, want);
    same += memcmp(win, want, (size_t)5 * nm) == 0;
    CHECK_EQ(info.start_index, cinfo.start_index);
    CHECK_EQ(info.peak_index, cinfo.peak_index);
    CHECK_EQ(info.peak_level, cinfo.peak_level);
    CHECK_EQ(info.energy, cinfo.energy);
    windows++;
  }
  CHECK(windows > 10);
  CHECK_EQ(same, windows);
  CHECK(oldest_slots != 1u); /* windows did start away from slot 0: the wraparound was exercised */
}

void test_model_runner(void) {
  static ge_runner_t r;
  static int8_t arena[GE_MODEL_ARENA_SIZE];
  CHECK_EQ(ge_runner_init(&r, &g_ge_model, arena, GE_MODEL_ARENA_SIZE - 1), GE_ERR_MODEL);
  CHECK_EQ(ge_runner_init(&r, &g_ge_model, arena, sizeof arena), GE_OK);
  int8_t *in = ge_runner_input(&r);
  for (uint32_t i = 0; i < g_ge_model.input_size; i++) in[i] = (int8_t)((i * 37) % 256 - 128);
  int8_t a, b;
  CHECK_EQ(ge_runner_invoke(&r, &a), GE_OK);
  for (uint32_t i = 0; i < g_ge_model.input_size; i++) in[i] = (int8_t)((i * 37) % 256 - 128);
  CHECK_EQ(ge_runner_invoke(&r, &b), GE_OK);
  CHECK_EQ(a, b);
  /* A corrupted layer list is refused. */
  static ge_layer_t layers[64];
  static ge_model_t bad;
  bad = g_ge_model;
  memcpy(layers, g_ge_model.layers, sizeof(ge_layer_t) * g_ge_model.n_layers);
  layers[0].out_offset = layers[0].in_offset;
  bad.layers = layers;
  CHECK_EQ(ge_runner_init(&r, &bad, arena, sizeof arena), GE_ERR_MODEL);
  layers[0] = g_ge_model.layers[0];
  layers[0].kind = 99;
  CHECK_EQ(ge_runner_init(&r, &bad, arena, sizeof arena), GE_ERR_MODEL);
  layers[0].kind = 3; /* the retired MEAN layer kind (the pool is folded into FULLY_CONNECTED now) */
  CHECK_EQ(ge_runner_init(&r, &bad, arena, sizeof arena), GE_ERR_MODEL);
}

void test_window_centre(void) {
  /* 4 frames × 2 coefficients, zero point 3. Column 0: q − zp = 1, 2, 2, 0 → sum 5, mean 1.25 → 1.
   * Column 1: −10, −10, −11, −11 → sum −42, mean −10.5 → −11 (half away from zero). */
  int8_t w[8] = {4, -7, 5, -7, 5, -8, 3, -8};
  ge_window_centre(w, 4, 2, 3);
  const int8_t want[8] = {3, 4, 4, 4, 4, 3, 2, 3};
  CHECK(memcmp(w, want, sizeof want) == 0);
  /* Clamped to zp ± 127 (here −128..127 with zp 0 gives −127..127). */
  int8_t c[4] = {127, -128, 127, -128};
  ge_window_centre(c, 2, 2, 0);
  CHECK_EQ(c[0], 0);
  CHECK_EQ(c[1], 0);
  int8_t d[2] = {127, -127};
  ge_window_centre(d, 2, 1, 0);
  CHECK_EQ(d[0], 127);
  CHECK_EQ(d[1], -127);
  int8_t e[3] = {-128, -128, 127};
  ge_window_centre(e, 3, 1, 0);  /* sum −129 → mean −43 → −85, −85, 127+43 clamped to 127 */
  CHECK_EQ(e[0], -85);
  CHECK_EQ(e[2], 127);
}
