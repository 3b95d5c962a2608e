/*
 * log2 and decibels in float32 without libm, so that the TypeScript emulation
 * (common/features/device-frontend.ts) reproduces every bit: the exponent comes from the IEEE-754 bits, the
 * mantissa m ∈ [√2/2, √2) goes through the odd series 2/ln2·(u + u³/3 + … + u⁹/9), u = (m−1)/(m+1),
 * evaluated in a fixed order with the constants below (given as float32 bit patterns in the TS twin).
 * Accuracy: |error| < 2e-7 absolute in log2 for normal inputs (|u| ≤ 0.1716, so the u¹¹ term is < 1e-9).
 * Contract: x must be a positive normal float (the caller floors it at amin ≥ FLT_MIN); other inputs
 * give unspecified (but finite) results.
 */
#ifndef GE_FASTLOG_H
#define GE_FASTLOG_H

#define GE_LOG_SQRT2 0x1.6a09e6p+0f      /* 0x3fb504f3 */
#define GE_LOG_C3 0x1.555556p-2f         /* 0x3eaaaaab = 1/3 */
#define GE_LOG_C5 0x1.99999ap-3f         /* 0x3e4ccccd = 1/5 */
#define GE_LOG_C7 0x1.24924ap-3f         /* 0x3e124925 = 1/7 */
#define GE_LOG_C9 0x1.c71c72p-4f         /* 0x3de38e39 = 1/9 */
#define GE_LOG_2_OVER_LN2 0x1.715476p+1f /* 0x4038aa3b = 2/ln 2 */
#define GE_DB_PER_LOG2 0x1.815182p+1f    /* 0x4040a8c1 = 10·log10(2) */

/* log2(x) for positive normal x. */
float ge_log2f(float x);
/* 10·log10(x) = ge_log2f(x)·GE_DB_PER_LOG2. */
float ge_power_to_db(float x);

#endif
