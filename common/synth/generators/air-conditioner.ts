// Air conditioner: steady broadband fan noise (pink-ish, low-passed) plus the compressor/fan hum — a few
// harmonics of the rotation or mains frequency with slow wobble. No onsets at all.
import { biquad, sweptSine, whiteNoise } from '../dsp.ts';
import { placeContinuous } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const airConditioner: CategoryGenerator = {
  name: 'air_conditioner',
  label: false,
  hardNegative: false,
  urbanClass: 'air_conditioner',
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const x = biquad(whiteNoise(n, rng), 'lowpass', scene.uniform(600, 3000), rateHz);
    const hum = scene.pick([50, 60, scene.uniform(25, 120)]);
    for (let h = 1; h <= 5; h++) {
      const amp = scene.uniform(0.2, 1.2) / h;
      const tone = sweptSine(n, rateHz, (i) => hum * h * (1 + 0.002 * Math.sin(i / rateHz)), rng.uniform(0, 6.28));
      for (let i = 0; i < n; i++) x[i] += amp * tone[i];
    }
    return placeContinuous(ctx, x, { minM: 1, maxM: 15, indoorP: 0.5 });
  },
};
