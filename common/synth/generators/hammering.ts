// Hammering: steel head on a nail/wood/metal — an impulsive contact followed by inharmonic ringing modes
// of the struck object, repeated at 1–3 blows per second with slowly varying force.
import { addInto, biquad, modalStrike, whiteNoise } from '../dsp.ts';
import { placeEvent } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const hammering: CategoryGenerator = {
  name: 'hammering',
  label: false,
  hardNegative: true,
  urbanClass: null,
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const metal = scene.chance(0.5);
    const base = metal ? scene.uniform(1200, 3500) : scene.uniform(300, 900);
    const tau = metal ? 0.12 : 0.02;
    const modes: [number, number, number][] = [1, 2.76, 5.4, 8.9].map((m, k) => [base * m, 1 / (k + 1), tau / (k + 1)]);
    const ev = new Float32Array(n);
    const period = 1 / scene.uniform(1, 3);
    for (let t = 0, k = rng.int(2, 8); k > 0; k--, t += period * rng.uniform(0.85, 1.15)) {
      const strike = modalStrike(modes, 0.4, rateHz);
      const contact = biquad(whiteNoise(Math.round(0.004 * rateHz), rng), 'highpass', 500, rateHz);
      addInto(strike, contact, 0, 1.5);
      addInto(ev, strike, t * rateHz, rng.uniform(0.5, 1));
    }
    return placeEvent(ctx, ev, { minM: 1, maxM: 40, indoorP: 0.5 });
  },
};
