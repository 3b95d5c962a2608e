/* The host board's MQTT port (libmosquitto): the board's link to the gateway over a broker instead of a
 * pty (PROTOCOL.md §7). Logs in as the board id, publishes frames on gunshot/<id>/up and receives on
 * gunshot/<id>/down, QoS 1, through core/msg_bridge so the portable core is unchanged. Single-threaded:
 * the network is serviced from ge_host_mqtt_read, which the app calls every loop pass. Reconnects
 * (at most once a second) after a refused or lost connection; unACKed detections stay in the core's queue. */
#ifndef GE_MQTT_LINK_H
#define GE_MQTT_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "ge_status.h"

typedef struct {
  const char *url;       /* mqtt://host:port or mqtts://host:port */
  const char *board_id;  /* also the login */
  const char *password;  /* NULL = none */
  const char *ca_file;   /* PEM for mqtts://; NULL = the system's CAs */
  int verbose;
} ge_mqtt_cfg_t;

/* Parses the URL and starts connecting. GE_ERR_ARG (message on stderr) for a bad URL or board id. */
ge_status_t ge_host_mqtt_open(const ge_mqtt_cfg_t *cfg);
ge_status_t ge_host_mqtt_read(uint8_t *dst, size_t max, size_t *n);
ge_status_t ge_host_mqtt_write(const uint8_t *src, size_t len);

#endif
