/**
 * int8 DEPTHWISE_CONV_2D with per-channel weights and depth multiplier 1: TFLite Micro's
 * `reference_integer_ops::DepthwiseConvPerChannel` (dilation 1). Filter layout [1, KH, KW, C].
 */
import { clamp, requantizer } from './fixedpoint.ts';
import type { ConvParams } from './conv2d.ts';

export function depthwiseConvPerChannel(p: ConvParams, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  const mbqm = requantizer(p.rounding ?? 'single');
  const [batches, inH, inW, inC] = p.inputShape;
  const [one, kH, kW, fC] = p.filterShape;
  const [, outH, outW, outC] = p.outputShape;
  if (one !== 1 || fC !== inC || outC !== inC) {
    throw new RangeError(`depthwise: only depth multiplier 1 is supported; filter ${p.filterShape}, input ${p.inputShape}, output ${p.outputShape}`);
  }
  const inputOffset = -p.inputZeroPoint;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * p.strideH - p.padTop;
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * p.strideW - p.padLeft;
        for (let c = 0; c < outC; c++) {
          let acc = 0;
          for (let fy = 0; fy < kH; fy++) {
            const iy = inY0 + fy;
            if (iy < 0 || iy >= inH) continue;
            for (let fx = 0; fx < kW; fx++) {
              const ix = inX0 + fx;
              if (ix < 0 || ix >= inW) continue;
              acc += filter[(fy * kW + fx) * fC + c] * (input[((b * inH + iy) * inW + ix) * inC + c] + inputOffset);
            }
          }
          if (bias) acc += bias[c];
          acc = mbqm(acc | 0, p.multipliers[c], p.shifts[c]);
          acc += p.outputZeroPoint;
          output[((b * outH + oy) * outW + ox) * outC + c] = clamp(acc, p.activationMin, p.activationMax);
        }
      }
    }
  }
}
