// Engine idling: a 4-stroke engine at 600–1000 rpm fires cylinders/2 times per revolution (firing
// frequency ~20–40 Hz): a pulse train with slight cycle-to-cycle variation, through the exhaust's
// low-pass, plus mechanical noise.
import { biquad, whiteNoise } from '../dsp.ts';
import { placeContinuous } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const engineIdling: CategoryGenerator = {
  name: 'engine_idling',
  label: false,
  hardNegative: false,
  urbanClass: 'engine_idling',
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const firingHz = (scene.uniform(600, 1000) / 60) * (scene.pick([4, 6, 8]) / 2);
    const x = new Float32Array(n);
    let t = rng.uniform(0, 1 / firingHz);
    while (t * rateHz < n) {
      const i0 = Math.round(t * rateHz);
      const a = rng.uniform(0.7, 1.3);
      for (let i = 0; i < 0.015 * rateHz && i0 + i < n; i++) x[i0 + i] += a * Math.exp(-i / (0.004 * rateHz));
      t += (1 / firingHz) * (1 + 0.03 * rng.normal());
    }
    biquad(x, 'lowpass', scene.uniform(150, 400), rateHz);
    const mech = biquad(whiteNoise(n, rng), 'bandpass', scene.uniform(800, 2500), rateHz, 1);
    for (let i = 0; i < n; i++) x[i] += 0.02 * mech[i];
    return placeContinuous(ctx, x, { minM: 1, maxM: 25, indoorP: 0.1 });
  },
};
