/* Host implementation of core/port.h: a serial device path (pty), audio from a WAV playlist (optionally
 * at real-time pace) followed by silence, the monotonic clock, LED on stderr. Configure before setup(). */
#ifndef GE_PORT_HOST_H
#define GE_PORT_HOST_H

#include <stdint.h>
#include "wav.h"

typedef struct {
  int serial_fd;            /* −1 = no serial (writes are discarded) */
  const ge_wav_t *playlist; /* clips played back to back; NULL = silence only */
  unsigned n_clips;
  int realtime;             /* deliver audio at 16 kHz wall-clock pace (else as fast as read) */
  int verbose;
  int mqtt;                 /* 1 = the link is MQTT (mqtt_link.c, build with `make host-mqtt`), not serial_fd */
} ge_host_port_cfg_t;

void ge_host_port_configure(const ge_host_port_cfg_t *cfg);
/* Opens a tty/pty path raw and non-blocking; returns the fd or −1 (errno set). */
int ge_host_open_serial(const char *path);
/* 1 once every playlist sample was delivered. */
int ge_host_playlist_done(void);

#endif
