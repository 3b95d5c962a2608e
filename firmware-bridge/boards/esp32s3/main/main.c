/* gunshot-edge board on ESP32-S3 (ESP-IDF): setup once, then loop in the main task, yielding a tick when
 * the loop has nothing to do so the idle task (watchdog) runs. */
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#include "app.h"

void app_main(void) {
  ge_app_config_t cfg;
  ge_app_default_config(&cfg);
  cfg.board_id = "esp32s3-0001";
  if (ge_app_setup(&cfg) != GE_OK) {
    for (;;) vTaskDelay(1000 / portTICK_PERIOD_MS);
  }
  for (;;) {
    if (ge_app_loop() != GE_OK) (void)ge_app_log(3, "loop failed");
    vTaskDelay(1);
  }
}
