// Car backfire: unburnt fuel igniting in the exhaust — a muffled bang (positive phase 3–10 ms, filtered
// by the silencer so little energy above ~1.5 kHz), often in a pair, over the engine's running noise.
import { addInto, biquad, whiteNoise } from '../dsp.ts';
import { friedlander } from '../gunshot-physics.ts';
import { placeEvent } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const carBackfire: CategoryGenerator = {
  name: 'car_backfire',
  label: false,
  hardNegative: true,
  urbanClass: null,
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const ev = new Float32Array(Math.min(n, Math.round(1.5 * rateHz)));
    const engine = biquad(whiteNoise(ev.length, rng), 'lowpass', 200, rateHz);
    addInto(ev, engine, 0, 0.05);
    const bangs = rng.chance(0.5) ? 1 : rng.int(2, 3);
    const muffler = scene.uniform(600, 1800);
    for (let k = 0, t = rng.uniform(0.05, 0.3); k < bangs; k++, t += rng.uniform(0.08, 0.4)) {
      const bang = friedlander(rng.uniform(0.003, 0.01), rng.uniform(1, 2.5), rateHz);
      const rumble = whiteNoise(Math.round(0.15 * rateHz), rng);
      for (let i = 0; i < rumble.length; i++) rumble[i] *= 0.2 * Math.exp(-i / (0.03 * rateHz));
      addInto(rumble, bang, 0);
      addInto(ev, biquad(rumble, 'lowpass', muffler, rateHz), t * rateHz, rng.uniform(0.6, 1));
    }
    return placeEvent(ctx, ev, { minM: 3, maxM: 150, indoorP: 0 });
  },
};
