import { expect } from 'chai';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { MfccExtractor } from '../../common/features/mfcc.ts';
import { DEFAULT_WINDOW } from '../../trainer/model-meta.ts';
import { fitNorm, normalisedWindows, padClipForWindows, windowCount, windowSamples } from '../../trainer/windows.ts';

const spec = DEFAULT_FEATURE_SPEC;

describe('trainer/windows', () => {
  it('a window spans (frames − 1)·hop + nFft samples', () => {
    expect(windowSamples(spec, DEFAULT_WINDOW)).to.equal(48 * 320 + 512);
  });

  it('pads short clips to one window and long ones to a whole number of hops', () => {
    const ex = new MfccExtractor(spec);
    for (const n of [100, 8000, 15872, 15873, 16000, 20000, 64000]) {
      const padded = padClipForWindows(new Float32Array(n).fill(0.1), spec, DEFAULT_WINDOW);
      const frames = ex.frameCount(padded.length);
      expect(frames, `clip of ${n} samples`).to.be.at.least(DEFAULT_WINDOW.frames);
      expect((frames - DEFAULT_WINDOW.frames) % DEFAULT_WINDOW.hopFrames, `clip of ${n}`).to.equal(0);
      // never drops a frame the clip had
      expect(frames).to.be.at.least(n < spec.nFft ? 0 : ex.frameCount(n));
      // padding adds less than one hop of windows
      expect(frames - Math.max(DEFAULT_WINDOW.frames, ex.frameCount(n))).to.be.below(DEFAULT_WINDOW.hopFrames);
    }
    // 4 s clip: 199 frames = 49 + 15·10 → 16 windows, no padding needed
    expect(padClipForWindows(new Float32Array(64000), spec, DEFAULT_WINDOW).length).to.equal(64000 - (64000 - 512) % 320);
    expect(windowCount(199, DEFAULT_WINDOW)).to.equal(16);
  });

  it('normalises per coefficient, clamps at ±clip, then centres each coefficient on its window mean', () => {
    // coefficient 0 alternates 10 / 14 → z = 3 / 5, window mean 4 (49 frames: 25 × 3, 24 × 5 → 3.98)
    // coefficient 1 is −1000 → clamped to −8 everywhere → centred to 0
    const m = { frames: 49, nMfcc: 2, data: new Float32Array(98).map((_, i) => (i % 2 === 1 ? -1000 : (i / 2) % 2 === 0 ? 10 : 14)) };
    const [w] = normalisedWindows(m, { mean: [4, 0], std: [2, 1], clip: 8 }, { frames: 49, hopFrames: 10 });
    const zMean = (25 * 3 + 24 * 5) / 49;
    expect(w[0]).to.be.closeTo(3 - zMean, 1e-6);
    expect(w[2]).to.be.closeTo(5 - zMean, 1e-6);
    expect(w[1]).to.equal(0);
    let sum = 0;
    for (let t = 0; t < 49; t++) sum += w[2 * t];
    expect(sum).to.be.closeTo(0, 1e-4);
  });

  it('a gain on the whole recording does not change the window', () => {
    const ex = new MfccExtractor(spec);
    const n = windowSamples(spec, DEFAULT_WINDOW);
    let s = 12345;
    const noise = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5);
    const clip = new Float32Array(n).map((_, i) => 0.02 * noise() + (i > 8000 && i < 8400 ? 0.5 * noise() : 0));
    // the corpus-wide statistics of a real model (c0 spread ~126, so 26 dB moves c0 by ~1.3 std, unclamped)
    const norm = { mean: [-259, 62, -20, 16, -1, -2, 6, -2, 1, 4, -2, 3, 0], std: [126, 51, 37, 23, 13, 13, 16, 11, 8, 9, 8, 8, 7], clip: 8 };
    const [a] = normalisedWindows(ex.computeFlat(clip), norm, DEFAULT_WINDOW);
    const [b] = normalisedWindows(ex.computeFlat(clip.map((v) => v * 0.05)), norm, DEFAULT_WINDOW);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst, '26 dB quieter').to.be.below(1e-3);
  });

  it('stats windows: per coefficient the mean, std, min, max and RMS delta of the normalised frames, clamped', () => {
    // coefficient 0 alternates 10 / 14 → z = 3 / 5 (25 × 3, 24 × 5); coefficient 1 is a ramp t − 24 → z = (t − 24)/2,
    // clamped to ±8 beyond t = 8 and t = 40; coefficient 2 is +1000 → +8 everywhere.
    const frames = 49, n = 3;
    const data = new Float32Array(frames * n);
    for (let t = 0; t < frames; t++) { data[t * n] = t % 2 === 0 ? 10 : 14; data[t * n + 1] = t - 24; data[t * n + 2] = 1000; }
    const m = { frames, nMfcc: n, data };
    const [w] = normalisedWindows(m, { mean: [4, 0, 0], std: [2, 2, 1], clip: 8 }, { frames, hopFrames: 10, reduce: 'stats' });
    expect(w).to.have.length(5 * n);
    const mean0 = (25 * 3 + 24 * 5) / 49;
    expect(w[0]).to.be.closeTo(mean0, 1e-6);
    expect(w[n]).to.be.closeTo(Math.sqrt((25 * 9 + 24 * 25) / 49 - mean0 * mean0), 1e-6);
    expect([w[2 * n], w[3 * n]]).to.deep.equal([3, 5]);
    expect(w[4 * n]).to.be.closeTo(2, 1e-6); // every step is ±2
    const z1 = Array.from({ length: frames }, (_, t) => Math.max(-8, Math.min(8, (t - 24) / 2)));
    const mean1 = z1.reduce((a, b) => a + b, 0) / frames;
    expect(w[1]).to.be.closeTo(mean1, 1e-6);
    expect([w[2 * n + 1], w[3 * n + 1]]).to.deep.equal([-8, 8]);
    expect(w[4 * n + 1]).to.be.closeTo(Math.sqrt(32 * 0.25 / 48), 1e-6); // 32 steps of 0.5 between the clamps
    expect([w[2], w[n + 2], w[2 * n + 2], w[3 * n + 2], w[4 * n + 2]]).to.deep.equal([8, 0, 8, 8, 0]);
  });

  it('fits mean and std over all frames', () => {
    const m = { frames: 2, nMfcc: 1, data: new Float32Array([1, 3]) };
    const n = fitNorm([m]);
    expect(n.mean[0]).to.be.closeTo(2, 1e-9);
    expect(n.std[0]).to.be.closeTo(1, 1e-6);
  });
});
