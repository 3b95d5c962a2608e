/*
 * The device MFCC frontend (docs/FEATURES.md, firmware-bridge/PROTOCOL.md §4): one frame of nFft int16
 * samples → nMfcc int8 model inputs. Float32, libm-free, bit-identical to
 * common/features/device-frontend.ts (same tables, same operation order; compile with -ffp-contract=off
 * -fno-fast-math). Steps: s = int16/32768; periodic Hann of winLength at offset (nFft−winLength)/2;
 * |rfft|²; sparse mel filterbank; 10·log10(max(S, amin)) via ge_power_to_db; DCT-II ortho (table);
 * (x − mean)/std clamped to ±clip; q = roundHalfAwayFromZero(x / scale) + zeroPoint saturated to int8.
 *
 * The tables are generated (exporter/mfcc-tables.ts) and never edited by hand; they are owned by the
 * caller (usually const in flash) and must outlive the ge_mfcc_t.
 */
#ifndef GE_MFCC_H
#define GE_MFCC_H

#include <stddef.h>
#include <stdint.h>
#include "fft.h"
#include "ge_status.h"

#define GE_MFCC_MAX_MELS 128
#define GE_MFCC_MAX_COEFFS 40

typedef struct {
  uint32_t sample_rate_hz;
  uint16_t n_fft;       /* power of two, 4..GE_FFT_MAX_N */
  uint16_t win_length;  /* 1..n_fft */
  uint16_t win_offset;  /* floor((n_fft − win_length)/2) */
  uint16_t hop_length;
  uint16_t n_mels;      /* 1..GE_MFCC_MAX_MELS */
  uint16_t n_mfcc;      /* 1..min(n_mels, GE_MFCC_MAX_COEFFS) */
  float amin;
  const float *window;       /* win_length */
  const float *twiddle_cos;  /* n_fft/2: cos(2πk/n_fft) */
  const float *twiddle_sin;  /* n_fft/2: sin(2πk/n_fft) */
  const uint16_t *mel_start; /* n_mels: first bin of band m */
  const uint16_t *mel_len;   /* n_mels: bins in band m */
  const uint32_t *mel_offset;/* n_mels: index of band m's first weight in mel_weights */
  const float *mel_weights;
  const float *dct;          /* n_mfcc × n_mels, row-major */
  const float *norm_mean;    /* n_mfcc */
  const float *norm_std;     /* n_mfcc, > 0 */
  float norm_clip;           /* > 0 */
} ge_mfcc_tables_t;

/* Scratch, in floats, that one frame needs: the FFT work buffer (n_fft), the power spectrum (n_fft/2 + 1)
 * and the mel energies (n_mels). A compile-time constant when the arguments are (the application sizes it
 * from the generated mfcc_tables.h). */
#define GE_MFCC_SCRATCH_FLOATS(n_fft, n_mels) ((n_fft) + (n_fft) / 2 + 1 + (n_mels))

/* Frontend state: the tables, the model's input quantisation and pointers into caller-owned scratch. The
 * scratch is only live inside ge_mfcc_frame (nothing carries over between frames), so the caller may lend
 * it to other work between frames. */
typedef struct {
  const ge_mfcc_tables_t *t;
  float input_scale;
  int32_t input_zero_point;
  float *work;   /* n_fft */
  float *power;  /* n_fft/2 + 1 */
  float *mel;    /* n_mels */
} ge_mfcc_t;

/* Checks the tables against the capacities above (GE_ERR_RANGE), that `scratch` holds at least
 * GE_MFCC_SCRATCH_FLOATS(n_fft, n_mels) floats (GE_ERR_RANGE), and stores the quantisation. The scratch is
 * caller-owned and must outlive the ge_mfcc_t. */
ge_status_t ge_mfcc_init(ge_mfcc_t *m, const ge_mfcc_tables_t *tables, float input_scale, int32_t input_zero_point,
                         float *scratch, size_t scratch_floats);

/* One frame: `samples` holds n_fft int16 (caller-owned, read only); writes n_mfcc int8 to `out`.
 * If `coeffs_out` is not NULL it also receives the n_mfcc normalised (pre-quantisation) floats. */
ge_status_t ge_mfcc_frame(ge_mfcc_t *m, const int16_t *samples, int8_t *out, float *coeffs_out);

/* roundHalfAwayFromZero(v) + zero_point, saturated to [−128, 127]; exact for |v| < 2^23. */
int8_t ge_quantize_int8(float v, int32_t zero_point);

#endif
