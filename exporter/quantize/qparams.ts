/**
 * Quantisation parameters per TFLite's int8 spec (tensorflow/lite/tools/optimize/quantization_utils.cc):
 * activations asymmetric per tensor over [min(min,0), max(max,0)] in float32; weights symmetric with
 * zero point 0 over −127..127 (per output channel for conv/depthwise, per tensor for fully connected);
 * biases int32 with scale inScale·wScale. Every scale is rounded to float32 here, because that is what the
 * .tflite file stores and what the kernels compute their multipliers from.
 */
import { roundHalfAwayFromZero } from '../reference/fixedpoint.ts';

export interface AffineParams { scale: number; zeroPoint: number }

/** GetAsymmetricQuantizationParams for int8 (−128..127). A degenerate range [0, 0] becomes [0, 1]. */
export function asymmetricParams(min: number, max: number): AffineParams {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new RangeError(`asymmetricParams: need finite min <= max, got [${min}, ${max}]`);
  }
  const f = Math.fround;
  let lo = f(Math.min(min, 0));
  let hi = f(Math.max(max, 0));
  if (lo === hi) hi = 1; // all-zero tensor: any scale represents it; keep multipliers finite
  const scale = f(f(hi - lo) / 255);
  const zpFromMin = f(-128 - f(lo / scale));
  const zeroPoint = zpFromMin < -128 ? -128 : zpFromMin > 127 ? 127 : roundHalfAwayFromZero(zpFromMin);
  return { scale, zeroPoint };
}

/** Symmetric int8 scale for values with maximum magnitude `maxAbs` (float32; 1 when all are zero). */
export function symmetricScale(maxAbs: number): number {
  return maxAbs > 0 ? Math.fround(maxAbs / 127) : 1;
}

export function quantizeSymmetric(v: number, scale: number): number {
  const q = roundHalfAwayFromZero(v / scale);
  return q < -127 ? -127 : q > 127 ? 127 : q;
}

/** int32 bias: round(b / (inScale·wScale)), saturated to int32. */
export function quantizeBias(v: number, biasScale: number): number {
  const q = roundHalfAwayFromZero(v / biasScale);
  return Math.max(-2147483648, Math.min(2147483647, q));
}
