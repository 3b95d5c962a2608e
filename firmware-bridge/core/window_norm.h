/*
 * Window normalisation of the model input (docs/FEATURES.md, "Window normalisation"): each coefficient of
 * an int8 window is centred on its own mean over the window's frames, in integers. The host twin is
 * deviceCentreWindow in common/features/device-frontend.ts; the float model was trained on the same step
 * (trainer/windows.ts normaliseInto). Pure function, no state.
 */
#ifndef GE_WINDOW_NORM_H
#define GE_WINDOW_NORM_H

#include <stdint.h>

/*
 * win: frames × n_mfcc int8, frame-major, quantised with zero point zero_point. For each coefficient c:
 * m = Σ_t (win[t][c] − zero_point) / frames rounded half away from zero, then
 * win[t][c] = clamp(win[t][c] − m, zero_point − 127, zero_point + 127) within −128..127.
 */
void ge_window_centre(int8_t *win, uint16_t frames, uint16_t n_mfcc, int32_t zero_point);

#endif
