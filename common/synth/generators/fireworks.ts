// Fireworks (aerial shells): a launch whistle or hiss rising 0.5–2 s, then the burst — a blast whose
// positive phase (10–30 ms, large slow charge at height) is much longer than a gun's and arrives from far
// away (dull) — often followed by a crackle of many tiny pops spread over 0.5–1.5 s.
import { addInto, biquad, sweptSine, whiteNoise } from '../dsp.ts';
import { friedlander } from '../gunshot-physics.ts';
import { placeEvent } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const fireworks: CategoryGenerator = {
  name: 'fireworks',
  label: false,
  hardNegative: true,
  urbanClass: null,
  generate(ctx) {
    const { rng, rateHz, n } = ctx;
    const ev = new Float32Array(n);
    let t = 0;
    if (rng.chance(0.7)) {
      const dur = rng.uniform(0.4, 1.5);
      const m = Math.round(dur * rateHz);
      const whistle = rng.chance(0.5) ? sweptSine(m, rateHz, (i) => 1500 + 1500 * (i / m)) : biquad(whiteNoise(m, rng), 'bandpass', 3000, rateHz, 1);
      for (let i = 0; i < m; i++) whistle[i] *= 0.08 * Math.min(1, i / (0.1 * rateHz)) * (1 - 0.5 * (i / m));
      addInto(ev, whistle, 0);
      t = dur + rng.uniform(0.05, 0.3);
    }
    const boom = friedlander(rng.uniform(0.01, 0.03), rng.uniform(1, 2), rateHz);
    const tail = biquad(whiteNoise(Math.round(0.8 * rateHz), rng), 'lowpass', 600, rateHz);
    for (let i = 0; i < tail.length; i++) tail[i] *= 0.4 * Math.exp(-i / (0.25 * rateHz));
    addInto(ev, boom, t * rateHz);
    addInto(ev, tail, t * rateHz);
    if (rng.chance(0.6)) {
      const crackleStart = t + rng.uniform(0.2, 0.5);
      for (let k = 0; k < rng.int(20, 80); k++) {
        addInto(ev, Float32Array.of(1, -0.6, 0.2), (crackleStart + rng.uniform(0, 1.2)) * rateHz, rng.uniform(0.05, 0.25));
      }
    }
    return placeEvent(ctx, ev.subarray(0, Math.min(n, ev.length)), { minM: 60, maxM: 800, indoorP: 0 });
  },
};
