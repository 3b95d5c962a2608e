#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "mqtt_link.h"

#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "msg_bridge.h"

static struct mosquitto *s_mosq;
static ge_bridge_t s_bridge;
static char s_up[GE_BRIDGE_TOPIC_MAX], s_state[GE_BRIDGE_TOPIC_MAX], s_down[GE_BRIDGE_TOPIC_MAX];
static char s_host[256];
static int s_port, s_connected, s_verbose;
static uint64_t s_next_attempt_ms;

static uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void on_connect(struct mosquitto *m, void *ctx, int rc) {
  (void)ctx;
  if (rc != 0) {
    fprintf(stderr, "[board] broker %s:%d refused the connection: %s\n", s_host, s_port, mosquitto_connack_string(rc));
    return;
  }
  int s = mosquitto_subscribe(m, NULL, s_down, 1);
  if (s != MOSQ_ERR_SUCCESS) fprintf(stderr, "[board] subscribe %s: %s\n", s_down, mosquitto_strerror(s));
  s_connected = 1;
  if (s_verbose) fprintf(stderr, "[board] connected to %s:%d\n", s_host, s_port);
}

static void on_disconnect(struct mosquitto *m, void *ctx, int rc) {
  (void)m;
  (void)ctx;
  s_connected = 0;
  if (s_verbose) fprintf(stderr, "[board] disconnected (%d)\n", rc);
}

static void on_message(struct mosquitto *m, void *ctx, const struct mosquitto_message *msg) {
  (void)m;
  (void)ctx;
  if (ge_bridge_deliver(&s_bridge, (const uint8_t *)msg->payload, (size_t)msg->payloadlen) != GE_OK && s_verbose)
    fprintf(stderr, "[board] receive buffer full: message dropped\n");
}

static void try_connect(void) {
  if (now_ms() < s_next_attempt_ms) return;
  s_next_attempt_ms = now_ms() + 1000u;
  int s = mosquitto_connect(s_mosq, s_host, s_port, 60);
  if (s != MOSQ_ERR_SUCCESS && s_verbose) fprintf(stderr, "[board] connect %s:%d: %s\n", s_host, s_port, mosquitto_strerror(s));
}

ge_status_t ge_host_mqtt_open(const ge_mqtt_cfg_t *cfg) {
  int tls = 0;
  const char *rest = NULL;
  if (strncmp(cfg->url, "mqtt://", 7) == 0) rest = cfg->url + 7;
  else if (strncmp(cfg->url, "mqtts://", 8) == 0) { rest = cfg->url + 8; tls = 1; }
  const char *colon = rest ? strrchr(rest, ':') : NULL;
  char *end = NULL;
  long port = colon ? strtol(colon + 1, &end, 10) : 0;
  if (!rest || !colon || colon == rest || (size_t)(colon - rest) >= sizeof s_host || end == colon + 1 ||
      (*end != '\0' && strcmp(end, "/") != 0) || port < 1 || port > 65535) {
    fprintf(stderr, "gunshot-board: --mqtt must be mqtt://HOST:PORT or mqtts://HOST:PORT, got '%s'\n", cfg->url);
    return GE_ERR_ARG;
  }
  memcpy(s_host, rest, (size_t)(colon - rest));
  s_host[colon - rest] = '\0';
  s_port = (int)port;
  if (ge_bridge_topic(s_up, sizeof s_up, cfg->board_id, GE_TOPIC_UP) != GE_OK ||
      ge_bridge_topic(s_state, sizeof s_state, cfg->board_id, GE_TOPIC_STATE) != GE_OK ||
      ge_bridge_topic(s_down, sizeof s_down, cfg->board_id, GE_TOPIC_DOWN) != GE_OK) {
    fprintf(stderr, "gunshot-board: over MQTT --board-id must be 1..16 of [A-Za-z0-9_.-], got '%s'\n", cfg->board_id);
    return GE_ERR_ARG;
  }
  s_verbose = cfg->verbose;
  ge_bridge_init(&s_bridge);
  mosquitto_lib_init();
  char client_id[32];
  snprintf(client_id, sizeof client_id, "board-%s", cfg->board_id);
  s_mosq = mosquitto_new(client_id, true, NULL);
  if (!s_mosq) return GE_ERR_IO;
  if (mosquitto_username_pw_set(s_mosq, cfg->board_id, cfg->password) != MOSQ_ERR_SUCCESS) return GE_ERR_IO;
  if (tls && mosquitto_tls_set(s_mosq, cfg->ca_file, cfg->ca_file ? NULL : "/etc/ssl/certs", NULL, NULL, NULL) != MOSQ_ERR_SUCCESS) {
    fprintf(stderr, "gunshot-board: cannot use --mqtt-ca %s\n", cfg->ca_file ? cfg->ca_file : "(system)");
    return GE_ERR_ARG;
  }
  mosquitto_connect_callback_set(s_mosq, on_connect);
  mosquitto_disconnect_callback_set(s_mosq, on_disconnect);
  mosquitto_message_callback_set(s_mosq, on_message);
  try_connect();
  return GE_OK;
}

ge_status_t ge_host_mqtt_read(uint8_t *dst, size_t max, size_t *n) {
  if (dst == NULL || n == NULL) return GE_ERR_ARG;
  int s = mosquitto_loop(s_mosq, 0, 8);
  if (s == MOSQ_ERR_NO_CONN || s == MOSQ_ERR_CONN_LOST || s == MOSQ_ERR_CONN_REFUSED || s == MOSQ_ERR_ERRNO) {
    s_connected = 0;
    try_connect();
  }
  ge_bridge_read(&s_bridge, dst, max, n);
  return GE_OK;
}

static ge_status_t publish(void *ctx, const uint8_t *frame, size_t len) {
  (void)ctx;
  /* Not connected: the frame is lost, as on an unplugged serial line; detections are re-sent until ACKed. */
  if (!s_connected) return GE_OK;
  int s = mosquitto_publish(s_mosq, NULL, ge_bridge_frame_topic(frame, len) == GE_TOPIC_STATE ? s_state : s_up, (int)len, frame, 1, false);
  return s == MOSQ_ERR_SUCCESS ? GE_OK : GE_ERR_IO;
}

ge_status_t ge_host_mqtt_write(const uint8_t *src, size_t len) {
  if (src == NULL) return GE_ERR_ARG;
  /* A failed publish is logged by the caller's status handling only if it matters; the link layer
   * above treats it as a lost frame. */
  (void)ge_bridge_write(&s_bridge, src, len, publish, NULL);
  return GE_OK;
}
