import { expect } from 'chai';
import { rateCheck } from '../../../common/scoring/rate-check.ts';
import type { Clip } from '../../../common/data/types.ts';
import type { Predictor } from '../../../trainer/predict.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../common/features/spec.ts';

const RATE = 16000;
const tone = (hz: number) => Float32Array.from({ length: RATE }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / RATE));
const clip = (samples: Float32Array, label: boolean): Clip => ({
  row: { sliceFileName: 'x.wav', id: 'x', fold: 1, label, line: 2, extra: {} }, path: 'x.wav', samples, sampleRateHz: RATE, sourceRateHz: RATE,
});

/** A stand-in model that keys on high frequencies: its score is the RMS of the first difference (0.65 for a 6 kHz tone of amplitude 0.5, 0.14 at 1 kHz). */
function bandKeyed(): Predictor {
  const score = (x: Float32Array) => {
    let d = 0;
    for (let i = 1; i < x.length; i++) d += (x[i] - x[i - 1]) ** 2;
    return Math.sqrt(d / (x.length - 1));
  };
  return {
    meta: { name: 'band', createdAt: '', featureSpec: DEFAULT_FEATURE_SPEC, window: { frames: 49, hopFrames: 10 }, norm: { mean: [], std: [], clip: 8 }, threshold: 0.5, architecture: {} },
    backend: 'test',
    predictClips: async (clips) => clips.map((x) => ({ score: score(x), windowScores: [] })),
    dispose: () => {},
  };
}

describe('scoring/rate-check: the same clip through a lower rate', () => {
  it('reports the decisions a band-limit cue changes', async () => {
    // 6 kHz: above an 8 kHz recording's Nyquist, so the copy loses it; 1 kHz passes unchanged.
    const r = await rateCheck(bandKeyed(), [clip(tone(6000), true), clip(tone(1000), false)], 8000);
    expect(r.n).to.equal(2);
    expect(r.agreement).to.equal(0.5);
    expect(r.f1Original).to.equal(1);
    expect(r.f1Resampled).to.equal(0);
    expect(r.meanAbsScoreChange).to.be.above(0.3);
  });

  it('refuses a rate at or above the model\'s', async () => {
    const err = await rateCheck(bandKeyed(), [clip(tone(1000), false)], 16000).then(() => null, (e: Error) => e);
    expect(err?.message).to.match(/--rate-check must be an integer rate in Hz from 1000 to below the model's 16000, got 16000/);
  });
});
