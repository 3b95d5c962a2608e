import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../../common/synth/rng.ts';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { narrowband } from '../../trainer/augment/chain.ts';
import { augmentExample } from '../../trainer/augment/pipeline.ts';
import { DEFAULT_AUGMENT } from '../../trainer/augment/config.ts';
import { bestF1Threshold, bestF1ThresholdAtShare } from '../../common/scoring/pr-curve.ts';
import { chooseThreshold } from '../../trainer/threshold.ts';
import { HardWindowMiner } from '../../trainer/mining.ts';
import { DEFAULT_WINDOW } from '../../trainer/model-meta.ts';
import { windowSamples } from '../../trainer/windows.ts';
import type { Clip } from '../../common/data/types.ts';

const RATE = 16000;
const tone = (hz: number, n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / RATE));
const rms = (x: Float32Array, from = 0) => Math.sqrt(x.subarray(from).reduce((s, v) => s + v * v, 0) / (x.length - from));

describe('trainer: real-sound measures (narrowband, short negatives, threshold at a share, hard-window mining)', () => {
  it('narrowband leaves the band of an 8 kHz recording and removes what lies above it', () => {
    const low = tone(1000, RATE), high = tone(6000, RATE);
    const cut = narrowband(low, makeRng('nb'), RATE);
    expect(cut).to.be.within(3300, 3900);
    narrowband(high, makeRng('nb'), RATE);
    expect(rms(low, 2000)).to.be.closeTo(Math.SQRT1_2, 0.05);
    expect(rms(high, 2000), '6 kHz is > 40 dB down').to.be.below(0.01 * Math.SQRT1_2);
  });

  it('cuts negatives short (zeros around a kept stretch) and never positives', () => {
    const cfg = { ...DEFAULT_AUGMENT, shortNegativeProb: 1, narrowbandProb: 0, cleanProb: 1 };
    const clip = tone(500, 3 * RATE).map((v) => v + 0.5);
    const length = windowSamples(DEFAULT_FEATURE_SPEC, DEFAULT_WINDOW);
    let shortened = 0;
    for (let k = 0; k < 20; k++) {
      const neg = augmentExample(clip, false, length, RATE, cfg, { backgrounds: [], mixNegatives: [] }, makeRng(`s${k}`));
      const kept = neg.samples.filter((v) => v !== 0).length;
      expect(neg.trace.shortKept).to.be.within(0.15 * length - 1, 0.9 * length + 1);
      expect(kept, 'only the kept stretch can be non-zero').to.be.at.most(neg.trace.shortKept!);
      expect(length - kept).to.be.at.least(length - neg.trace.shortKept!);
      shortened++;
      const pos = augmentExample(clip, true, length, RATE, cfg, { backgrounds: [], mixNegatives: [] }, makeRng(`s${k}`));
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

  it('mining returns the negative windows the model scores highest, as audio one window long', () => {
    const meta = { featureSpec: DEFAULT_FEATURE_SPEC, window: DEFAULT_WINDOW, norm: { mean: Array(13).fill(0), std: Array(13).fill(1), clip: 1000 } };
    const quiet = (n: number) => Float32Array.from({ length: n }, (_, i) => 0.001 * Math.sin(i));
    const withBang = quiet(3 * RATE);
    for (let i = 0; i < 4000; i++) withBang[2 * RATE + i] = 0.9 * Math.sin(i * 0.3);
    const clip = (name: string, samples: Float32Array): Clip => ({
      row: { sliceFileName: name, id: name, fold: 1, label: false, line: 2, extra: {} }, path: name, samples, sampleRateHz: RATE, sourceRateHz: RATE,
    });
    // A stand-in model: how far the window's loudest frame stands above the window's mean (the largest
    // centred c0) is its "gunshot probability".
    const model = { predict: (x: tf.Tensor4D) => tf.sigmoid(tf.max(x.slice([0, 0, 0, 0], [-1, -1, 1, 1]), [1, 2, 3]).div(100)) } as unknown as tf.LayersModel;
    const miner = new HardWindowMiner([clip('a', quiet(3 * RATE)), clip('b', withBang)], meta, { count: 2, perPass: 1000 });
    expect(miner.windows).to.be.above(10);
    const { windows, minScore } = miner.mine(model);
    expect(windows).to.have.length(2);
    for (const w of windows) {
      expect(w.length).to.equal(windowSamples(DEFAULT_FEATURE_SPEC, DEFAULT_WINDOW));
      expect(Math.max(...w.map(Math.abs)), 'a mined window holds the bang').to.be.above(0.5);
    }
    expect(Number.isFinite(minScore)).to.equal(true);
    expect(() => new HardWindowMiner([{ ...clip('p', quiet(RATE)), row: { ...clip('p', quiet(RATE)).row, label: true } }], meta)).to.throw(RangeError, /negatives only/);
  });
});
