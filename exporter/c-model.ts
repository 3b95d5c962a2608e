/**
 * Emits an int8 QModel as C data for firmware-bridge/core/model_runner.c: weights, biases, per-channel
 * multipliers/shifts, and a const layer list (`ge_model_t g_ge_model`) over a ping-pong activation arena.
 * Every kernel parameter is derived with the functions exporter/reference/ (the TS interpreter) uses, so
 * the board's outputs equal `runInt8`'s bit for bit (both requantise with single rounding, as TFLite Micro
 * built with TFLITE_SINGLE_ROUNDING). Generated files are never edited by hand.
 */
import { createHash } from 'node:crypto';
import type { QModel, QOp, QTensor } from './qmodel.ts';
import type { WindowSpec } from '../trainer/model-meta.ts';
import { DEFAULT_WINDOW, inputRows } from '../trainer/model-meta.ts';
import { quantizeMultiplier } from './reference/fixedpoint.ts';
import { thresholdToInt8 } from './threshold-int8.ts';
import { outputSize, paddingBefore } from './reference/padding.ts';
import { activationRangeInt8 } from './reference/activation-range.ts';
import { prepareLogistic } from './reference/logistic.ts';
import { cArray, cFloat, type GeneratedC } from './mfcc-tables.ts';

export interface CModelOptions {
  /** 8-byte model hash reported in HELLO; defaults to the first 8 bytes of sha256 over the QModel's
   * canonical bytes (`qmodelDigest`). Pass the export's .tflite sha256 to tie the two together. */
  modelHash?: Uint8Array;
  /** Decision threshold as a probability in [0, 1]; defaults to 0.5. */
  threshold?: number;
  /** Sliding window; defaults to DEFAULT_WINDOW. The input tensor's dim 1 must be inputRows(window): the
   * window's frames, or 5 statistics rows when window.reduce is 'stats'. */
  window?: WindowSpec;
}

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** sha256 over the ops (JSON) and every tensor's name, shape, quantisation and data: stable across runs. */
export function qmodelDigest(q: QModel): Buffer {
  const h = createHash('sha256');
  h.update(JSON.stringify({ ops: q.ops, inputs: q.inputs, outputs: q.outputs }));
  for (const t of q.tensors) {
    h.update(JSON.stringify({ n: t.name, s: t.shape, d: t.dtype, sc: t.scale, z: t.zeroPoint, q: t.quantizedDimension }));
    if (t.data) h.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  return h.digest();
}

interface LayerC {
  kind: string;
  conv: number[];
  weights: string;
  bias: string;
  mult: string;
  shift: string;
  filterOffset: number;
  rangeRadius: number;
  inOffset: number;
  outOffset: number;
  inSize: number;
  outSize: number;
}

function cIdent(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_');
}

function constData(t: QTensor, want: 'int8' | 'int32', what: string): Int8Array | Int32Array {
  if (t.dtype !== want || !t.data) throw new TypeError(`generateCModel: ${what} "${t.name}" must be constant ${want} data`);
  return t.data;
}

/**
 * Returns `{header, source}` for `gunshot_model.h` / `gunshot_model.c`. Throws a RangeError naming the op
 * and tensor when the graph uses something the firmware does not run (batch ≠ 1, depth multiplier ≠ 1, a
 * fully connected layer with more than 65535 inputs or outputs, a logistic whose output is not scale 1/256 /
 * zero point −128).
 */
export function generateCModel(q: QModel, opts: CModelOptions = {}): GeneratedC {
  if (q.inputs.length !== 1 || q.outputs.length !== 1) {
    throw new RangeError(`generateCModel: one input and one output required, got ${q.inputs.length}/${q.outputs.length}`);
  }
  const window = opts.window ?? DEFAULT_WINDOW;
  const threshold = opts.threshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`generateCModel: threshold must be 0..1, got ${threshold}`);
  const inT = q.tensors[q.inputs[0]];
  const outT = q.tensors[q.outputs[0]];
  if (inT.shape.length !== 4 || inT.shape[0] !== 1 || inT.shape[3] !== 1) {
    throw new RangeError(`generateCModel: input "${inT.name}" must be [1, rows, coeffs, 1], got [${inT.shape}]`);
  }
  if (window.reduce !== undefined && window.reduce !== 'centre' && window.reduce !== 'stats') {
    throw new RangeError(`generateCModel: window.reduce must be 'centre' or 'stats', got '${String(window.reduce)}'`);
  }
  const rows = inputRows(window);
  if (inT.shape[1] !== rows) {
    const what = window.reduce === 'stats' ? `window statistics (reduce 'stats')` : `window.frames`;
    throw new RangeError(`generateCModel: input "${inT.name}" has ${inT.shape[1]} rows but the ${what} give ${rows}`);
  }
  if (window.reduce === 'stats' && window.frames < 2) {
    throw new RangeError(`generateCModel: window statistics need window.frames ≥ 2, got ${window.frames}`);
  }
  let maxAct = 0;
  for (const op of q.ops) for (const i of [op.inputs[0], ...op.outputs]) maxAct = Math.max(maxAct, size(q.tensors[i].shape));
  const region = (maxAct + 3) & ~3;
  const slot = new Map<number, number>([[q.inputs[0], 0]]);
  const decls: string[] = [];
  const layers: LayerC[] = [];

  const slotOf = (i: number, op: QOp): number => {
    const s = slot.get(i);
    if (s === undefined) throw new RangeError(`generateCModel: ${op.kind} reads tensor ${i} "${q.tensors[i].name}" before it is computed`);
    return s;
  };

  q.ops.forEach((op, n) => {
    const x = q.tensors[op.inputs[0]];
    const y = q.tensors[op.outputs[0]];
    const inSlot = slotOf(op.inputs[0], op);
    if (op.kind === 'reshape') {
      slot.set(op.outputs[0], inSlot);
      return;
    }
    const outSlot = 1 - inSlot;
    slot.set(op.outputs[0], outSlot);
    const base = `k_l${n}`;
    const layer: LayerC = {
      kind: '', conv: [], weights: 'NULL', bias: 'NULL', mult: 'NULL', shift: 'NULL', filterOffset: 0, rangeRadius: 0,
      inOffset: inSlot * region, outOffset: outSlot * region, inSize: size(x.shape), outSize: size(y.shape),
    };
    const emitConst = (t: QTensor, what: string, type: 'int8' | 'int32'): string => {
      const name = `${base}_${cIdent(what)}`;
      decls.push(cArray(type === 'int8' ? 'int8_t' : 'int32_t', name, constData(t, type, what)));
      return name;
    };
    switch (op.kind) {
      case 'conv2d':
      case 'depthwise_conv2d': {
        const f = q.tensors[op.inputs[1]];
        const [, inH, inW, inC] = x.shape;
        const [, kH, kW] = f.shape;
        const [, outH, outW, outC] = y.shape;
        if (x.shape[0] !== 1) throw new RangeError(`generateCModel: ${op.kind} "${y.name}" batch must be 1, got ${x.shape[0]}`);
        if (op.kind === 'depthwise_conv2d' && outC !== inC) {
          throw new RangeError(`generateCModel: depthwise "${y.name}" needs depth multiplier 1 (in ${inC}, out ${outC} channels)`);
        }
        if (outputSize(inH, kH, op.strideH, op.padding) !== outH || outputSize(inW, kW, op.strideW, op.padding) !== outW) {
          throw new RangeError(`generateCModel: ${op.kind} "${y.name}" shape [${y.shape}] disagrees with kernel/stride/padding`);
        }
        const mult = new Int32Array(outC);
        const shift = new Int32Array(outC);
        for (let c = 0; c < outC; c++) {
          const wScale = f.scale.length === 1 ? f.scale[0] : f.scale[c];
          const m = quantizeMultiplier((x.scale[0] * wScale) / y.scale[0]);
          mult[c] = m.multiplier;
          shift[c] = m.shift;
        }
        const range = activationRangeInt8(op.activation, y.scale[0], y.zeroPoint[0]);
        layer.kind = op.kind === 'conv2d' ? 'GE_LAYER_CONV2D' : 'GE_LAYER_DEPTHWISE_CONV2D';
        layer.conv = [inH, inW, inC, outH, outW, outC, kH, kW, op.strideH, op.strideW,
          paddingBefore(inH, kH, op.strideH, op.padding), paddingBefore(inW, kW, op.strideW, op.padding),
          -x.zeroPoint[0], y.zeroPoint[0], range.min, range.max];
        layer.weights = emitConst(f, 'weights', 'int8');
        if (op.inputs[2] !== undefined && op.inputs[2] >= 0) layer.bias = emitConst(q.tensors[op.inputs[2]], 'bias', 'int32');
        decls.push(cArray('int32_t', `${base}_mult`, mult), cArray('int32_t', `${base}_shift`, shift));
        layer.mult = `${base}_mult`;
        layer.shift = `${base}_shift`;
        break;
      }
      case 'fully_connected': {
        const f = q.tensors[op.inputs[1]];
        const [outN, inN] = f.shape;
        // The firmware reads the input flattened (a folded pool's [1, H, W, C] is H·W·C inputs), counts in uint16.
        if (size(x.shape) !== inN || inN > 65535 || outN > 65535) {
          throw new RangeError(`generateCModel: fully connected "${y.name}" needs 1..65535 inputs equal to its input's ${size(x.shape)} values, got weights [${f.shape}]`);
        }
        const m = quantizeMultiplier((x.scale[0] * f.scale[0]) / y.scale[0]);
        const range = activationRangeInt8(op.activation, y.scale[0], y.zeroPoint[0]);
        layer.kind = 'GE_LAYER_FULLY_CONNECTED';
        layer.conv = [1, 1, inN, 1, 1, outN, 0, 0, 1, 1, 0, 0, -x.zeroPoint[0], y.zeroPoint[0], range.min, range.max];
        layer.weights = emitConst(f, 'weights', 'int8');
        if (op.inputs[2] !== undefined && op.inputs[2] >= 0) layer.bias = emitConst(q.tensors[op.inputs[2]], 'bias', 'int32');
        layer.filterOffset = -f.zeroPoint[0];
        decls.push(cArray('int32_t', `${base}_mult`, [m.multiplier]), cArray('int32_t', `${base}_shift`, [m.shift]));
        layer.mult = `${base}_mult`;
        layer.shift = `${base}_shift`;
        break;
      }
      case 'logistic': {
        if (Math.fround(y.scale[0]) !== 1 / 256 || y.zeroPoint[0] !== -128) {
          throw new RangeError(`generateCModel: LOGISTIC "${y.name}" output must be scale 1/256, zero point −128, got ${y.scale[0]}, ${y.zeroPoint[0]}`);
        }
        const p = prepareLogistic(x.scale[0], x.zeroPoint[0]);
        layer.kind = 'GE_LAYER_LOGISTIC';
        layer.conv = [1, 1, size(x.shape), 1, 1, size(y.shape), 0, 0, 1, 1, 0, 0, -x.zeroPoint[0], y.zeroPoint[0], -128, 127];
        layer.rangeRadius = p.inputRangeRadius;
        decls.push(cArray('int32_t', `${base}_mult`, [p.inputMultiplier]), cArray('int32_t', `${base}_shift`, [p.inputLeftShift]));
        layer.mult = `${base}_mult`;
        layer.shift = `${base}_shift`;
        break;
      }
    }
    layers.push(layer);
  });

  const outSlot = slot.get(q.outputs[0]);
  if (outSlot === undefined) throw new RangeError(`generateCModel: output tensor "${outT.name}" is never computed`);
  const hash = opts.modelHash ?? qmodelDigest(q).subarray(0, 8);
  if (hash.length < 8) throw new RangeError(`generateCModel: modelHash needs 8 bytes, got ${hash.length}`);
  // The same int8 threshold model_settings.h carries: q ≥ T ⇔ probability ≥ threshold.
  const thresholdQ = thresholdToInt8(threshold, outT.scale[0], outT.zeroPoint[0]);
  const coeffs = inT.shape[2];
  const hashHex = Array.from(hash.subarray(0, 8), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ');

  const header = `/* Generated by exporter/c-model.ts from "${q.description.replace(/\*\//g, '* /').slice(0, 120)}". Do not edit. */
#ifndef GE_GENERATED_MODEL_H
#define GE_GENERATED_MODEL_H

#include "model.h"

#define GE_MODEL_ARENA_SIZE ${2 * region}u
/* Input tensor rows: the window's frames (centred window) or its 5 statistics (GE_MODEL_WINDOW_STATS 1). */
#define GE_MODEL_INPUT_FRAMES ${rows}
#define GE_MODEL_INPUT_COEFFS ${coeffs}
/* MFCC frames per window and between windows; 1: the model input is the window's statistics
 * (firmware-bridge/core/window_stats.h), 0: the centred window (window_norm.h). */
#define GE_MODEL_WINDOW_FRAMES ${window.frames}
#define GE_MODEL_WINDOW_HOP_FRAMES ${window.hopFrames}
#define GE_MODEL_WINDOW_STATS ${window.reduce === 'stats' ? 1 : 0}
#define GE_MODEL_INPUT_SCALE ${cFloat(inT.scale[0])}
#define GE_MODEL_INPUT_ZERO_POINT ${inT.zeroPoint[0]}
#define GE_MODEL_OUTPUT_SCALE ${cFloat(outT.scale[0])}
#define GE_MODEL_OUTPUT_ZERO_POINT ${outT.zeroPoint[0]}
/* Default decision threshold (p = ${threshold}) in the int8 output domain. */
#define GE_MODEL_THRESHOLD_Q ${thresholdQ}
#define GE_MODEL_HASH_INIT { ${hashHex} }

extern const ge_model_t g_ge_model;
extern const uint8_t g_ge_model_hash[8];

#endif
`;
  const layerLines = layers.map((l) => `  { ${l.kind}, { ${l.conv.join(', ')} }, ${l.weights}, ${l.bias}, ${l.mult}, ${l.shift}, ${l.filterOffset}, ${l.rangeRadius}, ${l.inOffset}u, ${l.outOffset}u, ${l.inSize}u, ${l.outSize}u },`);
  const source = `/* Generated by exporter/c-model.ts. Do not edit. */
#include <stddef.h>
#include "gunshot_model.h"

const uint8_t g_ge_model_hash[8] = GE_MODEL_HASH_INIT;

${decls.join('\n')}
static const ge_layer_t k_layers[${Math.max(layers.length, 1)}] = {
${layerLines.join('\n')}
};

const ge_model_t g_ge_model = {
  k_layers, ${layers.length}, GE_MODEL_ARENA_SIZE,
  0u, ${size(inT.shape)}u,
  ${outSlot * region}u, ${size(outT.shape)}u,
  ${cFloat(inT.scale[0])}, ${inT.zeroPoint[0]},
  ${cFloat(outT.scale[0])}, ${outT.zeroPoint[0]},
};
`;
  return { header, source };
}
