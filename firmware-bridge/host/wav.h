/* Minimal RIFF/WAVE reader for the host board: 16-bit PCM, any channel count (channel 0 is kept), the
 * sample rate is reported so the caller can refuse what the model was not trained on. Heap-allocated
 * result (host only; the firmware core never allocates). */
#ifndef GE_HOST_WAV_H
#define GE_HOST_WAV_H

#include <stdint.h>

typedef struct {
  int16_t *samples; /* malloc'd, free with ge_wav_free */
  uint32_t n;
  uint32_t sample_rate_hz;
} ge_wav_t;

/* 0 on success; on failure a message naming the file and the problem in err (size errlen). */
int ge_wav_read(const char *path, ge_wav_t *out, char *err, unsigned errlen);
void ge_wav_free(ge_wav_t *w);

#endif
