export { runInt8, runInt8Probability, quantizeInput } from './interpreter.ts';
export {
  quantizeMultiplier, multiplyByQuantizedMultiplier, saturatingRoundingDoublingHighMul, roundingDivideByPOT, frexp,
  roundHalfAwayFromZero, type QuantizedMultiplier,
} from './fixedpoint.ts';
