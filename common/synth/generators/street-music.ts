// Street music: a melody on a pentatonic scale (plucked/bowed harmonic notes with an attack-decay
// envelope), sometimes with a bass line and a soft percussion tick on the beat.
import { addInto, biquad, whiteNoise } from '../dsp.ts';
import { placeContinuous } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

const PENTATONIC = [0, 2, 4, 7, 9, 12, 14, 16];

function note(freq: number, durS: number, rateHz: number, bright: number): Float32Array {
  const n = Math.round(durS * rateHz);
  const x = new Float32Array(n);
  for (let h = 1; h <= 6; h++) {
    if (freq * h > rateHz / 2) break;
    for (let i = 0; i < n; i++) x[i] += (Math.pow(bright, h - 1) / h) * Math.sin((2 * Math.PI * freq * h * i) / rateHz);
  }
  for (let i = 0; i < n; i++) x[i] *= Math.min(1, i / (0.01 * rateHz)) * Math.exp(-i / (0.35 * durS * rateHz));
  return x;
}

export const streetMusic: CategoryGenerator = {
  name: 'street_music',
  label: false,
  hardNegative: false,
  urbanClass: 'street_music',
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const root = scene.uniform(196, 392);
    const beat = 60 / scene.uniform(80, 140);
    const bright = scene.uniform(0.3, 0.8);
    const x = new Float32Array(n);
    for (let t = 0, k = 0; t * rateHz < n; t += beat / 2, k++) {
      if (rng.chance(0.8)) addInto(x, note(root * 2 ** (rng.pick(PENTATONIC) / 12), beat * rng.pick([0.5, 1, 1.5]), rateHz, bright), t * rateHz, 0.6);
      if (k % 2 === 0) addInto(x, note(root / 2, beat, rateHz, 0.2), t * rateHz, 0.5);
      if (k % 2 === 0 && scene.chance(0.5)) {
        const tick = biquad(whiteNoise(Math.round(0.03 * rateHz), rng), 'highpass', 3000, rateHz);
        for (let i = 0; i < tick.length; i++) tick[i] *= 0.15 * Math.exp(-i / (0.006 * rateHz));
        addInto(x, tick, t * rateHz);
      }
    }
    return placeContinuous(ctx, x, { minM: 3, maxM: 40, indoorP: 0.1 });
  },
};
