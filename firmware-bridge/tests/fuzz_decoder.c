/* libFuzzer target: arbitrary bytes through the SLIP/frame decoder must never crash, never read or write
 * out of bounds (ASan/UBSan), and every decoded frame must satisfy the documented invariants. Each decoded
 * frame is re-encoded and decoded again to check the round trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static ge_decoder_t d, d2;
  ge_decoder_init(&d);
  for (size_t i = 0; i < size; i++) {
    ge_frame_t f;
    ge_status_t s = ge_decoder_push(&d, data[i], &f);
    if (s != GE_OK) continue;
    if (f.len > GE_PAYLOAD_MAX) abort();
    static uint8_t wire[GE_SLIP_MAX];
    size_t n = 0;
    if (ge_frame_encode(f.type, f.seq, f.payload, f.len, wire, sizeof wire, &n) != GE_OK) abort();
    uint8_t copy[GE_PAYLOAD_MAX];
    memcpy(copy, f.payload, f.len);
    ge_decoder_init(&d2);
    int got = 0;
    for (size_t k = 0; k < n; k++) {
      ge_frame_t g;
      if (ge_decoder_push(&d2, wire[k], &g) == GE_OK) {
        if (g.type != f.type || g.seq != f.seq || g.len != f.len || memcmp(g.payload, copy, g.len) != 0) abort();
        got++;
      }
    }
    if (got != 1) abort();
  }
  return 0;
}
