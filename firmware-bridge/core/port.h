/*
 * The porting interface: everything hardware-specific sits behind these five free functions (audio, clock, serial read, serial write, LED). The host
 * build (host/port_host.c) implements them over a pty and WAV files, the QEMU build (qemu/port_mps2.c)
 * over the MPS2 UART and a synthetic signal, real boards under boards/<board>/.
 *
 * Contracts:
 * - Calls are made from the single application thread (loop()); none needs to be re-entrant.
 * - ge_port_audio_read copies up to `max` int16 mono 16 kHz samples into `dst` (caller-owned) and returns
 *   how many it copied in *n (0 when none is ready; never blocks). Samples are delivered in order; samples
 *   lost because the caller read too late are counted in *overruns (cumulative).
 * - ge_port_clock_us is monotonic, wraps only after 2^64 µs.
 * - ge_port_serial_read never blocks; ge_port_serial_write may block until all bytes are queued.
 */
#ifndef GE_PORT_H
#define GE_PORT_H

#include <stddef.h>
#include <stdint.h>
#include "ge_status.h"

/* Reads captured samples; the first call starts capture. See the contract above. `first_sample_index`
 * receives the stream index of dst[0] (samples since capture started) and `first_sample_us` the raw
 * clock time of that sample, so the caller can timestamp events to the sample. */
ge_status_t ge_port_audio_read(int16_t *dst, size_t max, size_t *n, uint64_t *first_sample_index,
                               uint64_t *first_sample_us, uint32_t *overruns);
/* Microseconds since boot (raw, before any CONFIG clock offset). */
uint64_t ge_port_clock_us(void);
/* Serial: non-blocking read of up to `max` bytes into dst (*n = bytes read, 0 if none). */
ge_status_t ge_port_serial_read(uint8_t *dst, size_t max, size_t *n);
/* Serial: writes all `len` bytes (may block until queued). */
ge_status_t ge_port_serial_write(const uint8_t *src, size_t len);
/* Status LED on/off (no-op where there is none). */
void ge_port_led(int on);

#endif
