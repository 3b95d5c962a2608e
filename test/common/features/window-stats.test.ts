/**
 * deviceWindowStats (common/features/device-frontend.ts), the TypeScript twin of the board's window statistics
 * (firmware-bridge/core/window_stats.c): hand-computed values, the float definition it rounds (each statistic
 * within 0.5 of mean / population std / min / max / RMS delta of v = q − zp), and deviceFeatureWindows'
 * 'stats' windows. Bit-exactness with the C build is test/firmware/window-stats-parity.test.ts.
 */
import { expect } from 'chai';
import seedrandom from 'seedrandom';
import {
  buildDeviceTables, createDeviceFrontend, deviceFeatureWindows, deviceIsqrt, deviceMfccFrame, deviceWindowStats,
} from '../../../common/features/device-frontend.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../common/features/spec.ts';
import { DEFAULT_WINDOW, WINDOW_STATS, type WindowSpec } from '../../../trainer/model-meta.ts';
import { padClipForWindows } from '../../../trainer/windows.ts';

/** Column c of a 5 × n statistics grid. */
const col = (out: Int8Array, n: number, c: number): number[] => [0, 1, 2, 3, 4].map((r) => out[r * n + c]);

/** The float statistics of v = q − zp for coefficient c, stored as the board stores them (+ zp, clamped). */
function floatStats(win: Int8Array, frames: number, n: number, zp: number, c: number): number[] {
  const v = Array.from({ length: frames }, (_, t) => win[t * n + c] - zp);
  const mean = v.reduce((a, b) => a + b, 0) / frames;
  const std = Math.sqrt(Math.max(0, v.reduce((a, b) => a + b * b, 0) / frames - mean * mean));
  let d = 0;
  for (let t = 1; t < frames; t++) d += (v[t] - v[t - 1]) ** 2;
  const clamp = (x: number) => Math.min(127, Math.max(-128, x + zp));
  return [mean, std, Math.min(...v), Math.max(...v), Math.sqrt(d / (frames - 1))].map(clamp);
}

describe('features/device-frontend window statistics', () => {
  it('has one row per WINDOW_STATS entry', () => {
    expect(deviceWindowStats(new Int8Array(6), 2, 3, 0).length).to.equal(WINDOW_STATS.length * 3);
  });

  it('computes hand-checked statistics (ramp, mixed with an exact half, constant; the C unit test cases)', () => {
    // 5 frames × 3: ramp 0..4; 0, 10, −10, 5, 3 (mean 1.6 → 2, std √1106/5 = 6.65 → 7, delta √(729/4) = 13.5 → 14);
    // constant 7.
    const lin = Int8Array.from([0, 0, 7, 1, 10, 7, 2, -10, 7, 3, 5, 7, 4, 3, 7]);
    const out = deviceWindowStats(lin, 5, 3, 0);
    expect(col(out, 3, 0)).to.deep.equal([2, 1, 0, 4, 1]);
    expect(col(out, 3, 1)).to.deep.equal([2, 7, -10, 10, 14]);
    expect(col(out, 3, 2)).to.deep.equal([7, 0, 7, 7, 0]);
    // Zero point 3: the same v, every statistic stored + 3.
    const out3 = deviceWindowStats(lin.map((q) => q + 3), 5, 3, 3);
    expect(Array.from(out3)).to.deep.equal(Array.from(out, (q) => q + 3));
    // v = −1, −2: mean −1.5 → −2 (half away from zero), std 0.5 → 1 (half up), delta 1.
    expect(Array.from(deviceWindowStats(Int8Array.from([-1, -2]), 2, 1, 0))).to.deep.equal([-2, 1, -2, -1, 1]);
    // Zero point 100, q = 127, −128: std 128 and delta 255 clamp to 127; min lands exactly on −128.
    expect(Array.from(deviceWindowStats(Int8Array.from([127, -128]), 2, 1, 100))).to.deep.equal([-1, 127, -128, 127, 127]);
    // 49 frames alternating −128, 127 with zero point −128 (v = 0, 255, …): mean 125, std 127, delta 255.
    const alt = Int8Array.from({ length: 49 * 40 }, (_, i) => (Math.floor(i / 40) % 2 ? 127 : -128));
    const a = deviceWindowStats(alt, 49, 40, -128);
    for (let c = 0; c < 40; c++) expect(col(a, 40, c)).to.deep.equal([-3, -1, -128, 127, 127]);
  });

  it('rounds the float statistics of v = q − zp: within 0.5 on 2000 random windows', () => {
    const rng = seedrandom('window-stats');
    const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
    let worst = 0;
    let values = 0;
    for (let k = 0; k < 2000; k++) {
      const frames = [2, 3, 5, 49, 128][k % 5];
      const n = int(1, 40);
      const zp = k % 7 === 0 ? int(-128, 127) : int(-5, 5);
      // Narrow ranges around a random level as well as the full int8 range.
      const centre = int(-128, 127);
      const spread = [1, 4, 30, 255][k % 4];
      const win = Int8Array.from({ length: frames * n }, () => Math.max(-128, Math.min(127, centre + int(-spread, spread))));
      const out = deviceWindowStats(win, frames, n, zp);
      for (let c = 0; c < n; c++) {
        const want = floatStats(win, frames, n, zp, c);
        col(out, n, c).forEach((q, r) => { worst = Math.max(worst, Math.abs(q - want[r])); });
        values += 5;
      }
    }
    expect(worst).to.be.at.most(0.5 + 1e-9);
    expect(values).to.be.greaterThan(100000);
  });

  it('takes the exact floor square root below 2^53', () => {
    const rng = seedrandom('isqrt');
    for (const x of [0, 1, 2, 3, 4, 15, 16, 17, 2 ** 52, 2 ** 53 - 1, 94906265 ** 2, 94906265 ** 2 - 1]) {
      const r = BigInt(deviceIsqrt(x));
      expect(r * r <= BigInt(x) && (r + 1n) * (r + 1n) > BigInt(x), `isqrt(${x}) = ${r}`).to.equal(true);
    }
    for (let i = 0; i < 20000; i++) {
      const x = Math.floor(rng() * 2 ** Math.floor(rng() * 53));
      const r = BigInt(deviceIsqrt(x));
      expect(r * r <= BigInt(x) && (r + 1n) * (r + 1n) > BigInt(x), `isqrt(${x})`).to.equal(true);
    }
    expect(() => deviceIsqrt(2 ** 53)).to.throw(RangeError, /safe integer/);
  });

  it('rejects windows it cannot summarise, naming the value', () => {
    expect(() => deviceWindowStats(new Int8Array(3), 1, 3, 0)).to.throw(RangeError, /frames must be an integer 2\.\.65535, got 1/);
    expect(() => deviceWindowStats(new Int8Array(5), 2, 3, 0)).to.throw(RangeError, /needs 2×3 = 6 values, got 5/);
    expect(() => deviceWindowStats(new Int8Array(6), 2, 3, 200)).to.throw(RangeError, /zeroPoint .* got 200/);
  });

  it("gives deviceFeatureWindows' 'stats' windows: the statistics of the raw int8 frames of each window", () => {
    const spec = DEFAULT_FEATURE_SPEC;
    const norm = { mean: Array.from({ length: spec.nMfcc }, (_, c) => (c === 0 ? -300 : 0)), std: new Array(spec.nMfcc).fill(20), clip: 8 };
    const quant = { scale: 8 / 127, zeroPoint: -2 };
    const window: WindowSpec = { ...DEFAULT_WINDOW, reduce: 'stats' };
    const pcm = Int16Array.from({ length: 24000 }, (_, i) => Math.round(8000 * Math.sin(i * 0.03) * Math.sin(i * 0.001) + ((i * 7919) % 300) - 150));
    const tables = buildDeviceTables(spec, norm);
    const stats = deviceFeatureWindows(pcm, spec, norm, quant, window, tables);
    const centred = deviceFeatureWindows(pcm, spec, norm, quant, DEFAULT_WINDOW, tables);
    expect(stats.length).to.equal(centred.length).and.to.be.greaterThan(2);
    const fe = createDeviceFrontend(tables, quant);
    const padded = padClipForWindows(pcm, spec, window); // the last window ends in the zero padding
    stats.forEach((s, w) => {
      expect(s.length).to.equal(5 * spec.nMfcc);
      const raw = new Int8Array(window.frames * spec.nMfcc);
      for (let t = 0; t < window.frames; t++) deviceMfccFrame(fe, padded, (w * window.hopFrames + t) * spec.hopLength, raw, t * spec.nMfcc);
      expect(Array.from(s), `window ${w}`).to.deep.equal(Array.from(deviceWindowStats(raw, window.frames, spec.nMfcc, quant.zeroPoint)));
    });
    expect(() => deviceFeatureWindows(pcm, spec, norm, quant, { frames: 1, hopFrames: 1, reduce: 'stats' }, tables))
      .to.throw(RangeError, /≥ 2 for window statistics, got 1/);
  });
});
