#include "mqtt_esp32s3.h"

#include <string.h>

#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "mqtt_client.h"
#include "msg_bridge.h"

static esp_mqtt_client_handle_t s_client;
static SemaphoreHandle_t s_lock;
static ge_bridge_t s_bridge;
static char s_up[GE_BRIDGE_TOPIC_MAX], s_state[GE_BRIDGE_TOPIC_MAX], s_down[GE_BRIDGE_TOPIC_MAX];
static volatile int s_connected;

static void on_event(void *arg, esp_event_base_t base, int32_t id, void *data) {
  (void)arg;
  (void)base;
  esp_mqtt_event_handle_t e = (esp_mqtt_event_handle_t)data;
  switch ((esp_mqtt_event_id_t)id) {
    case MQTT_EVENT_CONNECTED:
      esp_mqtt_client_subscribe(s_client, s_down, 1);
      s_connected = 1;
      break;
    case MQTT_EVENT_DISCONNECTED: s_connected = 0; break;
    case MQTT_EVENT_DATA:
      /* One frame per message. The client buffer (below) holds the largest frame, so a message arrives in
       * one piece; anything fragmented is not ours and is dropped. */
      if (e->current_data_offset == 0 && e->data_len == e->total_data_len) {
        xSemaphoreTake(s_lock, portMAX_DELAY);
        (void)ge_bridge_deliver(&s_bridge, (const uint8_t *)e->data, (size_t)e->data_len);
        xSemaphoreGive(s_lock);
      }
      break;
    default: break;
  }
}

ge_status_t ge_esp_mqtt_start(const char *uri, const char *board_id, const char *password, const char *ca_pem) {
  if (uri == NULL || board_id == NULL) return GE_ERR_ARG;
  GE_TRY(ge_bridge_topic(s_up, sizeof s_up, board_id, GE_TOPIC_UP));
  GE_TRY(ge_bridge_topic(s_state, sizeof s_state, board_id, GE_TOPIC_STATE));
  GE_TRY(ge_bridge_topic(s_down, sizeof s_down, board_id, GE_TOPIC_DOWN));
  ge_bridge_init(&s_bridge);
  s_lock = xSemaphoreCreateMutex();
  if (s_lock == NULL) return GE_ERR_IO;
  esp_mqtt_client_config_t cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.broker.address.uri = uri;
  cfg.broker.verification.certificate = ca_pem;
  cfg.credentials.username = board_id;
  cfg.credentials.client_id = board_id;
  cfg.credentials.authentication.password = password;
  cfg.session.keepalive = 60;
  cfg.buffer.size = 2048; /* ≥ GE_FRAME_MAX + MQTT header: the default 1024 would fragment VERIFY frames */
  s_client = esp_mqtt_client_init(&cfg);
  if (s_client == NULL) return GE_ERR_IO;
  if (esp_mqtt_client_register_event(s_client, MQTT_EVENT_ANY, on_event, NULL) != ESP_OK) return GE_ERR_IO;
  return esp_mqtt_client_start(s_client) == ESP_OK ? GE_OK : GE_ERR_IO;
}

ge_status_t ge_esp_mqtt_read(uint8_t *dst, size_t max, size_t *n) {
  if (dst == NULL || n == NULL) return GE_ERR_ARG;
  *n = 0;
  if (s_lock == NULL) return GE_OK;
  xSemaphoreTake(s_lock, portMAX_DELAY);
  ge_bridge_read(&s_bridge, dst, max, n);
  xSemaphoreGive(s_lock);
  return GE_OK;
}

static ge_status_t publish(void *ctx, const uint8_t *frame, size_t len) {
  (void)ctx;
  if (!s_connected) return GE_OK; /* lost like a frame on an unplugged line; detections are re-sent */
  return esp_mqtt_client_publish(s_client, ge_bridge_frame_topic(frame, len) == GE_TOPIC_STATE ? s_state : s_up, (const char *)frame, (int)len, 1, 0) >= 0 ? GE_OK : GE_ERR_IO;
}

ge_status_t ge_esp_mqtt_write(const uint8_t *src, size_t len) {
  if (src == NULL) return GE_ERR_ARG;
  (void)ge_bridge_write(&s_bridge, src, len, publish, NULL); /* only the application task writes */
  return GE_OK;
}
