/*
 * gunshot-board: the firmware core on a POSIX host. Modes:
 *   --port /dev/pts/N [--wav a.wav,b.wav [--realtime] | --silence | --no-audio]   serial board (runs until
 *        killed, or --exit-after-ms)
 *   --mqtt mqtt://HOST:PORT [--mqtt-password PW] [--mqtt-ca FILE]   the same board over an MQTT broker
 *        instead of a port (PROTOCOL.md §7; only in the `make host-mqtt` build, which links libmosquitto)
 *   --wav-offline F        per-window int8 outputs between #GE-OUTPUTS-BEGIN/#GE-OUTPUTS-END
 *   --features-offline F   per-window int8 model inputs between #GE-FEATURES-BEGIN/#GE-FEATURES-END
 *   --vectors-offline F    raw int8 windows (frames × n_mfcc bytes each) → outputs between the OUTPUTS markers
 *   --window-stats-offline F  ge_window_stats over records of F (each: u16 frames, u16 n, u16 first, i16 zero point,
 *                          little-endian, then frames × n int8 ring slots) → one line of 5 × n int8 per record
 *                          between #GE-STATS-BEGIN/#GE-STATS-END (parity of the pure function with its TS twin)
 * Options: --board-id ID, --lat DEG, --lon DEG, --alt M, --threshold Q (int8), --hysteresis N,
 *          --refractory-ms MS, --exit-after-ms N, --verbose.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "port.h"
#include "port_host.h"
#ifdef GE_HOST_MQTT
#include "mqtt_link.h"
#endif
#include "wav.h"
#include "window_stats.h"

#define MAX_CLIPS 64
#define MAX_WINDOWS 8192

static void usage(FILE *to) {
  fprintf(to,
          "usage: gunshot-board (--port PATH | --mqtt URL [--mqtt-password PW] [--mqtt-ca FILE])\n"
          "                     [--wav a.wav,b.wav [--realtime] | --silence | --no-audio]\n"
          "                     [--board-id ID] [--lat DEG] [--lon DEG] [--alt M] [--threshold Q]\n"
          "                     [--hysteresis N] [--refractory-ms MS]\n"
          "                     [--exit-after-ms N] [--verbose]\n"
          "       gunshot-board --wav-offline FILE | --features-offline FILE | --vectors-offline FILE\n"
          "                     | --window-stats-offline FILE\n");
}

static int parse_double(const char *opt, const char *v, double lo, double hi, double *out) {
  char *end = NULL;
  errno = 0;
  double d = strtod(v, &end);
  if (errno || end == v || *end || !(d >= lo && d <= hi)) {
    fprintf(stderr, "gunshot-board: %s must be a number in %g..%g, got '%s'\n", opt, lo, hi, v);
    return -1;
  }
  *out = d;
  return 0;
}

static int load_wav16k(const char *path, ge_wav_t *w) {
  char err[256];
  if (ge_wav_read(path, w, err, sizeof err) != 0) {
    fprintf(stderr, "gunshot-board: %s\n", err);
    return -1;
  }
  if (w->sample_rate_hz != 16000u) {
    fprintf(stderr, "gunshot-board: %s: sample rate must be 16000 Hz, got %u (resample on the host first)\n", path,
            w->sample_rate_hz);
    ge_wav_free(w);
    return -1;
  }
  return 0;
}

/* Raw int8 model inputs (a multiple of the window size) → one output per window. */
static int run_vectors(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "gunshot-board: cannot open --vectors-offline %s\n", path);
    return 2;
  }
  uint32_t wb = ge_app_window_bytes();
  int8_t *w = malloc(wb);
  if (!w) return 2;
  unsigned count = 0;
  printf("#GE-OUTPUTS-BEGIN window_bytes=%u\n", wb);
  while (fread(w, 1, wb, f) == wb) {
    int8_t out;
    ge_status_t s = ge_app_infer(w, &out);
    if (s != GE_OK) {
      fprintf(stderr, "gunshot-board: inference failed on vector %u: %s\n", count, ge_status_name(s));
      return 1;
    }
    printf("%u %d\n", count++, out);
  }
  printf("#GE-OUTPUTS-END\n");
  free(w);
  fclose(f);
  return 0;
}

/* Records of ring windows → their statistics (see the modes above). */
static int run_window_stats(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "gunshot-board: cannot open --window-stats-offline %s\n", path);
    return 2;
  }
  static int8_t ring[65535u * 8u], out[5u * 65535u];
  uint8_t h[8];
  unsigned count = 0;
  printf("#GE-STATS-BEGIN\n");
  while (fread(h, 1, sizeof h, f) == sizeof h) {
    const uint16_t frames = (uint16_t)(h[0] | h[1] << 8), n = (uint16_t)(h[2] | h[3] << 8), first = (uint16_t)(h[4] | h[5] << 8);
    const int16_t zp = (int16_t)(uint16_t)(h[6] | h[7] << 8);
    const size_t bytes = (size_t)frames * n;
    if (bytes > sizeof ring || fread(ring, 1, bytes, f) != bytes) {
      fprintf(stderr, "gunshot-board: window-stats record %u: %u × %u values do not fit or are truncated\n", count, frames, n);
      fclose(f);
      return 2;
    }
    memset(out, 0, (size_t)5 * n);
    ge_window_stats(ring, frames, n, first, zp, out);
    for (uint32_t j = 0; j < 5u * n; j++) printf(j ? ",%d" : "%d", out[j]);
    printf("\n");
    count++;
  }
  printf("#GE-STATS-END n_records=%u\n", count);
  fclose(f);
  return 0;
}

static int run_offline(const char *path, int features) {
  ge_wav_t w;
  if (load_wav16k(path, &w) != 0) return 2;
  uint32_t n = 0;
  ge_status_t s;
  if (features) {
    uint32_t wb = ge_app_window_bytes();
    int8_t *buf = malloc((size_t)MAX_WINDOWS * wb);
    if (!buf) return 2;
    s = ge_app_clip_features(w.samples, w.n, buf, MAX_WINDOWS, &n);
    if (s != GE_OK) {
      fprintf(stderr, "gunshot-board: features of %s failed: %s\n", path, ge_status_name(s));
      return 1;
    }
    uint32_t shown = n < MAX_WINDOWS ? n : MAX_WINDOWS;
    printf("#GE-FEATURES-BEGIN n_windows=%u bytes=%u\n", n, wb);
    for (uint32_t i = 0; i < shown; i++) {
      for (uint32_t j = 0; j < wb; j++) printf(j ? ",%d" : "%d", buf[(size_t)i * wb + j]);
      printf("\n");
    }
    printf("#GE-FEATURES-END\n");
    free(buf);
  } else {
    static int8_t out[MAX_WINDOWS];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    s = ge_app_score_clip(w.samples, w.n, out, MAX_WINDOWS, &n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (s != GE_OK) {
      fprintf(stderr, "gunshot-board: scoring %s failed: %s\n", path, ge_status_name(s));
      return 1;
    }
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("#GE-OUTPUTS-BEGIN n_windows=%u elapsed_ms=%.3f\n", n, ms);
    for (uint32_t i = 0; i < n && i < MAX_WINDOWS; i++) printf("%u %d\n", i, out[i]);
    printf("#GE-OUTPUTS-END\n");
  }
  ge_wav_free(&w);
  return 0;
}

int main(int argc, char **argv) {
  ge_app_config_t cfg;
  ge_app_default_config(&cfg);
  const char *port = NULL, *wavs = NULL, *offline = NULL, *mqtt_url = NULL, *mqtt_password = NULL, *mqtt_ca = NULL;
  int features_offline = 0, realtime = 0, silence = 0, no_audio = 0, verbose = 0;
  long exit_after_ms = -1;
  static char board_id[17] = "host-board";
  cfg.board_id = board_id;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    double d;
#define NEED_VALUE()                                                   \
  if (!v) {                                                            \
    fprintf(stderr, "gunshot-board: %s needs a value\n", a);            \
    return 2;                                                          \
  }                                                                    \
  i++;
    if (!strcmp(a, "--port")) { NEED_VALUE(); port = v; }
    else if (!strcmp(a, "--mqtt")) { NEED_VALUE(); mqtt_url = v; }
    else if (!strcmp(a, "--mqtt-password")) { NEED_VALUE(); mqtt_password = v; }
    else if (!strcmp(a, "--mqtt-ca")) { NEED_VALUE(); mqtt_ca = v; }
    else if (!strcmp(a, "--wav")) { NEED_VALUE(); wavs = v; }
    else if (!strcmp(a, "--wav-offline")) { NEED_VALUE(); offline = v; }
    else if (!strcmp(a, "--features-offline")) { NEED_VALUE(); offline = v; features_offline = 1; }
    else if (!strcmp(a, "--vectors-offline")) { NEED_VALUE(); return run_vectors(v); }
    else if (!strcmp(a, "--window-stats-offline")) { NEED_VALUE(); return run_window_stats(v); }
    else if (!strcmp(a, "--realtime")) realtime = 1;
    else if (!strcmp(a, "--silence")) silence = 1;
    else if (!strcmp(a, "--no-audio")) no_audio = 1;
    else if (!strcmp(a, "--verbose")) verbose = 1;
    else if (!strcmp(a, "--board-id")) {
      NEED_VALUE();
      if (strlen(v) < 1 || strlen(v) > 16) {
        fprintf(stderr, "gunshot-board: --board-id must be 1..16 ASCII characters, got '%s'\n", v);
        return 2;
      }
      strcpy(board_id, v);
    } else if (!strcmp(a, "--lat")) { NEED_VALUE(); if (parse_double(a, v, -90, 90, &d)) return 2; cfg.lat_e6 = (int32_t)lround(d * 1e6); }
    else if (!strcmp(a, "--lon")) { NEED_VALUE(); if (parse_double(a, v, -180, 180, &d)) return 2; cfg.lon_e6 = (int32_t)lround(d * 1e6); }
    else if (!strcmp(a, "--alt")) { NEED_VALUE(); if (parse_double(a, v, -20000, 20000000, &d)) return 2; cfg.alt_cm = (int32_t)lround(d * 100); }
    else if (!strcmp(a, "--threshold")) { NEED_VALUE(); if (parse_double(a, v, -128, 127, &d)) return 2; cfg.threshold = (int32_t)d; }
    else if (!strcmp(a, "--hysteresis")) { NEED_VALUE(); if (parse_double(a, v, 0, 255, &d)) return 2; cfg.hysteresis = (uint8_t)d; }
    else if (!strcmp(a, "--refractory-ms")) { NEED_VALUE(); if (parse_double(a, v, 0, 60000, &d)) return 2; cfg.refractory_ms = (uint16_t)d; }
    else if (!strcmp(a, "--exit-after-ms")) { NEED_VALUE(); if (parse_double(a, v, 0, 1e9, &d)) return 2; exit_after_ms = (long)d; }
    else if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
    else {
      fprintf(stderr, "gunshot-board: unknown option '%s'\n", a);
      usage(stderr);
      return 2;
    }
  }
  if (offline) return run_offline(offline, features_offline);
#ifndef GE_HOST_MQTT
  if (mqtt_url) {
    fprintf(stderr, "gunshot-board: --mqtt needs the MQTT build (make -C firmware-bridge host-mqtt, libmosquitto-dev)\n");
    return 2;
  }
  (void)mqtt_password;
  (void)mqtt_ca;
#endif
  if (port && mqtt_url) {
    fprintf(stderr, "gunshot-board: give --port or --mqtt, not both\n");
    return 2;
  }
  if (!port && !mqtt_url) {
    usage(stderr);
    return 2;
  }
  static ge_wav_t clips[MAX_CLIPS];
  unsigned n_clips = 0;
  if (wavs && !silence) {
    char *list = strdup(wavs);
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
      if (n_clips == MAX_CLIPS) {
        fprintf(stderr, "gunshot-board: --wav takes at most %d files\n", MAX_CLIPS);
        return 2;
      }
      if (load_wav16k(tok, &clips[n_clips]) != 0) return 2;
      n_clips++;
    }
    free(list);
  }
  int fd = -1;
  if (port) {
    fd = ge_host_open_serial(port);
    if (fd < 0) {
      fprintf(stderr, "gunshot-board: cannot open --port %s: %s\n", port, strerror(errno));
      return 2;
    }
  }
#ifdef GE_HOST_MQTT
  if (mqtt_url) {
    ge_mqtt_cfg_t mc = {mqtt_url, board_id, mqtt_password, mqtt_ca, verbose};
    if (ge_host_mqtt_open(&mc) != GE_OK) return 2;
  }
#endif
  ge_host_port_cfg_t pc = {fd, n_clips ? clips : NULL, n_clips, realtime, verbose, mqtt_url != NULL};
  ge_host_port_configure(&pc);
  cfg.live_audio = !no_audio;
  ge_status_t s = ge_app_setup(&cfg);
  if (s != GE_OK) {
    fprintf(stderr, "gunshot-board: setup failed: %s\n", ge_status_name(s));
    return 1;
  }
  fprintf(stderr, "[board] %s on %s, %u clip(s)%s\n", board_id, port ? port : mqtt_url, n_clips, realtime ? " at real time" : "");
  uint64_t t0 = ge_port_clock_us();
  for (;;) {
    s = ge_app_loop();
    if (s != GE_OK) {
      fprintf(stderr, "gunshot-board: loop failed: %s\n", ge_status_name(s));
      return 1;
    }
    if (exit_after_ms >= 0 && ge_port_clock_us() - t0 >= (uint64_t)exit_after_ms * 1000u) break;
    if (realtime || ge_host_playlist_done()) {
      struct timespec ts = {0, 500000};
      nanosleep(&ts, NULL);
    }
  }
  return 0;
}
