// Hand claps: the cavity between cupped palms rings briefly (a band-passed noise burst around 1–3 kHz,
// ~5–10 ms) — one person clapping a rhythm (2–5 Hz) or a few people out of sync.
import { addInto, biquad, whiteNoise } from '../dsp.ts';
import { placeEvent } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const handClaps: CategoryGenerator = {
  name: 'hand_claps',
  label: false,
  hardNegative: true,
  urbanClass: null,
  generate(ctx) {
    const { rng, rateHz, n } = ctx;
    const ev = new Float32Array(n);
    const people = rng.chance(0.7) ? 1 : rng.int(2, 5);
    for (let p = 0; p < people; p++) {
      const resonance = rng.uniform(900, 2800);
      const period = 1 / rng.uniform(2, 5);
      const count = rng.int(1, 12);
      for (let k = 0, t = rng.uniform(0, 0.3); k < count; k++, t += period * rng.uniform(0.95, 1.05)) {
        const clap = biquad(whiteNoise(Math.round(0.03 * rateHz), rng), 'bandpass', resonance * rng.uniform(0.9, 1.1), rateHz, 2);
        const decay = rng.uniform(0.003, 0.004) * rateHz;
        for (let i = 0; i < clap.length; i++) clap[i] *= Math.exp(-i / decay);
        addInto(ev, clap, t * rateHz, rng.uniform(0.6, 1));
      }
    }
    return placeEvent(ctx, ev, { minM: 1, maxM: 30, indoorP: 0.5 });
  },
};
