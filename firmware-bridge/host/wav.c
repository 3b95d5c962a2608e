#include "wav.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t le32(const unsigned char *p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24); }
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

int ge_wav_read(const char *path, ge_wav_t *out, char *err, unsigned errlen) {
  memset(out, 0, sizeof(*out));
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "%s: cannot open", path);
    return -1;
  }
  unsigned char hdr[12];
  if (fread(hdr, 1, 12, f) != 12 || memcmp(hdr, "RIFF", 4) || memcmp(hdr + 8, "WAVE", 4)) {
    snprintf(err, errlen, "%s: not a RIFF/WAVE file", path);
    fclose(f);
    return -1;
  }
  uint16_t fmt = 0, channels = 0, bits = 0;
  uint32_t rate = 0;
  for (;;) {
    unsigned char ch[8];
    if (fread(ch, 1, 8, f) != 8) {
      snprintf(err, errlen, "%s: no data chunk", path);
      fclose(f);
      return -1;
    }
    uint32_t size = le32(ch + 4);
    if (!memcmp(ch, "fmt ", 4)) {
      unsigned char b[40];
      if (size < 16 || size > sizeof b || fread(b, 1, size, f) != size) {
        snprintf(err, errlen, "%s: bad fmt chunk (size %u)", path, size);
        fclose(f);
        return -1;
      }
      fmt = le16(b);
      channels = le16(b + 2);
      rate = le32(b + 4);
      bits = le16(b + 14);
      if (fmt == 0xFFFE && size >= 26) fmt = le16(b + 24);
    } else if (!memcmp(ch, "data", 4)) {
      if (fmt != 1 || bits != 16 || channels < 1) {
        snprintf(err, errlen, "%s: format %u, %u bits, %u channels; need 16-bit PCM", path, fmt, bits, channels);
        fclose(f);
        return -1;
      }
      uint32_t frames = size / (2u * channels);
      int16_t *all = malloc((size_t)frames * channels * 2u + 2u);
      out->samples = malloc((size_t)frames * 2u + 2u);
      if (!all || !out->samples) {
        free(all);
        free(out->samples);
        snprintf(err, errlen, "%s: out of memory", path);
        fclose(f);
        return -1;
      }
      size_t got = fread(all, 2u * channels, frames, f);
      for (size_t i = 0; i < got; i++) {
        const unsigned char *p = (const unsigned char *)(all + i * channels);
        out->samples[i] = (int16_t)le16(p);
      }
      free(all);
      out->n = (uint32_t)got;
      out->sample_rate_hz = rate;
      fclose(f);
      return 0;
    } else {
      if (fseek(f, (long)(size + (size & 1u)), SEEK_CUR) != 0) {
        snprintf(err, errlen, "%s: truncated chunk", path);
        fclose(f);
        return -1;
      }
    }
  }
}

void ge_wav_free(ge_wav_t *w) {
  free(w->samples);
  memset(w, 0, sizeof(*w));
}
