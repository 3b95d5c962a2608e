import { expect } from 'chai';
import { makeRng } from '../../common/synth/rng.ts';
import { augmentExample } from '../../trainer/augment/pipeline.ts';
import { checkAugmentConfig, DEFAULT_AUGMENT } from '../../trainer/augment/config.ts';

const RATE = 16000;
const tone = (hz: number, n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / RATE));
const peakOf = (x: Float32Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('trainer/augment: the training window', () => {
  it('keeps a positive\'s event inside the window, sets its level from gainDb, and is deterministic per seed', () => {
    // A 0.25 s burst at 0.5–0.75 s of a 2 s clip: the window (1 s) must contain it whole or in part.
    const clip = tone(800, 2 * RATE).map((v, i) => (i > 8000 && i < 12000 ? v : 0));
    const cfg = { ...DEFAULT_AUGMENT, narrowbandProb: 0 };
    for (let k = 0; k < 20; k++) {
      const a = augmentExample(clip, true, RATE, RATE, cfg, makeRng(`aug${k}`));
      const b = augmentExample(clip, true, RATE, RATE, cfg, makeRng(`aug${k}`));
      expect(a.samples.length).to.equal(RATE);
      expect([...a.samples]).to.deep.equal([...b.samples]);
      expect(a.trace.gainDb).to.be.within(DEFAULT_AUGMENT.gainDb[0], DEFAULT_AUGMENT.gainDb[1]);
      const want = Math.min(1, 0.5 * Math.pow(10, a.trace.gainDb / 20));
      expect(peakOf(a.samples)).to.be.closeTo(want, 1e-5);
      expect(a.trace.shortKept, 'positives are never cut short').to.equal(undefined);
    }
  });

  it('a window of digital silence stays silent', () => {
    const out = augmentExample(new Float32Array(RATE), false, RATE, RATE, DEFAULT_AUGMENT, makeRng('z'));
    expect(peakOf(out.samples)).to.equal(0);
  });

  it('checks the probabilities and the gain range, naming the field', () => {
    expect(() => checkAugmentConfig({ ...DEFAULT_AUGMENT, narrowbandProb: 2 })).to.throw(RangeError, /augment\.narrowbandProb/);
    expect(() => checkAugmentConfig({ ...DEFAULT_AUGMENT, shortNegativeProb: -0.1 })).to.throw(RangeError, /augment\.shortNegativeProb/);
    expect(() => checkAugmentConfig({ ...DEFAULT_AUGMENT, gainDb: [6, -20] })).to.throw(RangeError, /augment\.gainDb/);
    expect(() => checkAugmentConfig(DEFAULT_AUGMENT)).to.not.throw();
  });
});
