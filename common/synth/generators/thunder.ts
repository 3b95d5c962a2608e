// Thunder: a lightning channel kilometres long; its shock waves arrive over seconds, so the sound is an
// initial crack or clap (near strikes only) then a long rumble of low-passed noise (< 200–500 Hz at
// distance) with a slowly wandering envelope.
import { addInto, biquad, whiteNoise } from '../dsp.ts';
import { friedlander } from '../gunshot-physics.ts';
import { placeContinuous } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const thunder: CategoryGenerator = {
  name: 'thunder',
  label: false,
  hardNegative: true,
  urbanClass: null,
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const near = scene.chance(0.4);
    const x = biquad(whiteNoise(n, rng), 'lowpass', near ? rng.uniform(300, 800) : rng.uniform(100, 300), rateHz);
    biquad(x, 'lowpass', near ? 900 : 350, rateHz);
    const onset = Math.round(rng.uniform(0, 0.5) * n);
    const wander = [rng.uniform(0.5, 2), rng.uniform(0.5, 2), rng.uniform(0.2, 1)];
    for (let i = 0; i < n; i++) {
      const t = (i - onset) / rateHz;
      const env = t < 0 ? 0.02 : Math.min(1, t / 0.15) * Math.exp(-t / 1.5) * (0.6 + 0.4 * Math.sin(2 * Math.PI * wander[0] * t + wander[1]) * Math.sin(2 * Math.PI * wander[2] * t));
      x[i] *= env;
    }
    if (near) addInto(x, friedlander(rng.uniform(0.005, 0.02), 1.5, rateHz), onset, rng.uniform(0.05, 0.2));
    return placeContinuous(ctx, x, { minM: 1, maxM: 2, indoorP: 0.1 });
  },
};
