/**
 * Full-integer post-training quantisation of the DS-CNN into a QModel (TFLite int8 spec):
 * BN folded into each conv (giving it a bias), weights int8 symmetric (per output channel for CONV_2D —
 * quantizedDimension 0 of [O,KH,KW,I] — and DEPTHWISE_CONV_2D — quantizedDimension 3 of [1,KH,KW,C] —,
 * per tensor for FULLY_CONNECTED), activations int8 asymmetric per tensor from calibration, biases int32 at
 * inScale·wScale[c], fused ReLU expressed through the output range (min clamped to 0 ⇒ zp −128).
 *
 * Global average pooling is folded into the classifier (fold-pool.ts): the FULLY_CONNECTED reads the last
 * conv's [1, H, W, C] output directly with weights w[c]/(H·W) replicated per position, so the graph has no
 * MEAN. Per-tensor symmetric quantisation of the replicated weights gives the same int8 codes as the
 * unfolded weights (both are w[c]·127/max|w|), at a scale H·W times smaller.
 * The sigmoid becomes LOGISTIC with TFLite's fixed output quantisation (scale 1/256, zp −128).
 */
import type * as tf from '@tensorflow/tfjs';
import { inputRows, type ModelMeta } from '../../trainer/model-meta.ts';
import type { QModel, QOp, QTensor } from '../qmodel.ts';
import { calibrateRanges, type CalibrationOptions } from './calibrate.ts';
import { extractStages } from './graph.ts';
import { foldGlobalAveragePool } from './fold-pool.ts';
import { tapRows } from './tap-rows.ts';
import { asymmetricParams, quantizeBias, quantizeSymmetric, symmetricScale } from './qparams.ts';

export interface QuantizeOptions extends CalibrationOptions {}

export function quantizeModel(model: tf.LayersModel, meta: ModelMeta, calibration: Float32Array[], opts: QuantizeOptions = {}): QModel {
  const inputShape = (model.inputs[0].shape as (number | null)[]).slice(1) as number[];
  if (inputShape.some((d) => !(d > 0))) throw new RangeError(`model input shape ${inputShape} must be fully defined`);
  const [rows, coeffs] = inputShape;
  if (rows !== inputRows(meta.window) || coeffs !== meta.featureSpec.nMfcc) {
    throw new RangeError(`model input ${rows}×${coeffs} does not match meta's window input ${inputRows(meta.window)} × featureSpec.nMfcc ${meta.featureSpec.nMfcc}`);
  }
  const stages = extractStages(model);
  const last = stages[stages.length - 1];
  if (last?.kind !== 'dense' || !last.sigmoid) throw new RangeError('quantizeModel: the model must end with a sigmoid Dense classifier');
  // The pool is folded away and the classifier's range comes from its logits, so only conv/depthwise and
  // hidden dense outputs need activation ranges.
  const taps = stages.flatMap((s) => (s.kind === 'conv2d' || s.kind === 'depthwise_conv2d' || (s.kind === 'dense' && s !== last) ? [s.tap] : []));
  const ranges = calibrateRanges(model, taps, calibration, inputShape, opts);

  const tensors: QTensor[] = [];
  const ops: QOp[] = [];
  const add = (t: QTensor): number => tensors.push(t) - 1;
  // The input is fixed, not calibrated: symmetric over ±clip, the range normaliseInto guarantees. The board
  // quantises each frame with it before centring the window in integers (window_norm.c), so every frame
  // value must fit without saturating.
  const inParams = { scale: symmetricScale(meta.norm.clip), zeroPoint: 0 };
  let cur = add({ name: 'input', shape: [1, ...inputShape], dtype: 'int8', scale: [inParams.scale], zeroPoint: [inParams.zeroPoint], quantizedDimension: 0 });
  let curShape = [1, ...inputShape];
  let tapIndex = 1;
  let pooled = false;

  for (const s of stages) {
    const inT = tensors[cur];
    if (s.kind === 'conv2d' || s.kind === 'depthwise_conv2d') {
      const [kh, kw, a, b] = s.kernelShape;
      const outC = s.kind === 'conv2d' ? b : a;
      const inC = a;
      const scales: number[] = [];
      for (let c = 0; c < outC; c++) {
        let m = 0;
        for (let i = c; i < s.kernel.length; i += outC) m = Math.max(m, Math.abs(s.kernel[i]));
        scales.push(symmetricScale(m));
      }
      // tfjs [kh,kw,in,out] → TFLite [out,kh,kw,in]; depthwise [kh,kw,C,1] → [1,kh,kw,C] (same order).
      const q = new Int8Array(s.kernel.length);
      const filterShape = s.kind === 'conv2d' ? [outC, kh, kw, inC] : [1, kh, kw, outC];
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < inC; i++) {
        if (s.kind === 'conv2d') {
          for (let o = 0; o < outC; o++) {
            q[((o * kh + y) * kw + x) * inC + i] = quantizeSymmetric(s.kernel[((y * kw + x) * inC + i) * outC + o], scales[o]);
          }
        } else {
          const idx = (y * kw + x) * inC + i;
          q[idx] = quantizeSymmetric(s.kernel[idx], scales[i]);
        }
      }
      const biasScales = scales.map((w) => Math.fround(inT.scale[0] * w));
      const bias = Int32Array.from(s.bias, (v, c) => quantizeBias(v, inT.scale[0] * scales[c]));
      const filter = add({ name: `${s.name}/filter`, shape: filterShape, dtype: 'int8', scale: scales, zeroPoint: scales.map(() => 0), quantizedDimension: s.kind === 'conv2d' ? 0 : 3, data: q });
      const biasT = add({ name: `${s.name}/bias`, shape: [outC], dtype: 'int32', scale: biasScales, zeroPoint: biasScales.map(() => 0), quantizedDimension: 0, data: bias });
      const r = ranges[tapIndex++];
      const relu = s.activation !== 'none';
      const p = asymmetricParams(relu ? 0 : r.min, s.activation === 'relu6' ? Math.min(r.max, 6) : r.max);
      const outH = s.padding === 'same' ? Math.ceil(curShape[1] / s.strides[0]) : Math.ceil((curShape[1] - kh + 1) / s.strides[0]);
      const outW = s.padding === 'same' ? Math.ceil(curShape[2] / s.strides[1]) : Math.ceil((curShape[2] - kw + 1) / s.strides[1]);
      curShape = [1, outH, outW, outC];
      const out = add({ name: s.tap, shape: curShape, dtype: 'int8', scale: [p.scale], zeroPoint: [p.zeroPoint], quantizedDimension: 0 });
      ops.push({ kind: s.kind, inputs: [cur, filter, biasT], outputs: [out], strideH: s.strides[0], strideW: s.strides[1], padding: s.padding, activation: s.activation } as QOp);
      cur = out;
    } else if (s.kind === 'global_average_pool') {
      if (curShape.length !== 4) throw new RangeError(`global average pool ${s.name}: input must be [1, H, W, C], got [${curShape}]`);
      pooled = true; // folded into the dense layer that must follow
    } else if (s.kind === 'dense') {
      const { kernel, kernelShape } = pooled ? foldGlobalAveragePool(s.kernel, s.kernelShape, curShape) : { kernel: s.kernel, kernelShape: s.kernelShape };
      const [inN, outN] = kernelShape;
      const flatIn = curShape.reduce((a, b) => a * b, 1);
      if (inN !== flatIn) throw new RangeError(`dense ${s.name}: ${inN} inputs, previous layer gives [${curShape}]`);
      let m = 0;
      for (const v of kernel) m = Math.max(m, Math.abs(v));
      const wScale = symmetricScale(m);
      const w = new Int8Array(inN * outN);
      for (let i = 0; i < inN; i++) for (let o = 0; o < outN; o++) w[o * inN + i] = quantizeSymmetric(kernel[i * outN + o], wScale);
      const biasScale = Math.fround(inT.scale[0] * wScale);
      const wT = add({ name: `${s.name}/weights`, shape: [outN, inN], dtype: 'int8', scale: [wScale], zeroPoint: [0], quantizedDimension: 0, data: w });
      const bT = add({ name: `${s.name}/bias`, shape: [outN], dtype: 'int32', scale: [biasScale], zeroPoint: [0], quantizedDimension: 0, data: Int32Array.from(s.bias, (v) => quantizeBias(v, inT.scale[0] * wScale)) });
      // A hidden layer's range is calibrated on its own (ReLU) output. The classifier's is its logits: the
      // input tap's float outputs through the (unfolded, equivalent) float dense layer, since the layer's own
      // output is post-sigmoid.
      let p;
      if (s === last) {
        const logits = logitRange(model, s.inputTap, s.kernel, s.bias, s.kernelShape[0], outN, calibration, inputShape, opts);
        p = asymmetricParams(logits.min, logits.max);
      } else {
        const r = ranges[tapIndex++];
        p = asymmetricParams(s.activation !== 'none' ? 0 : r.min, s.activation === 'relu6' ? Math.min(r.max, 6) : r.max);
      }
      curShape = [1, outN];
      const out = add({ name: s === last ? `${s.name}/logits` : s.tap, shape: curShape, dtype: 'int8', scale: [p.scale], zeroPoint: [p.zeroPoint], quantizedDimension: 0 });
      ops.push({ kind: 'fully_connected', inputs: [cur, wT, bT], outputs: [out], activation: s.activation });
      cur = out;
      pooled = false;
      if (s.sigmoid) {
        const prob = add({ name: `${s.name}/probability`, shape: curShape, dtype: 'int8', scale: [1 / 256], zeroPoint: [-128], quantizedDimension: 0 });
        ops.push({ kind: 'logistic', inputs: [cur], outputs: [prob] });
        cur = prob;
      }
    }
  }
  return {
    tensors, ops, inputs: [0], outputs: [cur],
    description: `gunshot-edge ${meta.name}: int8 ${String(meta.architecture.kind ?? 'ds-cnn')}, input ${inputShape.join('x')} (${meta.window.reduce === 'stats' ? 'window statistics' : 'centred window'}), output P(gunshot)`,
  };
}

function logitRange(model: tf.LayersModel, tap: string, kernel: Float64Array, bias: Float64Array, inN: number, outN: number,
  calibration: Float32Array[], inputShape: number[], opts: CalibrationOptions): { min: number; max: number } {
  // Re-running calibration on one tap costs one forward pass; it keeps calibrateRanges layer-agnostic.
  const pooled = tapRows(model, tap, calibration, inputShape);
  const logits: number[] = [];
  for (const row of pooled) {
    for (let o = 0; o < outN; o++) {
      let acc = bias[o];
      for (let i = 0; i < inN; i++) acc += row[i] * kernel[i * outN + o];
      logits.push(acc);
    }
  }
  const p = opts.percentile ?? 100;
  const sorted = Float64Array.from(logits).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((q / 100) * (sorted.length - 1))))];
  return { min: at(100 - p), max: at(p) };
}
