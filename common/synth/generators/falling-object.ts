// A falling object: first impact (modes of the object and floor) then bounces, each sooner and softer
// (coefficient of restitution e: bounce interval and velocity shrink by e each time).
import { addInto, biquad, modalStrike, whiteNoise } from '../dsp.ts';
import { placeEvent } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const fallingObject: CategoryGenerator = {
  name: 'falling_object',
  label: false,
  hardNegative: true,
  urbanClass: null,
  generate(ctx) {
    const { rng, rateHz } = ctx;
    const base = rng.logUniform(150, 3000);
    const tau = rng.uniform(0.01, 0.15);
    const modes: [number, number, number][] = [1, 1.6, 2.9, 4.3].map((m, k) => [base * m * rng.uniform(0.97, 1.03), 1 / (k + 1), tau / (1 + k / 2)]);
    const e = rng.uniform(0.3, 0.7);
    const ev = new Float32Array(Math.round(2 * rateHz));
    let t = 0;
    let v = 1;
    let gap = rng.uniform(0.15, 0.4);
    for (let k = 0; k < 8 && v > 0.05; k++) {
      const hit = modalStrike(modes, 0.5, rateHz);
      addInto(hit, biquad(whiteNoise(Math.round(0.005 * rateHz), rng), 'lowpass', 4000, rateHz), 0, 1);
      addInto(ev, hit, t * rateHz, v);
      t += gap;
      gap *= e;
      v *= e;
    }
    return placeEvent(ctx, ev, { minM: 0.5, maxM: 15, indoorP: 0.7 });
  },
};
