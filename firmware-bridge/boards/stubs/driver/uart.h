/* Stub: ESP-IDF uart driver API subset. */
#pragma once
#include "esp_err.h"
typedef int uart_port_t;
#define UART_NUM_0 0
typedef void *QueueHandle_t;
esp_err_t uart_driver_install(uart_port_t uart_num, int rx_buffer_size, int tx_buffer_size, int queue_size,
                              QueueHandle_t *uart_queue, int intr_alloc_flags);
int uart_read_bytes(uart_port_t uart_num, void *buf, uint32_t length, uint32_t ticks_to_wait);
int uart_write_bytes(uart_port_t uart_num, const void *src, size_t size);
