/**
 * gemmlowp's fixed-point logistic (fixedpoint/fixedpoint.h: `logistic`, `exp_on_negative_values`,
 * `one_over_one_plus_x_for_x_in_0_1`) on raw int32 values, as TFLite Micro's int8 LOGISTIC calls it with a
 * FixedPoint<int32, 4> input and a FixedPoint<int32, 0> result. Every step mirrors the C++ so the result is
 * bit-identical; the FixedPoint type's integer bits are tracked by hand in the comments.
 */
import { INT32_MAX, INT32_MIN, roundingDivideByPOT, saturatingRoundingDoublingHighMul as mul } from './fixedpoint.ts';

/** SaturatingRoundingMultiplyByPOT<exponent> for exponent > 0: saturating left shift. */
function saturatingShiftLeft(x: number, exponent: number): number {
  const threshold = (1 << (31 - exponent)) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x * 2 ** exponent;
}

/** Rescale<dst>(FixedPoint<src>): multiply the raw value by 2^(src − dst), saturating or rounding. */
function rescale(x: number, srcIntegerBits: number, dstIntegerBits: number): number {
  const e = srcIntegerBits - dstIntegerBits;
  if (e > 0) return saturatingShiftLeft(x, e);
  if (e < 0) return roundingDivideByPOT(x, -e);
  return x;
}

/** gemmlowp RoundingHalfSum for int32: (a + b) / 2 rounded, ties away from zero. */
function roundingHalfSum(a: number, b: number): number {
  const sum = a + b; // exact in a double (|sum| < 2^32)
  const sign = sum >= 0 ? 1 : -1;
  return Math.trunc((sum + sign) / 2);
}

/** exp(a) for a in [−1/4, 0), Q0.31 in and out. */
function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  const constantTerm = 1895147668; // exp(−1/8)
  const constant1Over3 = 715827883;
  const x = (a + (1 << 28)) | 0; // a + 1/8
  const x2 = mul(x, x);
  const x3 = mul(x2, x);
  const x4 = mul(x2, x2);
  const x4Over4 = roundingDivideByPOT(x4, 2);
  const poly = roundingDivideByPOT((mul((x4Over4 + x3) | 0, constant1Over3) + x2) | 0, 1);
  return (constantTerm + mul(constantTerm, (x + poly) | 0)) | 0;
}

const EXP_BARREL: ReadonlyArray<readonly [number, number]> = [
  [-2, 1672461947], // exp(−1/4)
  [-1, 1302514674], // exp(−1/2)
  [0, 790015084], // exp(−1)
  [1, 290630308], // exp(−2)
  [2, 39332535], // exp(−4)
  [3, 720401], // exp(−8)
  [4, 242], // exp(−16)
];

/** exp(a) for a ≤ 0 given with `integerBits` integer bits; result Q0.31. */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits;
  const oneQuarter = 1 << (fractionalBits - 2);
  const mask = oneQuarter - 1;
  const aModQuarterMinusOneQuarter = ((a & mask) - oneQuarter) | 0;
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(rescale(aModQuarterMinusOneQuarter, integerBits, 0));
  const remainder = (aModQuarterMinusOneQuarter - a) | 0;
  for (const [exponent, multiplier] of EXP_BARREL) {
    if (integerBits > exponent) {
      const shiftAmount = fractionalBits + exponent;
      if ((remainder & (1 << shiftAmount)) !== 0) result = mul(result, multiplier);
    }
  }
  if (integerBits > 5) {
    const clampValue = -(1 << (36 - integerBits)); // −32
    if (a < clampValue) result = 0;
  }
  if (a === 0) result = INT32_MAX; // FixedPoint<int32, 0>::One()
  return result;
}

/** 1 / (1 + a) for a in (0, 1), Q0.31 in and out (Newton–Raphson, 3 iterations). */
export function oneOverOnePlusXForXIn01(a: number): number {
  const halfDenominator = roundingHalfSum(a, INT32_MAX); // Q0
  const constant48Over17 = 1515870810; // Q2
  const constantNeg32Over17 = -1010580540; // Q2
  let x = (constant48Over17 + mul(halfDenominator, constantNeg32Over17)) | 0; // Q2
  const oneQ2 = 1 << 29;
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = mul(halfDenominator, x); // Q2
    const oneMinus = (oneQ2 - halfDenominatorTimesX) | 0; // Q2
    x = (x + rescale(mul(x, oneMinus), 4, 2)) | 0; // Q2·Q2 = Q4 → Q2
  }
  return rescale(x, 1, 0); // ExactMulByPot<−1>: Q2 → Q1 (same raw), then Rescale<0>
}

/** logistic(a) = 1 / (1 + exp(−a)) for a raw FixedPoint<int32, integerBits>; result Q0.31. */
export function fixedPointLogistic(a: number, integerBits: number): number {
  if (a === 0) return 1 << 30; // one half
  const abs = a > 0 ? a : -a | 0;
  const positive = oneOverOnePlusXForXIn01(expOnNegativeValues(-abs | 0, integerBits));
  return a > 0 ? positive : (INT32_MAX - positive) | 0;
}
