/**
 * int8 LOGISTIC exactly as TFLite Micro runs it: Prepare (micro/kernels/logistic_common.cc
 * `CalculateArithmeticOpData`) derives a Q31 input multiplier for a Q4.27 input and an input radius;
 * Eval (`reference_integer_ops::Logistic`) saturates outside the radius, else evaluates gemmlowp's
 * fixed-point logistic and rounds the Q0.31 result to the fixed output quantisation (scale 1/256, zp −128).
 * The input rescale is TFLM's MultiplyByQuantizedMultiplier, so it follows the build's rounding too.
 */
import { clamp, frexp, requantizer, roundHalfAwayFromZero, roundingDivideByPOT, type Requantization } from './fixedpoint.ts';
import { fixedPointLogistic } from './gemmlowp-logistic.ts';

const INPUT_INTEGER_BITS = 4;

export interface LogisticParams {
  inputZeroPoint: number;
  inputRangeRadius: number;
  inputMultiplier: number;
  inputLeftShift: number;
}

export function prepareLogistic(inputScale: number, inputZeroPoint: number): LogisticParams {
  const real = inputScale * 2 ** (31 - INPUT_INTEGER_BITS);
  const { fraction, exponent } = frexp(real);
  const inputMultiplier = roundHalfAwayFromZero(fraction * 2 ** 31);
  // CalculateInputRadius(4, shift, 31): floor((2^4 − 1) · 2^27 / 2^shift).
  const inputRangeRadius = Math.floor(((2 ** INPUT_INTEGER_BITS - 1) * 2 ** (31 - INPUT_INTEGER_BITS)) / 2 ** exponent);
  return { inputZeroPoint, inputRangeRadius, inputMultiplier, inputLeftShift: exponent };
}

export function logisticInt8(p: LogisticParams, input: Int8Array, output: Int8Array, rounding: Requantization = 'single'): void {
  const mbqm = requantizer(rounding);
  for (let i = 0; i < input.length; i++) {
    const x = input[i] - p.inputZeroPoint;
    if (x <= -p.inputRangeRadius) output[i] = -128;
    else if (x >= p.inputRangeRadius) output[i] = 127;
    else {
      const inQ4 = mbqm(x, p.inputMultiplier, p.inputLeftShift);
      const outQ0 = fixedPointLogistic(inQ4, INPUT_INTEGER_BITS);
      output[i] = clamp(roundingDivideByPOT(outQ0, 31 - 8) - 128, -128, 127);
    }
  }
}
