/**
 * Parity of the board's window statistics (C, firmware-bridge/core/window_stats.c, run by the host board's
 * --window-stats-offline mode) with the TypeScript twin (deviceWindowStats in common/features/device-frontend.ts):
 * random rings with any oldest slot, every zero point, narrow and full-range values and the int8 extremes must
 * give the same 5 × n bytes. The C reads the ring in place; the twin gets the same window laid out linearly.
 * Then the whole chain on a window-statistics model (make host-test-stats): the board's per-window model inputs
 * and outputs on realistic clips equal deviceFeatureWindows (reduce 'stats') + runInt8.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { buildDeviceTables, deviceFeatureWindows, deviceWindowStats, int16FromFloat } from '../../common/features/device-frontend.ts';
import { CATEGORIES, makeRng } from '../../common/synth/index.ts';
import { runInt8 } from '../../exporter/reference/index.ts';
import {
  between, boardFeatures, boardWindowStats, buildHostBoard, buildHostBoardStats, HOST_BOARD_STATS, loadTestExport, runBoard,
  TEST_EXPORT_STATS, writeWav16, type StatsRecord,
} from './host-board.ts';

/** The ring's window with its oldest frame first. */
function linear(r: StatsRecord): Int8Array {
  const out = new Int8Array(r.frames * r.n);
  for (let k = 0; k < r.frames; k++) {
    const slot = (r.first + k) % r.frames;
    out.set(r.ring.subarray(slot * r.n, (slot + 1) * r.n), k * r.n);
  }
  return out;
}

function randomRecords(count: number, seed: string): StatsRecord[] {
  const rng = seedrandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const out: StatsRecord[] = [];
  for (let k = 0; k < count; k++) {
    const frames = k % 4 === 0 ? 49 : int(2, 128);
    const n = k % 4 === 0 ? 40 : int(1, 40);
    const zeroPoint = k % 3 === 0 ? int(-128, 127) : int(-8, 8);
    const kind = k % 6;
    const level = int(-128, 127);
    const spread = [0, 2, 20, 255][k % 4];
    const ring = Int8Array.from({ length: frames * n }, (_, i) => {
      const t = Math.floor(i / n);
      if (kind === 0) return t % 2 ? 127 : -128; // alternating extremes
      if (kind === 1) return rng() < 0.5 ? 127 : -128; // random extremes
      if (kind === 2) return level; // constant
      return Math.max(-128, Math.min(127, level + int(-spread, spread)));
    });
    out.push({ frames, n, first: int(0, frames - 1), zeroPoint, ring });
  }
  return out;
}

describe('firmware window statistics parity (C board vs deviceWindowStats)', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    buildHostBoard();
    dir = mkdtempSync(join(tmpdir(), 'ge-fw-stats-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives identical bytes on 3000 random ring windows (wraparound, every zero point, extremes)', () => {
    const records = randomRecords(3000, 'stats-parity');
    const board = boardWindowStats(join(dir, 'records.bin'), records);
    expect(board.length).to.equal(records.length);
    let values = 0;
    let differing = 0;
    let wrapped = 0;
    const report: string[] = [];
    records.forEach((r, i) => {
      const host = deviceWindowStats(linear(r), r.frames, r.n, r.zeroPoint);
      expect(board[i].length).to.equal(host.length);
      let d = 0;
      for (let j = 0; j < host.length; j++) if (board[i][j] !== host[j]) d++;
      if (d && report.length < 10) report.push(`record ${i} (${r.frames}×${r.n}, first ${r.first}, zp ${r.zeroPoint}): ${d} differ`);
      differing += d;
      values += host.length;
      if (r.first !== 0) wrapped++;
    });
    console.log(`      stats parity: ${records.length} windows (${wrapped} wrapped), ${values} int8 values, ${differing} differ`);
    expect(report, report.join('\n')).to.deep.equal([]);
    expect(differing).to.equal(0);
    expect(wrapped).to.be.greaterThan(2500);
  });

  it('gives identical bytes at the largest frame count (65535 frames) and with clamped statistics', () => {
    const big = Int8Array.from({ length: 65535 }, (_, t) => (t % 2 ? 127 : -128));
    const records: StatsRecord[] = [
      { frames: 65535, n: 1, first: 12345, zeroPoint: -128, ring: big },
      { frames: 65535, n: 1, first: 0, zeroPoint: 127, ring: big },
      { frames: 2, n: 1, first: 1, zeroPoint: 100, ring: Int8Array.from([127, -128]) },
    ];
    const board = boardWindowStats(join(dir, 'big.bin'), records);
    records.forEach((r, i) => expect(Array.from(board[i]), `record ${i}`).to.deep.equal(Array.from(deviceWindowStats(linear(r), r.frames, r.n, r.zeroPoint))));
    expect(Array.from(board[2])).to.deep.equal([-1, 127, -128, 127, 127]);
  });
});

describe('firmware on a window-statistics model (C board vs deviceFeatureWindows + runInt8)', function () {
  this.timeout(180000);
  let dir: string;
  before(() => {
    buildHostBoardStats();
    dir = mkdtempSync(join(tmpdir(), 'ge-fw-stats-board-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('computes the same 5 × n_mfcc model inputs and outputs for every synthetic category (3 s clips)', () => {
    const exp = loadTestExport(TEST_EXPORT_STATS);
    expect(exp.window.reduce).to.equal('stats');
    const inT = exp.qmodel.tensors[exp.qmodel.inputs[0]];
    expect(inT.shape).to.deep.equal([1, 5, exp.featureSpec.nMfcc, 1]);
    const quant = { scale: inT.scale[0], zeroPoint: inT.zeroPoint[0] };
    const tables = buildDeviceTables(exp.featureSpec, exp.norm);
    let windows = 0;
    let differing = 0;
    for (const [k, cat] of CATEGORIES.entries()) {
      const pcm = int16FromFloat(cat.generate({ rng: makeRng(`stats:${k}`), scene: makeRng(`stats-scene:${k}`), rateHz: 16000, n: 48000 }));
      const wav = join(dir, `${cat.name}.wav`);
      writeWav16(wav, pcm);
      const board = boardFeatures(wav, HOST_BOARD_STATS);
      const host = deviceFeatureWindows(pcm, exp.featureSpec, exp.norm, quant, exp.window, tables);
      expect(board.length, `${cat.name}: windows`).to.equal(host.length);
      board.forEach((w, i) => {
        expect(w.length).to.equal(5 * exp.featureSpec.nMfcc);
        for (let j = 0; j < w.length; j++) if (w[j] !== host[i][j]) differing++;
      });
      const outputs = between(runBoard(['--wav-offline', wav], HOST_BOARD_STATS), 'OUTPUTS').map((l) => Number(l.split(' ')[1]));
      expect(outputs, `${cat.name}: outputs`).to.deep.equal(host.map((w) => runInt8(exp.qmodel, w)[0][0]));
      windows += board.length;
    }
    console.log(`      stats board: ${CATEGORIES.length} clips, ${windows} windows, ${differing} differing int8 values`);
    expect(differing).to.equal(0);
    expect(windows).to.be.greaterThan(100);
  });
});
