/*
 * core/port.h for an ESP32-S3 (Xtensa LX7 with single-precision FPU) running ESP-IDF 5.x: an I2S MEMS
 * microphone (INMP441/ICS-43434 class: 24-bit samples in 32-bit slots, left channel) through the std-mode
 * I2S driver at 16 kHz, UART0 (the USB-serial bridge on most dev kits), esp_timer for µs, a GPIO LED.
 * Pins are the only board-specific values; change GE_PIN_* to match the wiring.
 * Built with GE_ESP_LINK_MQTT (CMake option GE_MQTT), the link is WiFi + MQTT (mqtt_esp32s3.c) instead of UART0.
 */
#include <stddef.h>
#include <stdint.h>

#include "driver/gpio.h"
#include "driver/i2s_std.h"
#include "driver/uart.h"
#include "esp_timer.h"

#include "port.h"
#ifdef GE_ESP_LINK_MQTT
#include "mqtt_esp32s3.h"
#endif

#define GE_PIN_I2S_BCLK 4
#define GE_PIN_I2S_WS 5
#define GE_PIN_I2S_DIN 6
#define GE_PIN_LED 2
#define GE_UART UART_NUM_0
#define GE_RAW_BLOCK 256

static i2s_chan_handle_t s_rx;
static int s_started;
static uint64_t s_index;
static int32_t s_raw[GE_RAW_BLOCK];

static ge_status_t start_audio(void) {
  i2s_chan_config_t chan = I2S_CHANNEL_DEFAULT_CONFIG(I2S_NUM_0, I2S_ROLE_MASTER);
  if (i2s_new_channel(&chan, NULL, &s_rx) != ESP_OK) return GE_ERR_IO;
  i2s_std_config_t std = {
      .clk_cfg = I2S_STD_CLK_DEFAULT_CONFIG(16000),
      .slot_cfg = I2S_STD_PHILIPS_SLOT_DEFAULT_CONFIG(I2S_DATA_BIT_WIDTH_32BIT, I2S_SLOT_MODE_MONO),
      .gpio_cfg = {.mclk = I2S_GPIO_UNUSED, .bclk = GE_PIN_I2S_BCLK, .ws = GE_PIN_I2S_WS, .dout = I2S_GPIO_UNUSED,
                   .din = GE_PIN_I2S_DIN},
  };
  if (i2s_channel_init_std_mode(s_rx, &std) != ESP_OK) return GE_ERR_IO;
  if (i2s_channel_enable(s_rx) != ESP_OK) return GE_ERR_IO;
  uart_driver_install(GE_UART, 4096, 4096, 0, NULL, 0);
  gpio_set_direction(GE_PIN_LED, GPIO_MODE_OUTPUT);
  s_started = 1;
  return GE_OK;
}

uint64_t ge_port_clock_us(void) { return (uint64_t)esp_timer_get_time(); }

ge_status_t ge_port_audio_read(int16_t *dst, size_t max, size_t *n, uint64_t *first_sample_index,
                               uint64_t *first_sample_us, uint32_t *overruns) {
  if (dst == NULL || n == NULL || first_sample_index == NULL || first_sample_us == NULL || overruns == NULL)
    return GE_ERR_ARG;
  if (!s_started) GE_TRY(start_audio());
  size_t want = max < GE_RAW_BLOCK ? max : GE_RAW_BLOCK;
  size_t bytes = 0;
  /* Timeout 0: never block; the DMA ring keeps what we do not read yet. */
  if (i2s_channel_read(s_rx, s_raw, want * sizeof(int32_t), &bytes, 0) != ESP_OK && bytes == 0) bytes = 0;
  size_t k = bytes / sizeof(int32_t);
  /* 24-bit data left-justified in 32 bits: keep the top 16 bits (full scale maps to int16 full scale). */
  for (size_t i = 0; i < k; i++) dst[i] = (int16_t)(s_raw[i] >> 16);
  *first_sample_index = s_index;
  *first_sample_us = ge_port_clock_us() - (uint64_t)k * 1000000u / 16000u;
  s_index += k;
  *n = k;
  *overruns = 0; /* the IDF driver drops the oldest DMA buffer silently; not observable here */
  return GE_OK;
}

ge_status_t ge_port_serial_read(uint8_t *dst, size_t max, size_t *n) {
#ifdef GE_ESP_LINK_MQTT
  return ge_esp_mqtt_read(dst, max, n);
#endif
  int r = s_started ? uart_read_bytes(GE_UART, dst, (uint32_t)max, 0) : 0;
  *n = r > 0 ? (size_t)r : 0;
  return GE_OK;
}

ge_status_t ge_port_serial_write(const uint8_t *src, size_t len) {
#ifdef GE_ESP_LINK_MQTT
  return ge_esp_mqtt_write(src, len);
#endif
  if (!s_started) GE_TRY(start_audio()); /* installs the UART driver too */
  return uart_write_bytes(GE_UART, src, len) == (int)len ? GE_OK : GE_ERR_IO;
}

void ge_port_led(int on) { gpio_set_level(GE_PIN_LED, on ? 1 : 0); }
