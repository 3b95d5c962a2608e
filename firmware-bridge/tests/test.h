/* A tiny test harness: CHECK macros count and report failures with file:line; test_main.c runs the list. */
#ifndef GE_TEST_H
#define GE_TEST_H

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#include <stdio.h>

extern int g_checks, g_failures;

#define CHECK(cond)                                                              \
  do {                                                                           \
    g_checks++;                                                                  \
    if (!(cond)) {                                                               \
      g_failures++;                                                              \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
    }                                                                            \
  } while (0)

#define CHECK_EQ(a, b)                                                                         \
  do {                                                                                         \
    long long ge_a_ = (long long)(a), ge_b_ = (long long)(b);                                  \
    g_checks++;                                                                                \
    if (ge_a_ != ge_b_) {                                                                      \
      g_failures++;                                                                            \
      fprintf(stderr, "%s:%d: CHECK_EQ failed: %s = %lld, %s = %lld\n", __FILE__, __LINE__, #a, \
              ge_a_, #b, ge_b_);                                                               \
    }                                                                                          \
  } while (0)

/* Mock port (port_mock.c): scripted clock, audio and serial for app-level tests. */
#include <stddef.h>
#include <stdint.h>
void mock_reset(void);
void mock_set_clock(uint64_t us);
void mock_advance_clock(uint64_t us);
void mock_set_audio(const int16_t *samples, size_t n); /* delivered in 512-sample blocks, then silence */
void mock_feed_serial(const uint8_t *bytes, size_t n); /* bytes the board will read */
size_t mock_take_tx(uint8_t *dst, size_t cap);         /* bytes the board wrote (drained) */

#endif
