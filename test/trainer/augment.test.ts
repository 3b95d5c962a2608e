import { expect } from 'chai';
import { makeRng } from '../../common/synth/rng.ts';
import { augmentExample } from '../../trainer/augment/pipeline.ts';
import { randomBandLimit, speedPerturb } from '../../trainer/augment/chain.ts';
import { checkAugmentConfig, DEFAULT_AUGMENT } from '../../trainer/augment/config.ts';

const RATE = 16000;
const tone = (hz: number, n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / RATE));
const rms = (x: Float32Array, from = 0) => Math.sqrt(x.subarray(from).reduce((s, v) => s + v * v, 0) / (x.length - from));
/** Frequency of a clean tone from its rising zero crossings. */
function toneHz(x: Float32Array): number {
  let n = 0;
  for (let i = 1; i < x.length; i++) if (x[i - 1] < 0 && x[i] >= 0) n++;
  return (n * RATE) / x.length;
}

describe('trainer/augment: recording-chain variation', () => {
  it('speedPerturb plays a tone faster and shorter, or slower and longer, by the factor', () => {
    const x = tone(1000, RATE);
    const fast = speedPerturb(x, 1.2);
    expect(fast.length).to.equal(Math.floor((RATE - 1) / 1.2) + 1);
    expect(toneHz(fast)).to.be.closeTo(1200, 5);
    const slow = speedPerturb(x, 0.85);
    expect(toneHz(slow)).to.be.closeTo(850, 5);
    expect([...speedPerturb(x, 1)]).to.deep.equal([...x]);
    expect(() => speedPerturb(x, 3)).to.throw(RangeError, /speed factor must be 0\.5\.\.2, got 3/);
  });

  it('randomBandLimit cuts what lies outside the band it drew and keeps the middle', () => {
    let sawLow = false, sawHigh = false;
    for (let seed = 0; seed < 20; seed++) {
      const low = tone(40, RATE), mid = tone(1500, RATE), high = tone(7900, RATE);
      const done = randomBandLimit(low, makeRng(`eq${seed}`), RATE);
      randomBandLimit(mid, makeRng(`eq${seed}`), RATE);
      randomBandLimit(high, makeRng(`eq${seed}`), RATE);
      const skip = 2000; // filter start-up
      expect(rms(mid, skip) / rms(tone(1500, RATE), skip)).to.be.within(0.8, 1.05);
      if (done.highpassHz !== undefined) { sawLow = true; expect(rms(low, skip)).to.be.below(0.5 * Math.SQRT1_2); }
      if (done.lowpassHz !== undefined) { sawHigh = true; expect(rms(high, skip)).to.be.below(0.5 * Math.SQRT1_2); }
    }
    expect(sawLow && sawHigh).to.equal(true);
  });

  it('augmentExample applies them when asked, records them, and stays deterministic per seed', () => {
    const clip = tone(800, 2 * RATE).map((v, i) => (i > 8000 && i < 12000 ? v : 0));
    const cfg = { ...DEFAULT_AUGMENT, cleanProb: 0, speedProb: 1, chainEqProb: 1 };
    const a = augmentExample(clip, true, RATE, RATE, cfg, { backgrounds: [], mixNegatives: [] }, makeRng('aug'));
    const b = augmentExample(clip, true, RATE, RATE, cfg, { backgrounds: [], mixNegatives: [] }, makeRng('aug'));
    expect(a.samples.length).to.equal(RATE);
    expect([...a.samples]).to.deep.equal([...b.samples]);
    expect(a.trace.speed).to.be.within(0.85, 1.2);
    expect(a.trace.bandLimit).to.be.an('object');
    const off = augmentExample(clip, true, RATE, RATE, { ...cfg, speedProb: 0, chainEqProb: 0 }, { backgrounds: [], mixNegatives: [] }, makeRng('aug'));
    expect(off.trace.speed).to.equal(undefined);
    expect(off.trace.bandLimit).to.equal(undefined);
  });

  it('checks the speed range and the probabilities, naming the field', () => {
    expect(() => checkAugmentConfig({ ...DEFAULT_AUGMENT, speedRange: [0.4, 1] })).to.throw(RangeError, /augment\.speedRange/);
    expect(() => checkAugmentConfig({ ...DEFAULT_AUGMENT, speedRange: [1.2, 1.1] })).to.throw(RangeError, /augment\.speedRange/);
    expect(() => checkAugmentConfig({ ...DEFAULT_AUGMENT, chainEqProb: 2 })).to.throw(RangeError, /augment\.chainEqProb/);
    expect(() => checkAugmentConfig(DEFAULT_AUGMENT)).to.not.throw();
  });
});
