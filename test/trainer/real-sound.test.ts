import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../../common/synth/rng.ts';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { narrowband } from '../../trainer/augment/narrowband.ts';
import { augmentExample } from '../../trainer/augment/pipeline.ts';
import { DEFAULT_AUGMENT } from '../../trainer/augment/config.ts';
import { bestF1Threshold, bestF1ThresholdAtShare } from '../../common/scoring/pr-curve.ts';
import { chooseThreshold } from '../../trainer/threshold.ts';
import { DEFAULT_WINDOW } from '../../trainer/model-meta.ts';
import { windowSamples } from '../../trainer/windows.ts';
import type { Clip } from '../../common/data/types.ts';

const RATE = 16000;
const tone = (hz: number, n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / RATE));
const rms = (x: Float32Array, from = 0) => Math.sqrt(x.subarray(from).reduce((s, v) => s + v * v, 0) / (x.length - from));

describe('trainer: real-sound measures (narrowband, short negatives, threshold at a share)', () => {
  it('narrowband leaves the band of an 8 kHz recording and removes what lies above it', () => {
    const low = tone(1000, RATE), high = tone(6000, RATE);
    const cut = narrowband(low, makeRng('nb'), RATE);
    expect(cut).to.be.within(3300, 3900);
    narrowband(high, makeRng('nb'), RATE);
    expect(rms(low, 2000)).to.be.closeTo(Math.SQRT1_2, 0.05);
    expect(rms(high, 2000), '6 kHz is > 40 dB down').to.be.below(0.01 * Math.SQRT1_2);
  });

  it('cuts negatives short (zeros around a kept stretch) and never positives', () => {
    const cfg = { ...DEFAULT_AUGMENT, shortNegativeProb: 1, narrowbandProb: 0 };
    const clip = tone(500, 3 * RATE).map((v) => v + 0.5);
    const length = windowSamples(DEFAULT_FEATURE_SPEC, DEFAULT_WINDOW);
    let shortened = 0;
    for (let k = 0; k < 20; k++) {
      const neg = augmentExample(clip, false, length, RATE, cfg, makeRng(`s${k}`));
      const kept = neg.samples.filter((v) => v !== 0).length;
      expect(neg.trace.shortKept).to.be.within(0.15 * length - 1, 0.9 * length + 1);
      expect(kept, 'only the kept stretch can be non-zero').to.be.at.most(neg.trace.shortKept!);
      expect(length - kept).to.be.at.least(length - neg.trace.shortKept!);
      shortened++;
      const pos = augmentExample(clip, true, length, RATE, cfg, makeRng(`s${k}`));
      expect(pos.trace.shortKept).to.equal(undefined);
    }
    expect(shortened).to.equal(20);
  });

  it('the threshold at a low gunshot share weighs false alarms up and so sits higher', () => {
    // 50 positives scored 0.5–1, 50 negatives 0–0.8: at a 50 % share the F1 optimum accepts some negatives.
    const labels = [...Array(50).fill(true), ...Array(50).fill(false)];
    const scores = [...Array.from({ length: 50 }, (_, i) => 0.5 + i / 100), ...Array.from({ length: 50 }, (_, i) => i * 0.016)];
    const even = bestF1Threshold(labels, scores);
    const rare = bestF1ThresholdAtShare(labels, scores, 0.05);
    expect(rare.threshold).to.be.above(even.threshold);
    expect(rare.threshold).to.be.at.least(0.75);
    // Each negative counts (P/N)(1 − s)/s = 19 times at s = 0.05: the reported false alarms are weighted.
    const negativesAbove = scores.slice(50).filter((v) => v >= rare.threshold).length;
    expect(rare.fp).to.be.closeTo(19 * negativesAbove, 1e-9);
    expect(() => bestF1ThresholdAtShare(labels, scores, 0)).to.throw(RangeError, /share must be in \(0, 1\)/);
    const c = chooseThreshold(labels, scores, 50, 'x', 0.05);
    expect(c.threshold).to.be.at.least(0.75);
  });
});
