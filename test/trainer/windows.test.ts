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

  it('normalises per coefficient and clamps at ±clip', () => {
    const m = { frames: 49, nMfcc: 2, data: new Float32Array(98).map((_, i) => (i % 2 === 0 ? 10 : -1000)) };
    const [w] = normalisedWindows(m, { mean: [4, 0], std: [2, 1], clip: 8 }, { frames: 49, hopFrames: 10 });
    expect(w[0]).to.equal(3);
    expect(w[1]).to.equal(-8);
  });

  it('fits mean and std over all frames', () => {
    const m = { frames: 2, nMfcc: 1, data: new Float32Array([1, 3]) };
    const n = fitNorm([m]);
    expect(n.mean[0]).to.be.closeTo(2, 1e-9);
    expect(n.std[0]).to.be.closeTo(1, 1e-6);
  });
});
