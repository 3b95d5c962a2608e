// Popped balloon or paper bag: the membrane bursts and releases compressed air — one very short N-like
// pressure pulse (≤ 1 ms) with a faint rubber flap/rustle after it, usually indoors.
import { addInto, biquad, whiteNoise } from '../dsp.ts';
import { friedlander } from '../gunshot-physics.ts';
import { placeEvent } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const balloonPop: CategoryGenerator = {
  name: 'balloon_pop',
  label: false,
  hardNegative: true,
  urbanClass: null,
  generate(ctx) {
    const { rng, rateHz } = ctx;
    const ev = new Float32Array(Math.round(0.2 * rateHz));
    addInto(ev, friedlander(rng.uniform(0.0002, 0.0012), rng.uniform(0.5, 2), rateHz), 0);
    const flap = biquad(whiteNoise(ev.length, rng), 'bandpass', rng.uniform(800, 3000), rateHz, 1.5);
    const flapLevel = rng.uniform(0.02, 0.08);
    for (let i = 0; i < flap.length; i++) flap[i] *= flapLevel * Math.exp(-i / (0.03 * rateHz));
    addInto(ev, flap, 0);
    return placeEvent(ctx, ev, { minM: 0.5, maxM: 15, indoorP: 0.75 });
  },
};
