// Children playing: several high-pitched voices (F0 250–450 Hz, high formants), syllables of varied
// length with rising/falling intonation, overlapping, plus occasional shrieks.
import { addInto } from '../dsp.ts';
import { syllable } from './voice.ts';
import { placeContinuous } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

const VOWELS: [number, number][] = [[850, 1600], [500, 2300], [350, 2800], [600, 1100], [450, 1000]];

export const childrenPlaying: CategoryGenerator = {
  name: 'children_playing',
  label: false,
  hardNegative: false,
  urbanClass: 'children_playing',
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const x = new Float32Array(n);
    const voices = scene.int(2, 6);
    for (let v = 0; v < voices; v++) {
      const f0 = scene.uniform(250, 450);
      const level = scene.uniform(0.3, 1);
      for (let t = rng.uniform(0, 0.3); t < n / rateHz; t += rng.uniform(0.15, 0.6)) {
        const [f1, f2] = rng.pick(VOWELS);
        const shriek = rng.chance(0.1) ? 1.8 : 1;
        const a = rng.uniform(0.85, 1.2);
        const b = rng.uniform(0.8, 1.25);
        const syl = syllable(rng, rateHz, rng.uniform(0.08, 0.4), (u) => f0 * shriek * (a + (b - a) * u), [[f1 * 1.2, 5, 1], [f2 * 1.2, 8, 0.6], [3800, 6, 0.2]], 0.15);
        addInto(x, syl, t * rateHz, level * shriek);
      }
    }
    return placeContinuous(ctx, x, { minM: 5, maxM: 50, indoorP: 0.15 });
  },
};
