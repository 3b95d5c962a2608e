import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { quantizeModel } from '../../exporter/quantize/index.ts';
import { readTflite, writeTflite } from '../../exporter/tflite/index.ts';
import { quantizeInput, runInt8 } from '../../exporter/reference/index.ts';
import { loadTfliteInterpreter } from '../../exporter/tflite-wasm/index.ts';
import type { QModel } from '../../exporter/qmodel.ts';
import seedrandom from 'seedrandom';
import { bnCalibratedModel, randomWindowMlp, randomWindows, testMeta } from './helpers.ts';

/**
 * The real TFLite runtime (WASM build from @tensorflow/tfjs-tflite) against the TS reference, which runs TFLite
 * Micro's reference kernels as built with TFLITE_SINGLE_ROUNDING (the firmware's convention). The exported
 * graph has no MEAN (the pool is folded into FULLY_CONNECTED), so every op requantises through
 * MultiplyByQuantizedMultiplier, and the runtime computes the single-rounding result. The bound is
 * ≤ 4 LSB and ≥ 99.5 % decision agreement; the ops are checked bit for bit, and the TFLM default build
 * (double rounding) is shown to be what differs.
 */
describe('exporter/tflite-wasm: TFLite WASM runtime vs TS reference', function () {
  this.timeout(180000);
  const calib = randomWindows(64, 49, 13, 'c');
  const { model, cfg } = bnCalibratedModel({ channels: 32, blocks: 4, seed: 5 }, calib);
  const q = quantizeModel(model, testMeta(cfg), calib);
  const windows = randomWindows(200, 49, 13, 't2');

  it('loads the exported model and reports its int8 input and output', async () => {
    const it = await loadTfliteInterpreter(writeTflite(q, testMeta(cfg)));
    try {
      expect(it.inputs).to.deep.equal([{ name: 'input', dataType: 'int8', shape: [1, 49, 13, 1] }]);
      expect(it.outputs).to.deep.equal([{ name: 'out/probability', dataType: 'int8', shape: [1, 1] }]);
      expect(() => it.run(new Int8Array(10))).to.throw(RangeError, /needs 637/);
    } finally {
      it.dispose();
    }
  });

  it('every op alone equals the reference bit for bit', async () => {
    const traces = windows.slice(0, 10).map((w) => {
      const m = new Map<number, Int8Array>();
      const x = quantizeInput(q, w);
      m.set(q.inputs[0], x);
      runInt8(q, x, (t, v) => m.set(t, v));
      return m;
    });
    expect(q.ops.map((o) => o.kind)).to.not.include('mean');
    for (const op of q.ops) {
      const single: QModel = { ...q, inputs: [op.inputs[0]], ops: [op], outputs: [op.outputs[0]] };
      const it = await loadTfliteInterpreter(writeTflite(single, testMeta(cfg)));
      let differing = 0;
      for (const tr of traces) {
        const x = tr.get(op.inputs[0])!;
        const a = it.run(x);
        const b = runInt8(single, x)[0];
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
      }
      it.dispose();
      expect(differing, `${op.kind} → ${q.tensors[op.outputs[0]].name}`).to.equal(0);
    }
  });

  it('FULLY_CONNECTED matches single rounding, not TFLM\'s default double rounding', async () => {
    // One small FC whose real multiplier is ≈ 0.13 (shift −2): the double rounding's first step then lands
    // on the wrong side of a half in about a quarter of the outputs, so the two builds are easy to tell apart.
    // Scales are arbitrary decimals: with "round" ratios (e.g. 1/740) many products are exact .5 ties, where
    // the runtime (XNNPACK: float32 requantisation, ties to even) and integer single rounding (ties up) split.
    const rng = seedrandom('fc-rounding');
    const n = 8;
    const [inScale, wScale, outScale] = [0.0437, 0.0113, 0.0437 * 0.0113 / 0.1309].map(Math.fround);
    const fc: QModel = {
      tensors: [
        { name: 'x', shape: [1, n], dtype: 'int8', scale: [inScale], zeroPoint: [0], quantizedDimension: 0 },
        { name: 'w', shape: [1, n], dtype: 'int8', scale: [wScale], zeroPoint: [0], quantizedDimension: 0, data: Int8Array.from({ length: n }, () => Math.floor(rng() * 41) - 20) },
        { name: 'b', shape: [1], dtype: 'int32', scale: [Math.fround(inScale * wScale)], zeroPoint: [0], quantizedDimension: 0, data: Int32Array.of(7) },
        { name: 'y', shape: [1, 1], dtype: 'int8', scale: [outScale], zeroPoint: [0], quantizedDimension: 0 },
      ],
      ops: [{ kind: 'fully_connected', inputs: [0, 1, 2], outputs: [3], activation: 'none' }],
      inputs: [0], outputs: [3], description: 'one FC',
    };
    const it = await loadTfliteInterpreter(writeTflite(fc, testMeta(cfg)));
    let single = 0;
    let double = 0;
    const trials = 1000;
    for (let k = 0; k < trials; k++) {
      const x = Int8Array.from({ length: n }, () => Math.floor(rng() * 21) - 10);
      const a = it.run(x)[0];
      if (runInt8(fc, x)[0][0] === a) single++;
      if (runInt8(fc, x, undefined, 'double')[0][0] === a) double++;
    }
    it.dispose();
    expect(single).to.equal(trials);
    expect(double, 'the double-rounding build differs on many outputs (measured 886 of 1000 equal)').to.be.below(0.95 * trials);
  });

  it('end to end: ≤ 4 LSB and ≥ 99.5 % decision agreement at the 0.5 threshold', async () => {
    const it = await loadTfliteInterpreter(writeTflite(q, testMeta(cfg)));
    let maxDiff = 0;
    let agree = 0;
    for (const w of windows) {
      const x = quantizeInput(q, w);
      const a = it.run(x)[0];
      const b = runInt8(q, x)[0][0];
      maxDiff = Math.max(maxDiff, Math.abs(a - b));
      if ((a >= 0) === (b >= 0)) agree++; // q ≥ 0 ⇔ p ≥ 0.5 for scale 1/256, zp −128
    }
    it.dispose();
    expect(maxDiff).to.be.at.most(4);
    expect(agree / windows.length).to.be.at.least(0.995);
  });

  it('the window MLP (ReLU-fused FULLY_CONNECTED layers) equals the reference bit for bit', async () => {
    const mlp = randomWindowMlp({ seed: 9 });
    const mq = quantizeModel(mlp.model, mlp.meta, randomWindows(64, 5, 40, 'mlp-c'));
    const it = await loadTfliteInterpreter(writeTflite(mq, mlp.meta));
    let differing = 0;
    const outputs = new Set<number>();
    for (const w of randomWindows(200, 5, 40, 'mlp-t')) {
      const x = quantizeInput(mq, w);
      const a = it.run(x)[0];
      outputs.add(a);
      if (a !== runInt8(mq, x)[0][0]) differing++;
    }
    it.dispose();
    expect(differing).to.equal(0);
    expect(outputs.size, 'distinct int8 outputs').to.be.at.least(5);
  });

  const shipped = path.resolve('models/tiny/export/vectors/vectors.json');
  it('the shipped model (models/tiny): ≤ 4 LSB from its vectors and ≥ 99.5 % decision agreement', async function () {
    if (!fs.existsSync(shipped)) {
      // Gated on the artefact existing, not skipped: without it there is nothing shipped to check.
      expect(fs.existsSync(path.resolve('models/tiny/meta.json'))).to.equal(false, 'models/tiny exists but has no export/vectors; run `gunshot-edge export` and `gunshot-edge vectors`');
      return;
    }
    const dir = path.dirname(shipped);
    const list = JSON.parse(fs.readFileSync(shipped, 'utf8')) as { input: string; expected: number[] }[];
    const bytes = fs.readFileSync(path.resolve('models/tiny/export/model.tflite'));
    const it = await loadTfliteInterpreter(bytes);
    const thresholdQ = (JSON.parse(fs.readFileSync(path.resolve('models/tiny/export/manifest.json'), 'utf8')) as { threshold_int8: number }).threshold_int8;
    const { model: shippedQ } = readTflite(bytes);
    expect(shippedQ.ops.map((o) => o.kind)).to.not.include('mean');
    let maxDiff = 0;
    let agree = 0;
    let maxDiffDouble = 0;
    for (const v of list) {
      const x = new Int8Array(fs.readFileSync(path.join(dir, v.input)));
      const a = it.run(x)[0];
      expect(runInt8(shippedQ, x)[0][0], `${v.input}: vectors.json matches the reference`).to.equal(v.expected[0]);
      maxDiff = Math.max(maxDiff, Math.abs(a - v.expected[0]));
      maxDiffDouble = Math.max(maxDiffDouble, Math.abs(a - runInt8(shippedQ, x, undefined, 'double')[0][0]));
      if ((a >= thresholdQ) === (v.expected[0] >= thresholdQ)) agree++;
    }
    it.dispose();
    console.log(`      shipped model: ${list.length} vectors, max |WASM − reference| ${maxDiff} LSB, decisions agree ${(100 * agree / list.length).toFixed(1)} %; ` +
      `a TFLM default build (double rounding) would be ${maxDiffDouble} LSB away`);
    expect(maxDiff).to.be.at.most(4);
    expect(agree / list.length).to.be.at.least(0.995);
  });
});
