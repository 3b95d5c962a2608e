#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "port_host.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "port.h"
#ifdef GE_HOST_MQTT
#include "mqtt_link.h"
#endif

#define SAMPLE_RATE 16000u

static ge_host_port_cfg_t s_cfg = {-1, NULL, 0, 0, 0, 0};
static int s_audio_started;
static uint64_t s_audio_start_us;
static uint64_t s_next_index; /* stream index of the next sample to deliver */
static unsigned s_clip;
static uint32_t s_clip_pos;
static int s_led = -1;

void ge_host_port_configure(const ge_host_port_cfg_t *cfg) { s_cfg = *cfg; }

int ge_host_open_serial(const char *path) {
  int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return -1;
  struct termios t;
  if (tcgetattr(fd, &t) == 0) {
    cfmakeraw(&t);
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    tcsetattr(fd, TCSANOW, &t);
  }
  return fd;
}

uint64_t ge_port_clock_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int ge_host_playlist_done(void) { return s_cfg.playlist == NULL || s_clip >= s_cfg.n_clips; }

ge_status_t ge_port_audio_read(int16_t *dst, size_t max, size_t *n, uint64_t *first_sample_index,
                               uint64_t *first_sample_us, uint32_t *overruns) {
  if (dst == NULL || n == NULL || first_sample_index == NULL || first_sample_us == NULL || overruns == NULL)
    return GE_ERR_ARG;
  uint64_t now = ge_port_clock_us();
  if (!s_audio_started) {
    s_audio_started = 1;
    s_audio_start_us = now;
  }
  size_t want = max;
  if (s_cfg.realtime || ge_host_playlist_done()) {
    /* Real-time pace: only samples whose capture time has passed exist. */
    uint64_t due = (now - s_audio_start_us) * SAMPLE_RATE / 1000000u;
    want = due > s_next_index ? (size_t)(due - s_next_index) : 0;
    if (want > max) want = max;
  }
  size_t k = 0;
  while (k < want) {
    if (ge_host_playlist_done()) {
      dst[k++] = 0;
      continue;
    }
    const ge_wav_t *c = &s_cfg.playlist[s_clip];
    if (s_clip_pos >= c->n) {
      s_clip++;
      s_clip_pos = 0;
      continue;
    }
    dst[k++] = c->samples[s_clip_pos++];
  }
  *first_sample_index = s_next_index;
  *first_sample_us = s_audio_start_us + s_next_index * 1000000u / SAMPLE_RATE;
  s_next_index += k;
  *n = k;
  *overruns = 0;
  if (!s_cfg.realtime && ge_host_playlist_done() && k > 0 && s_audio_start_us + s_next_index * 1000000u / SAMPLE_RATE > now) {
    /* The fast playlist ran ahead of the wall clock: re-anchor so silence continues from here. */
    s_audio_start_us = now - s_next_index * 1000000u / SAMPLE_RATE;
  }
  return GE_OK;
}

ge_status_t ge_port_serial_read(uint8_t *dst, size_t max, size_t *n) {
  if (dst == NULL || n == NULL) return GE_ERR_ARG;
  *n = 0;
#ifdef GE_HOST_MQTT
  if (s_cfg.mqtt) return ge_host_mqtt_read(dst, max, n);
#endif
  if (s_cfg.serial_fd < 0) return GE_OK;
  ssize_t r = read(s_cfg.serial_fd, dst, max);
  if (r > 0) *n = (size_t)r;
  else if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EIO && errno != EINTR) return GE_ERR_IO;
  return GE_OK;
}

ge_status_t ge_port_serial_write(const uint8_t *src, size_t len) {
  if (src == NULL && len > 0) return GE_ERR_ARG;
  #ifdef GE_HOST_MQTT
  if (s_cfg.mqtt) return ge_host_mqtt_write(src, len);
#endif
  if (s_cfg.serial_fd < 0) return GE_OK;
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(s_cfg.serial_fd, src + done, len - done);
    if (w > 0) {
      done += (size_t)w;
    } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      struct pollfd p = {s_cfg.serial_fd, POLLOUT, 0};
      (void)poll(&p, 1, 50);
    } else {
      return GE_ERR_IO;
    }
  }
  return GE_OK;
}

void ge_port_led(int on) {
  if (on != s_led && s_cfg.verbose) fprintf(stderr, "[board] LED %s\n", on ? "on" : "off");
  s_led = on;
}
