/*
 * core/port.h for the Arduino Nano 33 BLE Sense (nRF52840, Cortex-M4F @ 64 MHz, Mbed OS core): the on-board
 * MP34DT05 PDM microphone through the Arduino PDM library at 16 kHz mono, USB CDC Serial, micros() widened to
 * 64 bits, LED_BUILTIN. The PDM callback runs in interrupt context and only copies into a fixed ring; the
 * application thread drains it in ge_port_audio_read. No heap.
 */
#include <Arduino.h>
#include <PDM.h>

extern "C" {
#include "port.h"
}

namespace {
// Samples captured between two ge_port_audio_read calls: at most one loop() = one inference (≤ 50 ms at
// 64 MHz with the M4 kernels, 800 samples) plus a frame; 2048 (128 ms) is 2.5× that. Power of two.
constexpr size_t kRing = 2048;
volatile int16_t g_ring[kRing];
volatile uint64_t g_written = 0; // samples captured since start (stream index of the next sample)
volatile uint32_t g_overruns = 0;
uint64_t g_read = 0;
bool g_started = false;
int16_t g_block[256];
uint32_t g_last_micros = 0;
uint64_t g_micros_high = 0;

void on_pdm() {
  int bytes = PDM.available();
  while (bytes > 0) {
    int chunk = bytes > (int)sizeof g_block ? (int)sizeof g_block : bytes;
    int got = PDM.read(g_block, chunk);
    for (int i = 0; i < got / 2; i++) g_ring[(g_written + i) & (kRing - 1)] = g_block[i];
    g_written += got / 2;
    bytes -= got;
    if (got <= 0) break;
  }
}
} // namespace

extern "C" uint64_t ge_port_clock_us(void) {
  uint32_t now = micros();
  if (now < g_last_micros) g_micros_high += 1ull << 32; // micros() wraps every 71.6 minutes
  g_last_micros = now;
  return g_micros_high | now;
}

extern "C" ge_status_t ge_port_audio_read(int16_t *dst, size_t max, size_t *n, uint64_t *first_sample_index,
                                          uint64_t *first_sample_us, uint32_t *overruns) {
  if (!dst || !n || !first_sample_index || !first_sample_us || !overruns) return GE_ERR_ARG;
  if (!g_started) {
    PDM.onReceive(on_pdm);
    if (!PDM.begin(1, 16000)) return GE_ERR_IO;
    g_started = true;
  }
  noInterrupts();
  uint64_t written = g_written;
  interrupts();
  if (written - g_read > kRing) { // the application fell behind: skip to the oldest sample still held
    g_overruns += (uint32_t)(written - g_read - kRing);
    g_read = written - kRing;
  }
  size_t k = 0;
  while (g_read + k < written && k < max) {
    dst[k] = g_ring[(g_read + k) & (kRing - 1)];
    k++;
  }
  *first_sample_index = g_read;
  // The newest sample arrived about now; earlier ones 62.5 µs apart.
  *first_sample_us = ge_port_clock_us() - (written - g_read) * 1000000ull / 16000ull;
  g_read += k;
  *n = k;
  *overruns = g_overruns;
  return GE_OK;
}

extern "C" ge_status_t ge_port_serial_read(uint8_t *dst, size_t max, size_t *n) {
  size_t k = 0;
  while (k < max && Serial.available() > 0) dst[k++] = (uint8_t)Serial.read();
  *n = k;
  return GE_OK;
}

extern "C" ge_status_t ge_port_serial_write(const uint8_t *src, size_t len) {
  size_t done = 0;
  while (done < len) done += Serial.write(src + done, len - done);
  return GE_OK;
}

extern "C" void ge_port_led(int on) { digitalWrite(LED_BUILTIN, on ? HIGH : LOW); }
