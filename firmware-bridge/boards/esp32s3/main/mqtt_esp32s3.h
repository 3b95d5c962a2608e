/* The ESP32-S3's MQTT link (ESP-IDF esp-mqtt over WiFi): the same port as host/mqtt_link.c — frames on
 * gunshot/<id>/up and gunshot/<id>/down, QoS 1, through core/msg_bridge. The esp-mqtt task delivers
 * messages; a mutex guards the bridge between it and the application task. Call after the network is up. */
#ifndef GE_MQTT_ESP32S3_H
#define GE_MQTT_ESP32S3_H

#include <stddef.h>
#include <stdint.h>

#include "ge_status.h"

/* uri: mqtt://host:port or mqtts://host:port; ca_pem: the broker's CA (PEM, NUL-terminated) or NULL. */
ge_status_t ge_esp_mqtt_start(const char *uri, const char *board_id, const char *password, const char *ca_pem);
ge_status_t ge_esp_mqtt_read(uint8_t *dst, size_t max, size_t *n);
ge_status_t ge_esp_mqtt_write(const uint8_t *src, size_t len);

#endif
