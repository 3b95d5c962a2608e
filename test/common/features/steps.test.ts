// Unit tests of the individual MFCC steps against hand-computed or textbook values.
import { expect } from 'chai';
import { periodicHann, paddedHann } from '../../../common/features/window.ts';
import { frameCount, windowFrameInto } from '../../../common/features/frames.ts';
import { PowerSpectrum } from '../../../common/features/power-spectrum.ts';
import { hzToMel, melToHz, melFilterbank, melFrequencies } from '../../../common/features/mel.ts';
import { powerToDbInPlace } from '../../../common/features/log.ts';
import { dctOrthoMatrix } from '../../../common/features/dct.ts';
import { validateFeatureSpec } from '../../../common/features/validate-spec.ts';
import { MfccExtractor } from '../../../common/features/mfcc.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../common/features/spec.ts';

describe('features/window', () => {
  it('periodic Hann of 4 is [0, .5, 1, .5]', () => {
    const w = Array.from(periodicHann(4));
    [0, 0.5, 1, 0.5].forEach((v, i) => expect(w[i]).to.be.closeTo(v, 1e-15));
  });
  it('centres winLength in nFft with floor((nFft − win)/2) leading zeros', () => {
    const w = paddedHann(3, 8); // offset 2, periodic Hann(3) = [0, .75, .75]
    expect(Array.from(w).map((v) => +v.toFixed(6))).to.deep.equal([0, 0, 0, 0.75, 0.75, 0, 0, 0]);
  });
  it('rejects a window longer than nFft', () => expect(() => paddedHann(9, 8)).to.throw(RangeError, /1\.\.nFft \(8\), got 9/));
});

describe('features/frames', () => {
  it('counts frames as librosa (center false / true)', () => {
    const p = { nFft: 512, hopLength: 320, center: false };
    expect(frameCount(24000, p)).to.equal(74);
    expect(frameCount(511, p)).to.equal(0);
    expect(frameCount(512, p)).to.equal(1);
    expect(frameCount(24000, { ...p, hopLength: 160, center: true })).to.equal(151);
  });
  it('reads zeros outside the signal for centred frames', () => {
    const x = Float32Array.from([1, 2, 3, 4]);
    const out = new Float64Array(4).fill(9);
    windowFrameInto(x, 0, { nFft: 4, hopLength: 2, center: true }, new Float64Array(4).fill(1), 0, 4, out);
    expect(Array.from(out)).to.deep.equal([0, 0, 1, 2]);
  });
});

describe('features/power-spectrum', () => {
  it('matches a naive DFT |X[k]|² for k = 0..N/2', () => {
    const n = 64;
    const x = new Float64Array(n).map((_, i) => Math.sin(i * 0.7) + 0.3 * Math.cos(i * 2.1) + (i % 5) * 0.01);
    const ps = new PowerSpectrum(n).compute(x, new Float64Array(n / 2 + 1));
    for (let k = 0; k <= n / 2; k++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) { re += x[i] * Math.cos((2 * Math.PI * k * i) / n); im -= x[i] * Math.sin((2 * Math.PI * k * i) / n); }
      expect(ps[k]).to.be.closeTo(re * re + im * im, 1e-9);
    }
  });
  it('rejects a size that is not a power of two', () => expect(() => new PowerSpectrum(100)).to.throw(RangeError, /got 100/));
});

describe('features/mel', () => {
  it('converts HTK and Slaney scales both ways', () => {
    expect(hzToMel(700, true)).to.be.closeTo(2595 * Math.log10(2), 1e-9);
    expect(hzToMel(1000, false)).to.be.closeTo(15, 1e-12);
    expect(hzToMel(2000, false)).to.be.closeTo(15 + (27 * Math.log(2)) / Math.log(6.4), 1e-12);
    expect(hzToMel(500, false)).to.be.closeTo(7.5, 1e-12);
    for (const f of [0, 123, 999, 1000, 4567, 8000]) {
      expect(melToHz(hzToMel(f, true), true)).to.be.closeTo(f, 1e-9);
      expect(melToHz(hzToMel(f, false), false)).to.be.closeTo(f, 1e-9);
    }
  });
  it('spaces band edges equally in mel, ending exactly at fmax', () => {
    const f = melFrequencies(5, 0, 8000, true);
    expect(f[0]).to.equal(0);
    expect(f[4]).to.be.closeTo(8000, 1e-9);
    const m = Array.from(f).map((v) => hzToMel(v, true));
    expect(m[2] - m[1]).to.be.closeTo(m[1] - m[0], 1e-9);
  });
  it('gives each Slaney-normalised triangle area ≈ 1 in Hz (when it spans many bins)', () => {
    const spec = { sampleRateHz: 16000, nFft: 4096, nMels: 10, fminHz: 0, fmaxHz: 8000, htk: true };
    const binHz = 16000 / 4096;
    for (const row of melFilterbank(spec)) {
      const area = row.reduce((a, v) => a + v, 0) * binHz;
      expect(area).to.be.closeTo(1, 0.01);
    }
  });
});

describe('features/log', () => {
  it('applies amin and the clip-relative topDb clamp', () => {
    const v = powerToDbInPlace(Float64Array.from([1, 0.1, 1e-12, 100]), { amin: 1e-10, topDb: 50 });
    expect(Array.from(v).map((x) => +x.toFixed(9))).to.deep.equal([0, -10, -30, 20]);
    const w = powerToDbInPlace(Float64Array.from([1e-12]), { amin: 1e-10, topDb: null });
    expect(w[0]).to.be.closeTo(-100, 1e-9);
  });
});

describe('features/dct', () => {
  it('is orthonormal when square (M·Mᵀ = I)', () => {
    const n = 8;
    const m = dctOrthoMatrix(n, n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += m[a * n + i] * m[b * n + i];
      expect(dot).to.be.closeTo(a === b ? 1 : 0, 1e-12);
    }
  });
  it('maps a constant to √N·c in coefficient 0 only (scipy ortho)', () => {
    const m = dctOrthoMatrix(3, 4);
    expect(m[0] * 4 * 2).to.be.closeTo(Math.sqrt(4) * 2, 1e-12);
    expect(m[4] + m[5] + m[6] + m[7]).to.be.closeTo(0, 1e-12);
  });
});

describe('features/validate-spec', () => {
  it('accepts the default spec', () => expect(validateFeatureSpec(DEFAULT_FEATURE_SPEC)).to.equal(DEFAULT_FEATURE_SPEC));
  const bad: [string, Record<string, unknown>, RegExp, typeof Error][] = [
    ['nFft not a power of two', { nFft: 500 }, /nFft must be a power of two 64\.\.4096, got 500 \(test\.json\)/, RangeError],
    ['winLength > nFft', { winLength: 600 }, /winLength must be an integer 1\.\.512, got 600/, RangeError],
    ['hopLength > winLength', { hopLength: 481 }, /hopLength must be an integer 1\.\.480, got 481/, RangeError],
    ['fmax above Nyquist', { fmaxHz: 9000 }, /fmaxHz must be in \(0, 8000\]/, RangeError],
    ['fmin ≥ fmax', { fminHz: 8000 }, /fminHz must be in \[0, 8000\)/, RangeError],
    ['nMfcc > nMels', { nMfcc: 41 }, /nMfcc must be an integer 1\.\.40, got 41/, RangeError],
    ['center not boolean', { center: 'yes' }, /center must be true or false/, TypeError],
    ['nMels a string', { nMels: '40' }, /nMels must be a number/, TypeError],
    ['topDb negative', { topDb: -1 }, /topDb must be > 0 or null/, RangeError],
  ];
  for (const [what, patch, re, kind] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => validateFeatureSpec({ ...DEFAULT_FEATURE_SPEC, ...patch } as never, 'test.json')).to.throw(kind, re);
    });
  }
});

describe('features/mfcc MfccExtractor', () => {
  it('returns frames × nMfcc, identical between compute and computeFlat, none for too-short input', () => {
    const ex = new MfccExtractor(DEFAULT_FEATURE_SPEC);
    const x = new Float32Array(16000).map((_, i) => Math.sin(i * 0.3) * 0.5);
    const rows = ex.compute(x);
    const flat = ex.computeFlat(x);
    expect(rows).to.have.length(49);
    expect(flat.frames).to.equal(49);
    expect(rows[7][3]).to.equal(flat.data[7 * 13 + 3]);
    expect(ex.compute(new Float32Array(100))).to.have.length(0);
  });
  it('pre-emphasis changes the result only when non-zero', () => {
    const x = new Float32Array(2000).map((_, i) => Math.sin(i * 0.05));
    const a = new MfccExtractor(DEFAULT_FEATURE_SPEC).computeFlat(x).data;
    const b = new MfccExtractor({ ...DEFAULT_FEATURE_SPEC, preEmphasis: 0.97 }).computeFlat(x).data;
    expect(a[0]).to.not.be.closeTo(b[0], 1e-3);
  });
});
