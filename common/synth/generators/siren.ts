// Siren: an electronic/mechanical tone sweeping between ~600 and ~1500 Hz — slow "wail" (2–5 s cycle)
// or fast "yelp" (3–8 cycles/s) — with harmonics; a moving vehicle adds Doppler drift.
import { biquad, sweptSine } from '../dsp.ts';
import { placeContinuous } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const siren: CategoryGenerator = {
  name: 'siren',
  label: false,
  hardNegative: false,
  urbanClass: 'siren',
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const lo = scene.uniform(500, 800);
    const hi = lo * scene.uniform(1.8, 2.4);
    const cycleHz = scene.chance(0.5) ? scene.uniform(0.2, 0.5) : scene.uniform(3, 8);
    const doppler = rng.uniform(-0.05, 0.05);
    const phase0 = rng.uniform(0, 1);
    const f = (i: number) => (lo + (hi - lo) * (0.5 - 0.5 * Math.cos(2 * Math.PI * (phase0 + (cycleHz * i) / rateHz)))) * (1 + (doppler * i) / n);
    const s = sweptSine(n, rateHz, f);
    const x = Float32Array.from(s, (v) => Math.tanh(2 * v));
    return placeContinuous(ctx, biquad(x, 'lowpass', 5000, rateHz), { minM: 10, maxM: 300, indoorP: 0 });
  },
};
