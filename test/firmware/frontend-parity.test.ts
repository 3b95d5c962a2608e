/**
 * Parity of the board's float32 MFCC frontend (C, firmware-bridge/core/mfcc.c, run by the host board) with
 * its TypeScript twin (common/features/device-frontend.ts): every int8 model input of every window of
 * realistic clips (the synthetic corpus's categories, gunshots and hard negatives) must be identical.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORIES, makeRng } from '../../common/synth/index.ts';
import {
  deviceFeatureWindows, int16FromFloat, buildDeviceTables, deviceLog2, createDeviceFrontend, deviceMfccFrame,
} from '../../common/features/device-frontend.ts';
import { MfccExtractor } from '../../common/features/mfcc.ts';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { decodeWav } from '../../common/audio/index.ts';

/** librosa's golden signals (32-bit float WAV, 16 kHz, 1.5 s), copied into the repo's fixtures. */
const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'librosa');
const GOLDEN_SIGNALS = ['tone', 'impulse_in_noise', 'chirp'];
import { boardFeatures, buildHostBoard, loadTestExport, writeWav16, type TestExport } from './host-board.ts';

describe('firmware frontend parity (C board vs device-frontend.ts)', function () {
  this.timeout(120000);
  let dir: string;
  let exp: TestExport;

  before(() => {
    buildHostBoard();
    exp = loadTestExport();
    dir = mkdtempSync(join(tmpdir(), 'ge-fw-parity-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('produces identical int8 windows for every synthetic category (2 s clips)', () => {
    const quant = { scale: exp.qmodel.tensors[exp.qmodel.inputs[0]].scale[0], zeroPoint: exp.qmodel.tensors[exp.qmodel.inputs[0]].zeroPoint[0] };
    const tables = buildDeviceTables(exp.featureSpec, exp.norm);
    let values = 0;
    let differing = 0;
    let windows = 0;
    const report: string[] = [];
    for (const [k, cat] of CATEGORIES.entries()) {
      const clip = cat.generate({ rng: makeRng(`parity:${k}`), scene: makeRng(`parity-scene:${k}`), rateHz: 16000, n: 32000 });
      const pcm = int16FromFloat(clip);
      const wav = join(dir, `${cat.name}.wav`);
      writeWav16(wav, pcm);
      const board = boardFeatures(wav);
      const host = deviceFeatureWindows(pcm, exp.featureSpec, exp.norm, quant, exp.window, tables);
      expect(board.length, `${cat.name}: windows`).to.equal(host.length);
      let catDiff = 0;
      board.forEach((w, i) => {
        expect(w.length).to.equal(host[i].length);
        for (let j = 0; j < w.length; j++) if (w[j] !== host[i][j]) catDiff++;
        values += w.length;
      });
      windows += board.length;
      differing += catDiff;
      if (catDiff) report.push(`${cat.name}: ${catDiff} differing values`);
    }
    console.log(`      parity: ${CATEGORIES.length} clips, ${windows} windows, ${values} int8 values, ${differing} differ`);
    expect(report, report.join('\n')).to.deep.equal([]);
    expect(values).to.be.greaterThan(50000);
  });

  it('produces identical int8 windows for the shared golden WAV files', function () {
    const quant = { scale: exp.qmodel.tensors[exp.qmodel.inputs[0]].scale[0], zeroPoint: exp.qmodel.tensors[exp.qmodel.inputs[0]].zeroPoint[0] };
    for (const sig of GOLDEN_SIGNALS) {
      const wav = decodeWav(readFileSync(join(GOLDEN, `${sig}.wav`)), `${sig}.wav`);
      const pcm = int16FromFloat(wav.samples);
      const path = join(dir, `golden-${sig}.wav`);
      writeWav16(path, pcm);
      const board = boardFeatures(path);
      const host = deviceFeatureWindows(pcm, exp.featureSpec, exp.norm, quant, exp.window);
      expect(board.map((w) => Array.from(w)), sig).to.deep.equal(host.map((w) => Array.from(w)));
    }
  });

  it('stays within 0.1 of the float64 host frontend (mfcc.ts) on the same int16 audio', function () {
    // Identity norm: the device's pre-quantisation floats are then raw MFCCs, comparable with the host's.
    const tables = buildDeviceTables(DEFAULT_FEATURE_SPEC, { mean: new Array(13).fill(0), std: new Array(13).fill(1), clip: 1e9 });
    const fe = createDeviceFrontend(tables, { scale: 1, zeroPoint: 0 });
    const host = new MfccExtractor(DEFAULT_FEATURE_SPEC);
    const out = new Int8Array(13);
    const coeffs = new Float32Array(13);
    for (const sig of GOLDEN_SIGNALS) {
      const pcm = int16FromFloat(decodeWav(readFileSync(join(GOLDEN, `${sig}.wav`)), `${sig}.wav`).samples);
      const m = host.computeFlat(Float32Array.from(pcm, (v) => v / 32768));
      let worst = 0;
      for (let f = 0; f < m.frames; f++) {
        deviceMfccFrame(fe, pcm, f * DEFAULT_FEATURE_SPEC.hopLength, out, 0, coeffs);
        for (let c = 0; c < 13; c++) worst = Math.max(worst, Math.abs(coeffs[c] - m.data[f * 13 + c]));
      }
      expect(worst, `${sig}: max |device − host| over ${m.frames} frames`).to.be.below(0.1);
    }
  });

  it('agrees for a clip shorter than one window (zero-padded) and for full-scale and silent input', () => {
    const quant = { scale: exp.qmodel.tensors[exp.qmodel.inputs[0]].scale[0], zeroPoint: exp.qmodel.tensors[exp.qmodel.inputs[0]].zeroPoint[0] };
    const cases: [string, Int16Array][] = [
      ['short', Int16Array.from({ length: 3000 }, (_, i) => Math.round(9000 * Math.sin(i / 7)))],
      ['fullscale', Int16Array.from({ length: 20000 }, (_, i) => (i % 40 < 20 ? 32767 : -32768))],
      ['silence', new Int16Array(17000)],
    ];
    for (const [name, pcm] of cases) {
      const wav = join(dir, `${name}.wav`);
      writeWav16(wav, pcm);
      const board = boardFeatures(wav);
      const host = deviceFeatureWindows(pcm, exp.featureSpec, exp.norm, quant, exp.window);
      expect(board.map((w) => Array.from(w)), name).to.deep.equal(host.map((w) => Array.from(w)));
    }
  });

  it('uses a log2 within 2 float32 ulps of Math.log2', () => {
    for (let x = 1e-10; x < 1e7; x *= 1.37) {
      const xf = Math.fround(x);
      const ref = Math.log2(xf);
      expect(Math.abs(deviceLog2(xf) - ref)).to.be.at.most(1e-6 * (1 + Math.abs(ref) * 2.4));
    }
  });

  it('maps float audio to int16 with round-half-away-from-zero and saturation', () => {
    const x = Float32Array.from([0, 0.5 / 32768, -0.5 / 32768, 1, -1, 1.5, -1.5, 0.25]);
    expect(Array.from(int16FromFloat(x))).to.deep.equal([0, 1, -1, 32767, -32768, 32767, -32768, 8192]);
  });
});
