/**
 * Runs a QModel with the TS ports of TFLite Micro's int8 reference kernels built with TFLITE_SINGLE_ROUNDING,
 * deriving every kernel parameter the way the kernels' Prepare functions do (float32 scales widened to
 * double, QuantizeMultiplier, SAME padding split). This is the host's ground truth for the board: the
 * firmware must reproduce its outputs exactly (vectors), and the WASM TFLite runtime agrees with it (the
 * shipped model's test asserts ≤ 4 LSB; measured 0).
 */
import type { QModel, QOp, QTensor } from '../qmodel.ts';
import { activationRangeInt8 } from './activation-range.ts';
import { convPerChannel, type ConvParams } from './conv2d.ts';
import { depthwiseConvPerChannel } from './depthwise-conv2d.ts';
import { quantizeMultiplier, roundHalfAwayFromZero, type Requantization } from './fixedpoint.ts';
import { fullyConnected } from './fully-connected.ts';
import { logisticInt8, prepareLogistic } from './logistic.ts';
import { outputSize, paddingBefore } from './padding.ts';

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function int8Data(t: QTensor, what: string): Int8Array {
  if (t.dtype !== 'int8' || !(t.data instanceof Int8Array)) throw new TypeError(`${what} "${t.name}" must be constant int8 data`);
  return t.data;
}

function int32Data(t: QTensor | undefined, what: string): Int32Array | null {
  if (!t) return null;
  if (t.dtype !== 'int32' || !(t.data instanceof Int32Array)) throw new TypeError(`${what} "${t.name}" must be constant int32 data`);
  return t.data;
}

function convParams(model: QModel, op: QOp & { kind: 'conv2d' | 'depthwise_conv2d' }): ConvParams {
  const [inT, fT] = [model.tensors[op.inputs[0]], model.tensors[op.inputs[1]]];
  const outT = model.tensors[op.outputs[0]];
  const [, inH, inW] = inT.shape;
  const [, kH, kW] = fT.shape;
  const outH = outputSize(inH, kH, op.strideH, op.padding);
  const outW = outputSize(inW, kW, op.strideW, op.padding);
  if (outT.shape[1] !== outH || outT.shape[2] !== outW) {
    throw new RangeError(`${op.kind} → "${outT.name}": shape ${outT.shape} but kernel/stride/padding give ${outH}×${outW}`);
  }
  const channels = outT.shape[3];
  const multipliers = new Int32Array(channels);
  const shifts = new Int32Array(channels);
  for (let c = 0; c < channels; c++) {
    const wScale = fT.scale.length === 1 ? fT.scale[0] : fT.scale[c];
    const m = quantizeMultiplier((inT.scale[0] * wScale) / outT.scale[0]);
    multipliers[c] = m.multiplier;
    shifts[c] = m.shift;
  }
  const range = activationRangeInt8(op.activation, outT.scale[0], outT.zeroPoint[0]);
  return {
    inputShape: inT.shape, filterShape: fT.shape, outputShape: outT.shape,
    strideH: op.strideH, strideW: op.strideW,
    padTop: paddingBefore(inH, kH, op.strideH, op.padding), padLeft: paddingBefore(inW, kW, op.strideW, op.padding),
    inputZeroPoint: inT.zeroPoint[0], outputZeroPoint: outT.zeroPoint[0],
    multipliers, shifts, activationMin: range.min, activationMax: range.max,
  };
}

/**
 * Runs the model on one int8 input (the quantised normalised MFCC window, NHWC) and returns the int8
 * contents of `model.outputs`. `trace`, if given, receives every op's output tensor index and values.
 * `rounding` is the MultiplyByQuantizedMultiplier build used by every op; defaults to 'single'
 * (TFLITE_SINGLE_ROUNDING, what the firmware runs). 'double' (TFLM's default build) only measures that gap.
 */
export function runInt8(
  model: QModel, input: Int8Array, trace?: (tensor: number, values: Int8Array) => void, rounding: Requantization = 'single',
): Int8Array[] {
  if (model.inputs.length !== 1) throw new RangeError(`runInt8: models with 1 input only, got ${model.inputs.length}`);
  const inT = model.tensors[model.inputs[0]];
  if (input.length !== size(inT.shape)) throw new RangeError(`runInt8: input has ${input.length} values, tensor "${inT.name}" ${inT.shape} needs ${size(inT.shape)}`);
  const values = new Map<number, Int8Array>([[model.inputs[0], input]]);
  const get = (i: number, op: QOp): Int8Array => {
    const v = values.get(i) ?? (model.tensors[i].data instanceof Int8Array ? model.tensors[i].data as Int8Array : undefined);
    if (!v) throw new Error(`runInt8: ${op.kind} reads tensor ${i} "${model.tensors[i].name}" before it is computed`);
    return v;
  };
  for (const op of model.ops) {
    const outT = model.tensors[op.outputs[0]];
    const out = new Int8Array(size(outT.shape));
    const x = get(op.inputs[0], op);
    const inT0 = model.tensors[op.inputs[0]];
    switch (op.kind) {
      case 'conv2d':
        convPerChannel({ ...convParams(model, op), rounding }, x, int8Data(model.tensors[op.inputs[1]], 'conv filter'), int32Data(model.tensors[op.inputs[2]], 'conv bias'), out);
        break;
      case 'depthwise_conv2d':
        depthwiseConvPerChannel({ ...convParams(model, op), rounding }, x, int8Data(model.tensors[op.inputs[1]], 'depthwise filter'), int32Data(model.tensors[op.inputs[2]], 'depthwise bias'), out);
        break;
      case 'fully_connected': {
        const fT = model.tensors[op.inputs[1]];
        const [outDepth, accumDepth] = fT.shape;
        if (x.length % accumDepth !== 0) throw new RangeError(`runInt8: FULLY_CONNECTED "${outT.name}" input "${inT0.name}" [${inT0.shape}] is not a whole number of ${accumDepth}-value rows`);
        const m = quantizeMultiplier((inT0.scale[0] * fT.scale[0]) / outT.scale[0]);
        const range = activationRangeInt8(op.activation, outT.scale[0], outT.zeroPoint[0]);
        fullyConnected({
          batches: x.length / accumDepth, accumDepth, outputDepth: outDepth,
          inputZeroPoint: inT0.zeroPoint[0], filterZeroPoint: fT.zeroPoint[0], outputZeroPoint: outT.zeroPoint[0],
          multiplier: m.multiplier, shift: m.shift, activationMin: range.min, activationMax: range.max, rounding,
        }, x, int8Data(fT, 'fully-connected weights'), int32Data(model.tensors[op.inputs[2]], 'fully-connected bias'), out);
        break;
      }
      case 'logistic':
        logisticInt8(prepareLogistic(inT0.scale[0], inT0.zeroPoint[0]), x, out, rounding);
        break;
      case 'reshape':
        out.set(x);
        break;
    }
    values.set(op.outputs[0], out);
    trace?.(op.outputs[0], out);
  }
  return model.outputs.map((i) => {
    const v = values.get(i);
    if (!v) throw new Error(`runInt8: output tensor ${i} was never computed`);
    return v;
  });
}

/** Quantises a normalised float window to the model's int8 input (round half away from zero, clamp). */
export function quantizeInput(model: QModel, window: Float32Array): Int8Array {
  const t = model.tensors[model.inputs[0]];
  const scale = t.scale[0];
  const zp = t.zeroPoint[0];
  const out = new Int8Array(window.length);
  for (let i = 0; i < window.length; i++) {
    // As TFLite's QUANTIZE / AffineQuantize: round(x / scale) in float32, halves away from zero, + zp.
    const q = roundHalfAwayFromZero(Math.fround(Math.fround(window[i]) / Math.fround(scale))) + zp;
    out[i] = q < -128 ? -128 : q > 127 ? 127 : q;
  }
  return out;
}

/** Dequantises the first output of `runInt8`: the gunshot probability in [0, 1). */
export function runInt8Probability(model: QModel, input: Int8Array): number {
  const [out] = runInt8(model, input);
  const t = model.tensors[model.outputs[0]];
  return t.scale[0] * (out[0] - t.zeroPoint[0]);
}
