// Dog bark: a short (80–250 ms) harsh vocalisation, pitch 300–900 Hz falling, strong formants, noisy
// onset; 1–4 barks with ~0.3–0.7 s gaps. Sharp onsets make it a classic false-alarm source.
import { addInto } from '../dsp.ts';
import { syllable } from './voice.ts';
import { placeEvent } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const dogBark: CategoryGenerator = {
  name: 'dog_bark',
  label: false,
  hardNegative: false,
  urbanClass: 'dog_bark',
  generate(ctx) {
    const { rng, scene, rateHz } = ctx;
    const f0 = scene.uniform(300, 900);
    const formants: [number, number, number][] = [[scene.uniform(600, 1200), 3, 1], [scene.uniform(1800, 2800), 5, 0.5]];
    const count = rng.int(1, 4);
    const ev = new Float32Array(Math.round(count * 0.8 * rateHz));
    let t = 0;
    for (let k = 0; k < count; k++) {
      const dur = rng.uniform(0.08, 0.25);
      const bark = syllable(rng, rateHz, dur, (u) => f0 * (1.15 - 0.4 * u), formants, 0.5);
      // Bark attack: the envelope of `syllable` is slow; sharpen the first 20 ms.
      for (let i = 0; i < bark.length; i++) bark[i] *= 1 + 2 * Math.exp(-i / (0.02 * rateHz));
      addInto(ev, bark, t * rateHz, rng.uniform(0.7, 1));
      t += dur + rng.uniform(0.15, 0.5);
    }
    return placeEvent(ctx, ev, { minM: 2, maxM: 60, indoorP: 0.2 });
  },
};
