/*
 * The generated model's window (gunshot_model.h, exporter/c-model.ts): how many MFCC frames a window spans
 * and how it becomes the model input. GE_MODEL_INPUT_FRAMES is the input tensor's rows — the window's frames
 * when the window is centred, GE_WINDOW_STATS_ROWS (5) when it is reduced to statistics — so code that
 * frames audio uses GE_MODEL_WINDOW_FRAMES and code that sizes the model input uses GE_MODEL_INPUT_FRAMES.
 * Headers exported before the window statistics existed lack the two window macros; they were centred
 * models whose input rows were the window frames, which the defaults below restate.
 */
#ifndef GE_MODEL_WINDOW_H
#define GE_MODEL_WINDOW_H

#include "gunshot_model.h"

#ifndef GE_MODEL_WINDOW_FRAMES
#define GE_MODEL_WINDOW_FRAMES GE_MODEL_INPUT_FRAMES
#endif
/* 1: the model input is the window's statistics (window_stats.h), 0: the centred window (window_norm.h). */
#ifndef GE_MODEL_WINDOW_STATS
#define GE_MODEL_WINDOW_STATS 0
#endif

#endif
