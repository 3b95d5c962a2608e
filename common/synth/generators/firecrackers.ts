// Firecrackers: a string of small flash-powder charges popping at irregular 20–200 ms intervals. Each pop
// is a sharp, very short blast (positive phase 0.3–1 ms) with little tail: the most gun-like negative.
import { addInto, biquad, whiteNoise } from '../dsp.ts';
import { friedlander } from '../gunshot-physics.ts';
import { placeEvent } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const firecrackers: CategoryGenerator = {
  name: 'firecrackers',
  label: false,
  hardNegative: true,
  urbanClass: null,
  generate(ctx) {
    const { rng, rateHz, n } = ctx;
    const ev = new Float32Array(n);
    const single = rng.chance(0.25);
    const count = single ? 1 : rng.int(5, 40);
    let t = 0;
    for (let k = 0; k < count && t * rateHz < n; k++) {
      const pop = friedlander(rng.uniform(0.0003, 0.001), rng.uniform(1, 3), rateHz);
      const fizz = biquad(whiteNoise(Math.round(0.03 * rateHz), rng), 'highpass', 2000, rateHz);
      for (let i = 0; i < fizz.length; i++) fizz[i] *= 0.15 * Math.exp(-i / (0.006 * rateHz));
      const a = rng.uniform(0.4, 1);
      addInto(ev, pop, t * rateHz, a);
      addInto(ev, fizz, t * rateHz, a);
      t += rng.uniform(0.02, 0.2);
    }
    return placeEvent(ctx, ev, { minM: 3, maxM: 100, indoorP: 0.05 });
  },
};
