/*
 * core/port.h on QEMU mps2-an386: CMSDK APB UART0 (0x40004000) for serial, SysTick at the 25 MHz system
 * clock for the µs clock, and a synthetic 16 kHz microphone (quiet noise with a loud decaying burst every
 * 5 s) paced by that clock, so the live pipeline runs end to end without audio hardware. LED = no-op.
 */
#include <stddef.h>
#include <stdint.h>

#include "port.h"

#define UART0_BASE 0x40004000u
#define UART_DATA (*(volatile uint32_t *)(UART0_BASE + 0x00u))
#define UART_STATE (*(volatile uint32_t *)(UART0_BASE + 0x04u))
#define UART_CTRL (*(volatile uint32_t *)(UART0_BASE + 0x08u))
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0_BASE + 0x10u))
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SCB_ICSR (*(volatile uint32_t *)0xE000ED04u)
#define ICSR_PENDSTSET (1u << 26)
#define SYSCLK_HZ 25000000u
#define TICK_CYCLES 25000u /* 1 ms */

static volatile uint64_t s_ms;
static int s_started;
static uint64_t s_audio_next;   /* next sample index */
static uint64_t s_audio_t0;
static uint32_t s_lfsr = 0xACE1u;

void ge_systick_handler(void) { s_ms++; }

void ge_mps2_init(void) {
  UART_BAUDDIV = SYSCLK_HZ / 115200u;
  UART_CTRL = 0x3u; /* TX and RX enable */
  SYST_RVR = TICK_CYCLES - 1u;
  SYST_CVR = 0;
  SYST_CSR = 0x7u; /* processor clock, interrupt, enable */
}

uint64_t ge_port_clock_us(void) {
  uint64_t ms1, ms2;
  uint32_t v;
  uint32_t pending;
  do {
    ms1 = s_ms;
    v = SYST_CVR;
    pending = SCB_ICSR & ICSR_PENDSTSET;
    ms2 = s_ms;
  } while (ms1 != ms2);
  /* The counter wrapped but its tick is not counted yet (interrupt pending): the wrap is ours to count, and v
   * is re-read so it belongs to the new period whichever side of the wrap the first read fell. */
  if (pending) {
    ms1++;
    v = SYST_CVR;
  }
  return ms1 * 1000u + (uint64_t)(TICK_CYCLES - 1u - v) / (SYSCLK_HZ / 1000000u);
}

static int16_t next_sample(uint64_t i) {
  s_lfsr = s_lfsr * 1664525u + 1013904223u;
  int32_t noise = (int32_t)(s_lfsr >> 20) - 2048; /* ±2048 */
  uint64_t phase = i % 80000u;                    /* 5 s period */
  if (phase < 4000u) {
    int32_t env = 30000 - (int32_t)(phase * 7u);
    int32_t v = (int32_t)(s_lfsr >> 16) - 32768;
    return (int16_t)((v * (env > 0 ? env : 0)) / 32768 + noise / 4);
  }
  return (int16_t)(noise / 8);
}

ge_status_t ge_port_audio_read(int16_t *dst, size_t max, size_t *n, uint64_t *first_sample_index,
                               uint64_t *first_sample_us, uint32_t *overruns) {
  if (dst == NULL || n == NULL || first_sample_index == NULL || first_sample_us == NULL || overruns == NULL)
    return GE_ERR_ARG;
  uint64_t now = ge_port_clock_us();
  if (!s_started) {
    s_started = 1;
    s_audio_t0 = now;
  }
  uint64_t due = (now - s_audio_t0) * 16u / 1000u;
  size_t k = 0;
  while (s_audio_next + k < due && k < max) {
    dst[k] = next_sample(s_audio_next + k);
    k++;
  }
  *first_sample_index = s_audio_next;
  *first_sample_us = s_audio_t0 + s_audio_next * 1000u / 16u;
  s_audio_next += k;
  *n = k;
  *overruns = 0;
  return GE_OK;
}

ge_status_t ge_port_serial_read(uint8_t *dst, size_t max, size_t *n) {
  size_t k = 0;
  while (k < max && (UART_STATE & 0x2u)) dst[k++] = (uint8_t)UART_DATA;
  *n = k;
  return GE_OK;
}

ge_status_t ge_port_serial_write(const uint8_t *src, size_t len) {
  for (size_t i = 0; i < len; i++) {
    while (UART_STATE & 0x1u) {
    }
    UART_DATA = src[i];
  }
  return GE_OK;
}

void ge_port_led(int on) { (void)on; }
