/**
 * A DS-CNN-shaped int8 QModel with seeded random weights and plausible quantisation, for firmware tests
 * before (and independently of) a trained export: same ops, layouts and quantisation rules as the
 * exporter's output (per-channel conv scales, zero-point-0 weights, the global average pool folded into a
 * FULLY_CONNECTED over the last conv's [1, H, W, C] output, logistic output 1/256 / −128), so every kernel path of model_runner.c is exercised.
 */
import seedrandom from 'seedrandom';
import type { QModel, QOp, QTensor } from '../../exporter/qmodel.ts';

export interface RandomQModelOptions {
  /** Seed of the generator. Default 'firmware-bridge'. */
  seed?: string;
  /** Input frames, 1..128. Default 49. */
  frames?: number;
  /** MFCC coefficients, 1..40. Default 13. */
  coeffs?: number;
  /** Channels, 1..64. Default 16. */
  channels?: number;
  /** Depthwise-separable blocks, 0..8. Default 2. */
  blocks?: number;
}

export function randomQModel(opts: RandomQModelOptions = {}): QModel {
  const rng = seedrandom(opts.seed ?? 'firmware-bridge');
  const frames = opts.frames ?? 49;
  const coeffs = opts.coeffs ?? 13;
  const ch = opts.channels ?? 16;
  const blocks = opts.blocks ?? 2;
  if (frames < 1 || frames > 128) throw new RangeError(`frames must be 1..128, got ${frames}`);
  if (coeffs < 1 || coeffs > 40) throw new RangeError(`coeffs must be 1..40, got ${coeffs}`);
  if (ch < 1 || ch > 64) throw new RangeError(`channels must be 1..64, got ${ch}`);
  if (blocks < 0 || blocks > 8) throw new RangeError(`blocks must be 0..8, got ${blocks}`);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const f32 = Math.fround;
  const tensors: QTensor[] = [];
  const add = (t: QTensor): number => tensors.push(t) - 1;
  const act = (name: string, shape: number[], scale: number, zp: number) =>
    add({ name, shape, dtype: 'int8', scale: [f32(scale)], zeroPoint: [zp], quantizedDimension: 0 });
  const weights = (name: string, shape: number[], perChannelAxis: number) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Int8Array(n);
    for (let i = 0; i < n; i++) data[i] = int(-127, 127);
    const channels = shape[perChannelAxis];
    const scale = Array.from({ length: channels }, () => f32(0.002 + rng() * 0.01));
    return add({ name, shape, dtype: 'int8', scale, zeroPoint: scale.map(() => 0), quantizedDimension: perChannelAxis, data });
  };
  const bias = (name: string, n: number, inScale: number, wScales: number[]) => {
    const data = new Int32Array(n);
    for (let i = 0; i < n; i++) data[i] = int(-3000, 3000);
    return add({ name, shape: [n], dtype: 'int32', scale: wScales.map((s) => inScale * s), zeroPoint: wScales.map(() => 0), quantizedDimension: 0, data });
  };
  const ops: QOp[] = [];
  const input = act('mfcc', [1, frames, coeffs, 1], 0.0627, -3);
  let x = input;
  let h = Math.ceil(frames / 2);
  let w = Math.ceil(coeffs / 2);
  {
    const fw = weights('conv0/w', [ch, 10, 4, 1], 0);
    const b = bias('conv0/b', ch, tensors[x].scale[0], tensors[fw].scale);
    const y = act('conv0/out', [1, h, w, ch], 0.05 + rng() * 0.05, -128);
    ops.push({ kind: 'conv2d', inputs: [x, fw, b], outputs: [y], strideH: 2, strideW: 2, padding: 'same', activation: 'relu' });
    x = y;
  }
  for (let k = 1; k <= blocks; k++) {
    const dw = weights(`dw${k}/w`, [1, 3, 3, ch], 3);
    const db = bias(`dw${k}/b`, ch, tensors[x].scale[0], tensors[dw].scale);
    const y1 = act(`dw${k}/out`, [1, h, w, ch], 0.04 + rng() * 0.05, -128);
    ops.push({ kind: 'depthwise_conv2d', inputs: [x, dw, db], outputs: [y1], strideH: 1, strideW: 1, padding: 'same', activation: k % 2 ? 'relu' : 'relu6' });
    const pw = weights(`pw${k}/w`, [ch, 1, 1, ch], 0);
    const pb = bias(`pw${k}/b`, ch, tensors[y1].scale[0], tensors[pw].scale);
    const y2 = act(`pw${k}/out`, [1, h, w, ch], 0.04 + rng() * 0.05, -128);
    ops.push({ kind: 'conv2d', inputs: [y1, pw, pb], outputs: [y2], strideH: 1, strideW: 1, padding: 'same', activation: 'relu' });
    x = y2;
  }
  // The exporter folds the global average pool into the classifier: FC over all H·W·C values of the last conv.
  // Like a folded pool, the weights repeat per position and their scale is H·W times smaller; small weights
  // keep the logit within the sigmoid's sensitive range, so outputs vary with the input.
  const fcw = weights('fc/w', [1, h * w * ch], 0);
  const fcData = tensors[fcw].data as Int8Array;
  for (let i = ch; i < fcData.length; i++) fcData[i] = fcData[i % ch];
  tensors[fcw].scale = [f32((0.0004 + rng() * 0.0004) / (h * w))];
  tensors[fcw].zeroPoint = [0];
  const fcb = bias('fc/b', 1, tensors[x].scale[0], [tensors[fcw].scale[0]]);
  const logits = act('fc/out', [1, 1], 0.05, int(-10, 10));
  ops.push({ kind: 'fully_connected', inputs: [x, fcw, fcb], outputs: [logits], activation: 'none' });
  const prob = act('prob', [1, 1], 1 / 256, -128);
  ops.push({ kind: 'logistic', inputs: [logits], outputs: [prob] });
  return { tensors, ops, inputs: [input], outputs: [prob], description: `random DS-CNN (seed ${opts.seed ?? 'firmware-bridge'})` };
}
