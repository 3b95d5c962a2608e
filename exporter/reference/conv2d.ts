/**
 * int8 CONV_2D with per-channel weights: TFLite Micro's `reference_integer_ops::ConvPerChannel`
 * (dilation 1, batch ≥ 1). acc = Σ w·(x − inZp) over the in-image taps (padding contributes nothing),
 * + bias, requantised per output channel, + outZp, clamped to the fused activation range.
 */
import { clamp, requantizer, type Requantization } from './fixedpoint.ts';

export interface ConvParams {
  /** [N, H, W, C] */
  inputShape: number[];
  /** [O, KH, KW, C] */
  filterShape: number[];
  /** [N, OH, OW, O] */
  outputShape: number[];
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
  inputZeroPoint: number;
  outputZeroPoint: number;
  /** Per output channel Q31 multipliers and shifts (from quantizeMultiplier(inScale·wScale[c]/outScale)). */
  multipliers: Int32Array;
  shifts: Int32Array;
  activationMin: number;
  activationMax: number;
  /** MultiplyByQuantizedMultiplier build; defaults to 'single' (TFLITE_SINGLE_ROUNDING, the project's convention). */
  rounding?: Requantization;
}

export function convPerChannel(p: ConvParams, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  const mbqm = requantizer(p.rounding ?? 'single');
  const [batches, inH, inW, inC] = p.inputShape;
  const [outC, kH, kW, fC] = p.filterShape;
  const [, outH, outW, oC] = p.outputShape;
  if (fC !== inC || oC !== outC) throw new RangeError(`conv: filter ${p.filterShape} does not fit input ${p.inputShape} / output ${p.outputShape}`);
  const inputOffset = -p.inputZeroPoint;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * p.strideH - p.padTop;
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * p.strideW - p.padLeft;
        for (let oc = 0; oc < outC; oc++) {
          let acc = 0;
          for (let fy = 0; fy < kH; fy++) {
            const iy = inY0 + fy;
            if (iy < 0 || iy >= inH) continue;
            for (let fx = 0; fx < kW; fx++) {
              const ix = inX0 + fx;
              if (ix < 0 || ix >= inW) continue;
              const inBase = ((b * inH + iy) * inW + ix) * inC;
              const fBase = ((oc * kH + fy) * kW + fx) * inC;
              for (let ic = 0; ic < inC; ic++) acc += filter[fBase + ic] * (input[inBase + ic] + inputOffset);
            }
          }
          if (bias) acc += bias[oc];
          acc = mbqm(acc | 0, p.multipliers[oc], p.shifts[oc]);
          acc += p.outputZeroPoint;
          output[((b * outH + oy) * outW + ox) * outC + oc] = clamp(acc, p.activationMin, p.activationMax);
        }
      }
    }
  }
}
