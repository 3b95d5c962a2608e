#include "window_norm.h"

void ge_window_centre(int8_t *win, uint16_t frames, uint16_t n_mfcc, int32_t zero_point) {
  if (win == 0 || frames == 0) return;
  const int32_t lo = zero_point - 127 < -128 ? -128 : zero_point - 127;
  const int32_t hi = zero_point + 127 > 127 ? 127 : zero_point + 127;
  const int32_t n = frames;
  for (uint16_t c = 0; c < n_mfcc; c++) {
    int32_t sum = 0;
    for (uint16_t t = 0; t < frames; t++) sum += (int32_t)win[(uint32_t)t * n_mfcc + c] - zero_point;
    /* Rounded half away from zero; C division truncates toward zero. */
    const int32_t m = sum >= 0 ? (2 * sum + n) / (2 * n) : -((-2 * sum + n) / (2 * n));
    for (uint16_t t = 0; t < frames; t++) {
      int32_t v = (int32_t)win[(uint32_t)t * n_mfcc + c] - m;
      win[(uint32_t)t * n_mfcc + c] = (int8_t)(v < lo ? lo : v > hi ? hi : v);
    }
  }
}
