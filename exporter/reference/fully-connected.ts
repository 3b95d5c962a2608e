/**
 * int8 FULLY_CONNECTED with per-tensor symmetric weights: TFLite Micro's
 * `reference_integer_ops::FullyConnected`. Weights [outDepth, accumDepth]; the input is read as
 * [batches, accumDepth] whatever its rank (as TFLite and TFLM flatten it — the exporter relies on this to
 * fold the global average pool into the classifier, reading a [1, H, W, C] tensor as H·W·C inputs).
 */
import { clamp, requantizer, type Requantization } from './fixedpoint.ts';

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
  /** MultiplyByQuantizedMultiplier build; defaults to 'single' (TFLITE_SINGLE_ROUNDING, the project's convention). */
  rounding?: Requantization;
}

export function fullyConnected(p: FullyConnectedParams, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  const inputOffset = -p.inputZeroPoint;
  const filterOffset = -p.filterZeroPoint;
  const mbqm = requantizer(p.rounding ?? 'single');
  for (let b = 0; b < p.batches; b++) {
    for (let o = 0; o < p.outputDepth; o++) {
      let acc = 0;
      for (let d = 0; d < p.accumDepth; d++) {
        acc += (filter[o * p.accumDepth + d] + filterOffset) * (input[b * p.accumDepth + d] + inputOffset);
      }
      if (bias) acc += bias[o];
      acc = mbqm(acc | 0, p.multiplier, p.shift);
      acc += p.outputZeroPoint;
      output[b * p.outputDepth + o] = clamp(acc, p.activationMin, p.activationMax);
    }
  }
}
