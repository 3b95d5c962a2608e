export { runInt8, runInt8Probability, quantizeInput, TFLM_ROUNDING, TFLITE_OPTIMISED_ROUNDING, type RoundingVariant } from './interpreter.ts';
export {
  quantizeMultiplier, multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierSingleRounding, saturatingRoundingDoublingHighMul, roundingDivideByPOT, frexp,
  roundHalfAwayFromZero, type QuantizedMultiplier,
} from './fixedpoint.ts';
