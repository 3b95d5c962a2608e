export { runInt8, runInt8Probability, quantizeInput } from './interpreter.ts';
export {
  quantizeMultiplier, multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierDoubleRounding, requantizer, saturatingRoundingDoublingHighMul, roundingDivideByPOT, frexp,
  roundHalfAwayFromZero, type QuantizedMultiplier, type Requantization,
} from './fixedpoint.ts';
