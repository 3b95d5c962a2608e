/**
 * tflite::CalculateActivationRangeQuantized for int8 outputs: the fused activation becomes a clamp range
 * in the output's quantised domain (ReLU: [max(−128, zp), 127]; ReLU6 also caps at zp + round(6/scale)).
 */
import type { QActivation } from '../qmodel.ts';
import { roundHalfAwayFromZero } from './fixedpoint.ts';

export function activationRangeInt8(activation: QActivation, scale: number, zeroPoint: number): { min: number; max: number } {
  // TFLite computes round(f / scale) in float32.
  const q = (f: number) => zeroPoint + roundHalfAwayFromZero(Math.fround(Math.fround(f) / Math.fround(scale)));
  switch (activation) {
    case 'none': return { min: -128, max: 127 };
    case 'relu': return { min: Math.max(-128, q(0)), max: 127 };
    case 'relu6': return { min: Math.max(-128, q(0)), max: Math.min(127, q(6)) };
  }
}
