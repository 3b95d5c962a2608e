// Door slam: a heavy panel striking its frame — low modes of the door (50–200 Hz) and room, a wooden
// knock (400–1200 Hz), latch rattle; almost always indoors with reverberation.
import { addInto, biquad, modalStrike, whiteNoise } from '../dsp.ts';
import { placeEvent } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const doorSlam: CategoryGenerator = {
  name: 'door_slam',
  label: false,
  hardNegative: true,
  urbanClass: null,
  generate(ctx) {
    const { rng, scene, rateHz } = ctx;
    const low = scene.uniform(50, 200);
    const knock = scene.uniform(400, 1200);
    const ev = modalStrike([[low, 1, 0.08], [low * 1.6, 0.6, 0.05], [knock, 0.5, 0.02], [knock * 2.3, 0.25, 0.01]], 0.5, rateHz);
    const thump = biquad(whiteNoise(Math.round(0.01 * rateHz), rng), 'lowpass', 1500, rateHz);
    addInto(ev, thump, 0, 0.8);
    if (rng.chance(0.6)) {
      const rattle = biquad(whiteNoise(Math.round(0.15 * rateHz), rng), 'bandpass', rng.uniform(2000, 4000), rateHz, 3);
      for (let i = 0; i < rattle.length; i++) rattle[i] *= 0.15 * Math.exp(-i / (0.04 * rateHz));
      addInto(ev, rattle, rng.uniform(0.005, 0.03) * rateHz);
    }
    return placeEvent(ctx, ev, { minM: 1, maxM: 20, indoorP: 0.85 });
  },
};
