/* Stub: ESP-IDF examples/common_components/protocol_examples_common (WiFi from menuconfig). */
#pragma once
#include "esp_err.h"
esp_err_t example_connect(void);
