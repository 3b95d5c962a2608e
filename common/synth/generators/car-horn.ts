// Car horn: two vibrating-diaphragm horns a third apart (~400 and ~500 Hz), rich in odd harmonics
// (square-like), blown for 0.2–1.5 s, sometimes twice.
import { biquad, sweptSine } from '../dsp.ts';
import { placeEvent } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const carHorn: CategoryGenerator = {
  name: 'car_horn',
  label: false,
  hardNegative: false,
  urbanClass: 'car_horn',
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const f0 = scene.uniform(330, 480);
    const blasts = rng.chance(0.6) ? 1 : 2;
    const total = Math.min(n, Math.round(rng.uniform(0.4, 2.5) * rateHz));
    const ev = new Float32Array(total);
    const on = Math.round((total / blasts) * rng.uniform(0.5, 0.85));
    for (let b = 0; b < blasts; b++) {
      const start = Math.round((b * total) / blasts);
      for (const f of [f0, f0 * 1.26]) {
        const s = sweptSine(on, rateHz, () => f);
        for (let i = 0; i < on && start + i < total; i++) {
          const sq = Math.tanh(4 * s[i]); // saturated diaphragm → odd harmonics
          ev[start + i] += sq * Math.min(1, i / 160, (on - i) / 160);
        }
      }
    }
    return placeEvent(ctx, biquad(ev, 'bandpass', scene.uniform(1500, 3000), rateHz, 0.5), { minM: 3, maxM: 60, indoorP: 0 });
  },
};
