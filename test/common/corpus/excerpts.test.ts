import { expect } from 'chai';
import seedrandom from 'seedrandom';
import { detectOnsets } from '../../../common/corpus/onsets.ts';
import { cutAtOnsets, cutSlices } from '../../../common/corpus/excerpts.ts';
import { measureAudio } from '../../../common/corpus/measure.ts';

const RATE = 16000;

/** Gaussian-ish noise at `amp` plus decaying broadband impulses (shots) at the given times. */
function shotsInNoise(durS: number, onsetsS: number[], noiseAmp = 0.003, seed = 'shots'): Float32Array {
  const rng = seedrandom(seed);
  const x = new Float32Array(Math.round(durS * RATE));
  for (let i = 0; i < x.length; i++) x[i] = noiseAmp * (rng() + rng() + rng() - 1.5);
  for (const t of onsetsS) {
    const a = Math.round(t * RATE);
    for (let i = 0; a + i < x.length && i < 0.3 * RATE; i++) x[a + i] += 0.8 * Math.exp(-i / (0.03 * RATE)) * (2 * rng() - 1);
  }
  return x;
}

describe('corpus/onsets and excerpts on generated audio', () => {
  it('finds each impulse onset within one 10 ms frame', () => {
    const truth = [0.5, 1.7, 3.05, 6.2];
    const found = detectOnsets(shotsInNoise(8, truth), RATE);
    expect(found).to.have.length(truth.length);
    found.forEach((t, k) => expect(Math.abs(t - truth[k])).to.be.at.most(0.011));
  });

  it('cuts one excerpt per shot, starting shortly before the onset and at most 4 s long', () => {
    const truth = [0.5, 1.7, 3.05, 6.2];
    const spans = cutAtOnsets(shotsInNoise(12, truth), RATE);
    expect(spans).to.have.length(truth.length);
    spans.forEach((s, k) => {
      expect(truth[k] - s.startS).to.be.within(0.03, 0.07); // 50 ms pre-roll, ± one frame
      expect(s.endS - s.startS).to.be.greaterThan(0.2).and.at.most(4);
    });
  });

  it('keeps a burst of closely spaced rounds (level never falls back) as one onset', () => {
    const rng = seedrandom('burst');
    const x = new Float32Array(3 * RATE);
    for (let i = 0; i < x.length; i++) x[i] = 0.002 * (rng() - 0.5);
    // 10 rounds at 15 rounds/s with a sustained body between them (as reverberant automatic fire has).
    for (let i = Math.round(0.5 * RATE); i < Math.round(1.2 * RATE); i++) x[i] += 0.3 * (2 * rng() - 1) * (1 + 0.5 * Math.sin(2 * Math.PI * 15 * (i / RATE)));
    const on = detectOnsets(x, RATE);
    expect(on).to.have.length(1);
    expect(Math.abs(on[0] - 0.5)).to.be.at.most(0.011);
  });

  it('respects maxPerFile and falls back to one excerpt for a slow fade-in', () => {
    expect(cutAtOnsets(shotsInNoise(8, [0.5, 1.7, 3.05, 6.2]), RATE, { maxPerFile: 2 })).to.have.length(2);
    const fade = new Float32Array(2 * RATE).map((_, i) => 0.5 * (i / (2 * RATE)) * Math.sin(i * 0.3));
    const spans = cutAtOnsets(fade, RATE);
    expect(spans).to.have.length(1);
    expect(spans[0].endS - spans[0].startS).to.be.at.most(4);
  });

  it('drops event excerpts shorter than minEventS (a 5 ms click in a 10 ms file)', () => {
    const click = new Float32Array(160);
    for (let i = 0; i < 80; i++) click[i] = 0.5;
    expect(cutAtOnsets(click, RATE)).to.have.length(0);
    expect(cutAtOnsets(click, RATE, { minEventS: 0 })).to.have.length(1);
  });

  it('cuts a long ambient file into several ≤ 4 s slices and drops silent ones', () => {
    const rng = seedrandom('rain');
    const x = new Float32Array(15 * RATE);
    for (let i = 0; i < x.length; i++) x[i] = i < 8 * RATE || i >= 12 * RATE ? 0.1 * (rng() - 0.5) : 0;
    const spans = cutSlices(x, RATE);
    // 0-4, 4-8 loud; 8-12 silent (dropped); 12-15 loud (3 s ≥ 1 s minimum).
    expect(spans.map((s) => [s.startS, s.endS])).to.deep.equal([[0, 4], [4, 8], [12, 15]]);
    expect(cutSlices(x, RATE, { maxPerFile: 2 })).to.have.length(2);
  });

  it('rejects out-of-range options with the name and the range', () => {
    expect(() => cutAtOnsets(new Float32Array(100), RATE, { maxS: 40 })).to.throw(/maxS must be 0.5..30, got 40/);
    expect(() => detectOnsets(new Float32Array(100), RATE, { riseDb: 1 })).to.throw(/riseDb must be 3..60, got 1/);
  });

  it('measures a shot as sharp and a low hum as soft and dark', () => {
    const shot = measureAudio(shotsInNoise(1, [0.2]), RATE);
    const hum = measureAudio(new Float32Array(RATE).map((_, i) => 0.3 * Math.sin((2 * Math.PI * 100 * i) / RATE) * Math.min(1, i / 8000)), RATE);
    expect(shot.attackDb).to.be.greaterThan(30);
    expect(hum.attackDb).to.be.lessThan(30);
    expect(shot.centroidHz).to.be.greaterThan(hum.centroidHz * 5);
  });
});
