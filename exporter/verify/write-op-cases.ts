/**
 * Writes single-op and whole-model .tflite files of a BN-calibrated random DS-CNN, with int8 inputs and
 * the TS reference's outputs, for `check-tflite.py` to run through TensorFlow's own TFLite interpreter
 * (reference kernels). A manual cross-check, not a test: it needs Python TensorFlow (see verify.sh).
 * Usage: node --import tsx exporter/verify/write-op-cases.ts OUT_DIR
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { quantizeModel } from '../quantize/index.ts';
import { writeTflite } from '../tflite/index.ts';
import { quantizeInput, runInt8 } from '../reference/index.ts';
import type { QModel } from '../qmodel.ts';
import { bnCalibratedModel, randomWindows, testMeta } from '../../test/exporter/helpers.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: write-op-cases.ts OUT_DIR');
fs.mkdirSync(out, { recursive: true });
const calib = randomWindows(64, 49, 13, 'c');
const { model, cfg } = bnCalibratedModel({ channels: 32, blocks: 4, seed: 5 }, calib);
const meta = testMeta(cfg);
const q = quantizeModel(model, meta, calib);
const traces = randomWindows(30, 49, 13, 'tf').map((w) => {
  const m = new Map<number, Int8Array>();
  const x = quantizeInput(q, w);
  m.set(q.inputs[0], x);
  runInt8(q, x, (t, v) => m.set(t, v));
  return m;
});
const cases: { name: string; n: number }[] = [];
const dump = (name: string, sub: QModel) => {
  fs.writeFileSync(path.join(out, `${name}.tflite`), writeTflite(sub, meta));
  const ins = traces.map((tr) => tr.get(sub.inputs[0])!);
  fs.writeFileSync(path.join(out, `${name}.in`), Buffer.concat(ins.map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength))));
  fs.writeFileSync(path.join(out, `${name}.out`), Buffer.concat(ins.map((x) => { const y = runInt8(sub, x)[0]; return Buffer.from(y.buffer, y.byteOffset, y.byteLength); })));
  cases.push({ name, n: ins.length });
};
q.ops.forEach((op, k) => dump(`op${k}_${op.kind}`, { ...q, inputs: [op.inputs[0]], ops: [op], outputs: [op.outputs[0]] }));
dump('full', q);
fs.writeFileSync(path.join(out, 'cases.json'), JSON.stringify(cases));
console.log(`${cases.length} cases → ${out}`);
