// Jackhammer: a pneumatic piston striking 15–25 times per second in bursts of 0.5–3 s; every blow is a
// short metallic impact (ringing modes of the steel bit) with broadband noise.
import { addInto, biquad, modalStrike, whiteNoise } from '../dsp.ts';
import { placeContinuous } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const jackhammer: CategoryGenerator = {
  name: 'jackhammer',
  label: false,
  hardNegative: false,
  urbanClass: 'jackhammer',
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const rate = scene.uniform(15, 25);
    const modes: [number, number, number][] = [1, 2.7, 5.1].map((m) => [scene.uniform(700, 1400) * m, 1 / m, 0.015]);
    const blow = modalStrike(modes, 0.04, rateHz);
    const x = new Float32Array(n);
    let t = rng.uniform(0, 0.5);
    while (t * rateHz < n) {
      const burst = rng.uniform(0.5, 3);
      for (let b = 0; b < burst * rate; b++) {
        const noise = biquad(whiteNoise(Math.round(0.02 * rateHz), rng), 'highpass', 1000, rateHz);
        for (let i = 0; i < noise.length; i++) noise[i] *= 0.3 * Math.exp(-i / (0.004 * rateHz));
        addInto(x, blow, (t + b / rate) * rateHz, rng.uniform(0.8, 1));
        addInto(x, noise, (t + b / rate) * rateHz);
      }
      t += burst + rng.uniform(0.2, 1);
    }
    return placeContinuous(ctx, x, { minM: 3, maxM: 40, indoorP: 0 });
  },
};
