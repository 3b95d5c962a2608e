#include <stdio.h>

#include "test.h"

int g_checks, g_failures;

#define TESTS(X)                                                                                     \
  X(test_crc16) X(test_slip_roundtrip) X(test_decoder_errors) X(test_messages) X(test_fastlog)       \
  X(test_fft) X(test_quantize) X(test_mfcc_init) X(test_mfcc_frame) X(test_fixedpoint)              \
  X(test_conv) X(test_conv_random) X(test_depthwise) X(test_fully_connected) X(test_logistic) X(test_dsp_ops) X(test_requant_m4) X(test_fully_connected_m4) \
  X(test_audio_ring) X(test_detector) X(test_event_queue) X(test_feature_provider) X(test_feature_provider_stats) X(test_window_centre) \
  X(test_isqrt64) X(test_window_stats) X(test_window_stats_extremes)                  \
  X(test_model_runner) X(test_app_offline) X(test_app_link) X(test_app_verify) X(test_app_detection) \
  X(test_msg_bridge)

#define DECLARE(name) void name(void);
TESTS(DECLARE)

int main(void) {
#define RUN(name)                                      \
  {                                                    \
    int before = g_failures;                           \
    name();                                            \
    printf("%-24s %s\n", #name, g_failures == before ? "ok" : "FAILED"); \
  }
  TESTS(RUN)
  printf("%d checks, %d failures\n", g_checks, g_failures);
  return g_failures ? 1 : 0;
}
