/* gunshot-edge board on ESP32-S3 (ESP-IDF): setup once, then loop in the main task, yielding a tick when
 * the loop has nothing to do so the idle task (watchdog) runs. With GE_ESP_LINK_MQTT the board first joins
 * WiFi (protocol_examples_common, configured in menuconfig) and logs in to the broker as its board id. */
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#include "app.h"

#ifdef GE_ESP_LINK_MQTT
#include "esp_event.h"
#include "esp_netif.h"
#include "mqtt_esp32s3.h"
#include "nvs_flash.h"
#include "protocol_examples_common.h"
/* Per board: its broker and its password (mosquitto_passwd on the broker; docs/DEPLOY.md). */
#ifndef GE_MQTT_URI
#define GE_MQTT_URI "mqtts://broker.example:8883"
#endif
#ifndef GE_MQTT_PASSWORD
#define GE_MQTT_PASSWORD "change-me"
#endif
#ifndef GE_MQTT_CA_PEM
#define GE_MQTT_CA_PEM NULL
#endif
#endif

#define GE_BOARD_ID "esp32s3-0001"

void app_main(void) {
  ge_app_config_t cfg;
  ge_app_default_config(&cfg);
  cfg.board_id = GE_BOARD_ID;
#ifdef GE_ESP_LINK_MQTT
  if (nvs_flash_init() != ESP_OK || esp_netif_init() != ESP_OK || esp_event_loop_create_default() != ESP_OK ||
      example_connect() != ESP_OK || ge_esp_mqtt_start(GE_MQTT_URI, GE_BOARD_ID, GE_MQTT_PASSWORD, GE_MQTT_CA_PEM) != GE_OK) {
    for (;;) vTaskDelay(1000 / portTICK_PERIOD_MS);
  }
#endif
  if (ge_app_setup(&cfg) != GE_OK) {
    for (;;) vTaskDelay(1000 / portTICK_PERIOD_MS);
  }
  for (;;) {
    if (ge_app_loop() != GE_OK) (void)ge_app_log(3, "loop failed");
    vTaskDelay(1);
  }
}
