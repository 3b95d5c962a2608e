/**
 * int8 FULLY_CONNECTED with per-tensor symmetric weights: TFLite Micro's
 * `reference_integer_ops::FullyConnected`. Weights [outDepth, accumDepth]; the input is read as
 * [batches, accumDepth] whatever its rank (as TFLite flattens it).
 */
import { clamp, multiplyByQuantizedMultiplier } from './fixedpoint.ts';

export interface FullyConnectedParams {
  batches: number;
  accumDepth: number;
  outputDepth: number;
  inputZeroPoint: number;
  /** 0 for symmetric int8 weights. */
  filterZeroPoint: number;
  outputZeroPoint: number;
  multiplier: number;
  shift: number;
  activationMin: number;
  activationMax: number;
}

export function fullyConnected(p: FullyConnectedParams, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  const inputOffset = -p.inputZeroPoint;
  const filterOffset = -p.filterZeroPoint;
  for (let b = 0; b < p.batches; b++) {
    for (let o = 0; o < p.outputDepth; o++) {
      let acc = 0;
      for (let d = 0; d < p.accumDepth; d++) {
        acc += (filter[o * p.accumDepth + d] + filterOffset) * (input[b * p.accumDepth + d] + inputOffset);
      }
      if (bias) acc += bias[o];
      acc = multiplyByQuantizedMultiplier(acc | 0, p.multiplier, p.shift);
      acc += p.outputZeroPoint;
      output[b * p.outputDepth + o] = clamp(acc, p.activationMin, p.activationMax);
    }
  }
}
