/*
 * int8 kernels for the Cortex-M4's DSP extension (dsp.h: SXTB16 widening, SMLAD dual 16-bit MACs, SMLABB/SMLATT),
 * selected at build time with GE_KERNELS_M4 (model_runner.c; `make qemu KERNELS=m4`). Same contracts, same
 * integer arithmetic and the same single-rounding requantisation as the reference kernels in kernels.h, so the
 * outputs are bit-identical: tests/test_kernels.c compares both on random shapes on the host (where dsp.h is
 * plain C), and test/firmware runs the parity vectors against both images in QEMU. Shapes a kernel has no fast
 * path for go to the reference kernel. No allocation; scratch on the stack is bounded (GE_M4_MAX_*).
 */
#ifndef GE_KERNELS_M4_H
#define GE_KERNELS_M4_H

#include "kernels.h"

/* Output channels a fast path keeps per-channel constants for on the stack (conv: bias term, multiplier and
 * shift, 12 B each; depthwise: the bias term, 4 B); wider layers run the reference kernel. */
#define GE_M4_MAX_CHANNELS 128
/* Taps (k_h·k_w·in_c) of one receptive field the conv fast path takes: two of them gathered (int8) and widened
 * (int16) on the stack, 6 × GE_M4_MAX_PATCH bytes. */
#define GE_M4_MAX_PATCH 256

ge_status_t ge_conv2d_int8_m4(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter,
                              const int32_t *bias, const int32_t *mult, const int32_t *shift, int8_t *output);
ge_status_t ge_depthwise_conv2d_int8_m4(const ge_conv_params_t *p, const int8_t *input, const int8_t *filter,
                                        const int32_t *bias, const int32_t *mult, const int32_t *shift,
                                        int8_t *output);
ge_status_t ge_fully_connected_int8_m4(uint16_t in_n, uint16_t out_n, const int8_t *input, int32_t input_offset,
                                       const int8_t *weights, int32_t filter_offset, const int32_t *bias,
                                       int32_t mult, int32_t shift, int32_t output_offset, int32_t act_min,
                                       int32_t act_max, int8_t *output);

#endif
