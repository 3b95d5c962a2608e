/* Stub: ESP-IDF esp_err_t. */
#pragma once
#include <stddef.h>
#include <stdint.h>
typedef int esp_err_t;
#define ESP_OK 0
