import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildExport, writeExport } from '../../exporter/export-model.ts';
import { generateMfccTables } from '../../exporter/mfcc-tables.ts';
import { readTflite } from '../../exporter/tflite/index.ts';
import { buildVectors, writeVectors } from '../../exporter/vectors.ts';
import { loadInt8Predictor } from '../../exporter/int8-predictor.ts';
import { thresholdToInt8 } from '../../exporter/threshold-int8.ts';
import { runInt8 } from '../../exporter/reference/index.ts';
import { floatInt8Parity, scoreParity, type ParityReport } from '../../exporter/parity.ts';
import { saveModelDir } from '../../trainer/io.ts';
import { buildDeviceTables, deviceFeatureWindows } from '../../common/features/device-frontend.ts';
import { bnCalibratedModel, randomWindows, testMeta } from './helpers.ts';

describe('exporter: export artefacts, vectors and the int8 predictor', function () {
  this.timeout(120000);
  const calib = randomWindows(32, 49, 13, 'exp');
  const { model, cfg } = bnCalibratedModel({ channels: 8, blocks: 1, seed: 11 }, calib);
  const meta = { ...testMeta(cfg), threshold: 0.37 };
  const build = buildExport(model, meta, calib, { mfccTables: (m) => generateMfccTables(m.featureSpec, m.norm) });

  it('threshold → int8 is exact: q ≥ T ⇔ (q + 128)/256 ≥ threshold', () => {
    expect(thresholdToInt8(0.5, 1 / 256, -128)).to.equal(0);
    expect(thresholdToInt8(0.37, 1 / 256, -128)).to.equal(-33); // 94.72 − 128 = −33.28 → ceil −33
    expect(thresholdToInt8(0.368, 1 / 256, -128)).to.equal(-33); // −33.79 → −33 (round would say −34, firing below 0.368)
    expect(thresholdToInt8(1, 1 / 256, -128)).to.equal(127);
    expect(() => thresholdToInt8(1.5, 1 / 256, -128)).to.throw(RangeError, /0\.\.1, got 1\.5/);
  });

  it('float vs int8 parity: agreement, score differences, accuracy and F1 per side, and the challenge score', () => {
    // Clips of 1–3 windows, labelled by the float model's own decision on half of them and against it on
    // the rest, so both sides have true and false positives and negatives.
    const clips = Array.from({ length: 12 }, (_, i) => ({ windows: calib.slice(i * 2, i * 2 + 1 + (i % 3)) }));
    const probe = floatInt8Parity(model, build.qmodel, meta, build.thresholdInt8, clips);
    expect(probe.clips).to.equal(12);
    expect(probe.windows).to.equal(clips.reduce((n, c) => n + c.windows.length, 0));
    expect(probe.floatAccuracy).to.equal(undefined); // unlabelled: no accuracy, no F1
    expect(probe.maxAbsScoreDiff).to.be.at.least(probe.meanAbsScoreDiff);
    expect(probe.maxAbsScoreDiff).to.be.below(0.1);
    const labelled = clips.map((c, i) => ({ ...c, label: i % 2 === 0 }));
    const p = floatInt8Parity(model, build.qmodel, meta, build.thresholdInt8, labelled);
    expect(p.floatAccuracy).to.be.within(0, 1);
    expect(p.floatF1).to.be.within(0, 1);
    expect(p.int8F1).to.be.within(0, 1);
    // The challenge score on each side is the harmonic mean of the clean and the disturbed F1.
    const fake = (floatF1: number, int8F1: number): ParityReport => ({ ...p, floatF1, int8F1 });
    const sp = scoreParity({ test: fake(0.8, 0.8), disturbed: fake(0.6, 0.5) })!;
    expect(sp.float).to.deep.equal({ f1: 0.8, robustness: 0.6, score: (2 * 0.8 * 0.6) / 1.4 });
    expect(sp.int8.score).to.be.closeTo((2 * 0.8 * 0.5) / 1.3, 1e-12);
    expect(sp.scoreDiff).to.be.closeTo((2 * 0.8 * 0.6) / 1.4 - (2 * 0.8 * 0.5) / 1.3, 1e-12);
    expect(scoreParity({ test: p })).to.equal(null); // no disturbed set: no score
    expect(scoreParity({ test: probe, disturbed: probe })).to.equal(null); // unlabelled: no score
    expect(() => floatInt8Parity(model, build.qmodel, meta, build.thresholdInt8, [])).to.throw(RangeError, /no clips/);
  });

  it('builds every file, with the manifest describing them', () => {
    expect([...build.files.keys()].sort()).to.deep.equal([
      'manifest.json', 'mfcc_tables.c', 'mfcc_tables.h', 'model.tflite', 'model_data.c', 'model_data.h', 'model_settings.h',
    ]);
    const m = JSON.parse(build.files.get('manifest.json') as string);
    expect(m.threshold_int8).to.equal(-33);
    expect(m.modelHash).to.match(/^[0-9a-f]{64}$/);
    expect(m.macsPerWindow).to.equal(build.budget.macs);
    expect(m.peakActivationBytes).to.equal(build.budget.peakActivationBytes);
    expect(m.files['model.tflite'].bytes).to.equal(build.tflite.length);
    expect(m.budgetViolations).to.deep.equal([]);
    // Without labelled test + disturbed parity there is no float vs int8 challenge score.
    expect(build.floatVsInt8Score).to.equal(null);
    expect(m.metrics.floatVsInt8Score).to.equal(null);
  });

  it('model_data.c holds the flatbuffer bytes; model_settings.h the quantisation, threshold and hash', () => {
    const c = build.files.get('model_data.c') as string;
    const bytes = Uint8Array.from(c.match(/0x[0-9a-f]{2}/g)!.map((h) => parseInt(h, 16)));
    expect(Buffer.from(bytes).equals(Buffer.from(build.tflite))).to.equal(true);
    expect(c).to.include(`g_gunshot_model_data_len = ${build.tflite.length}u;`);
    const h = build.files.get('model_settings.h') as string;
    const inT = build.qmodel.tensors[0];
    expect(h).to.include(`#define GS_INPUT_ZERO_POINT ${inT.zeroPoint[0]}\n`);
    expect(h).to.include('#define GS_OUTPUT_ZERO_POINT -128\n');
    expect(h).to.include('#define GS_THRESHOLD_INT8 -33\n');
    expect(h).to.include(`#define GS_MODEL_HASH_HEX "${build.modelHash}"`);
    expect(h).to.include('#define GS_N_MFCC 13\n');
    expect(h).to.include('#define GS_WINDOW_HOP_FRAMES 10\n');
  });

  it('the .tflite metadata carries feature spec, window, norm, threshold and hash', () => {
    const md = readTflite(build.tflite).metadata as Record<string, unknown>;
    expect(md.modelHash).to.equal(build.modelHash);
    expect(md.threshold).to.equal(0.37);
    expect(md.thresholdInt8).to.equal(-33);
    expect(md.featureSpec).to.deep.equal(meta.featureSpec);
    expect(md.window).to.deep.equal(meta.window);
    expect(md.norm).to.deep.equal(meta.norm);
  });

  it('writes the folder; vectors and the int8 predictor read the exported model back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ge-export-'));
    try {
      await saveModelDir(dir, model, meta);
      writeExport(path.join(dir, 'export'), build);
      const clip = Float32Array.from({ length: 24000 }, (_, i) => 0.3 * Math.sin(i / 7) * Math.exp(-i / 4000));
      // Vectors: each entry's expected output is the reference output of its stored input.
      const set = buildVectors(build.qmodel, [{ name: 'a.wav', label: true, windows: calib.slice(0, 3) }]);
      writeVectors(path.join(dir, 'vectors'), set);
      const list = JSON.parse(fs.readFileSync(path.join(dir, 'vectors', 'vectors.json'), 'utf8'));
      expect(list).to.have.length(3);
      expect(list[2]).to.include({ input: 'inputs/c0000_w002.bin', clip: 'a.wav', window: 2, label: true });
      const x = new Int8Array(fs.readFileSync(path.join(dir, 'vectors', list[2].input)));
      expect(list[2].expected).to.deep.equal(Array.from(runInt8(build.qmodel, x)[0]));
      // Predictor: device-frontend windows through the reference, max over windows.
      const p = await loadInt8Predictor(dir);
      const [pred] = await p.predictClips([clip]);
      const inT = build.qmodel.tensors[0];
      const windows = deviceFeatureWindows(clip, meta.featureSpec, meta.norm, { scale: inT.scale[0], zeroPoint: inT.zeroPoint[0] }, meta.window, buildDeviceTables(meta.featureSpec, meta.norm));
      const qs = windows.map((w) => runInt8(build.qmodel, w)[0][0]);
      expect(pred.windowScores).to.deep.equal(qs.map((q) => (q + 128) / 256));
      expect(pred.score).to.equal(Math.max(...qs.map((q) => (q + 128) / 256)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
