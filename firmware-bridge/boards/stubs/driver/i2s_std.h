/* Stub: ESP-IDF 5.x I2S std-mode API subset (types reduced to the fields the adapter sets). */
#pragma once
#include "esp_err.h"
typedef struct i2s_channel_obj_t *i2s_chan_handle_t;
typedef enum { I2S_NUM_0 = 0 } i2s_port_t;
typedef enum { I2S_ROLE_MASTER = 0 } i2s_role_t;
typedef enum { I2S_DATA_BIT_WIDTH_32BIT = 32 } i2s_data_bit_width_t;
typedef enum { I2S_SLOT_MODE_MONO = 1 } i2s_slot_mode_t;
#define I2S_GPIO_UNUSED (-1)
typedef struct { i2s_port_t id; i2s_role_t role; } i2s_chan_config_t;
typedef struct { uint32_t sample_rate_hz; } i2s_std_clk_config_t;
typedef struct { i2s_data_bit_width_t data_bit_width; i2s_slot_mode_t slot_mode; } i2s_std_slot_config_t;
typedef struct { int mclk, bclk, ws, dout, din; } i2s_std_gpio_config_t;
typedef struct { i2s_std_clk_config_t clk_cfg; i2s_std_slot_config_t slot_cfg; i2s_std_gpio_config_t gpio_cfg; } i2s_std_config_t;
#define I2S_CHANNEL_DEFAULT_CONFIG(p_, r_) {.id = (p_), .role = (r_)}
#define I2S_STD_CLK_DEFAULT_CONFIG(r_) {.sample_rate_hz = (r_)}
#define I2S_STD_PHILIPS_SLOT_DEFAULT_CONFIG(b_, m_) {.data_bit_width = (b_), .slot_mode = (m_)}
esp_err_t i2s_new_channel(const i2s_chan_config_t *chan_cfg, i2s_chan_handle_t *ret_tx, i2s_chan_handle_t *ret_rx);
esp_err_t i2s_channel_init_std_mode(i2s_chan_handle_t handle, const i2s_std_config_t *std_cfg);
esp_err_t i2s_channel_enable(i2s_chan_handle_t handle);
esp_err_t i2s_channel_read(i2s_chan_handle_t handle, void *dest, size_t size, size_t *bytes_read, uint32_t timeout_ms);
