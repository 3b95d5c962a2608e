// Rifle: supersonic bullet → a ballistic N-wave ("crack") arrives before the muzzle blast whenever the
// microphone is off the line of fire downrange; the blast has a longer positive phase and a long tail.
import { addInto } from '../dsp.ts';
import { muzzleBlast, nWave } from '../gunshot-physics.ts';
import { renderShots } from './gunshot-common.ts';
import type { CategoryGenerator } from '../types.ts';

export const gunshotRifle: CategoryGenerator = {
  name: 'gunshot_rifle',
  label: true,
  hardNegative: false,
  urbanClass: 'gun_shot',
  generate(ctx) {
    const { rng, scene, rateHz } = ctx;
    const weapon = { positivePhaseMs: scene.uniform(2, 4), tailMs: scene.uniform(30, 120), tailLevel: scene.uniform(0.3, 0.7), tailCutoffHz: scene.uniform(2000, 5000) };
    // Crack lead over the blast: the bullet outruns its own report; grows with range (5–60 ms here).
    const crackLeadS = scene.chance(0.8) ? scene.uniform(0.005, 0.06) : 0;
    const count = rng.chance(0.7) ? 1 : rng.int(2, 3);
    const shots = [];
    let t = 0;
    for (let k = 0; k < count; k++) {
      const blast = muzzleBlast(weapon, rng, rateHz);
      const lead = Math.round(crackLeadS * rateHz);
      const wave = new Float32Array(blast.length + lead);
      addInto(wave, blast, lead);
      if (lead > 0) addInto(wave, nWave(rng.uniform(150e-6, 400e-6), rateHz), 0, rng.uniform(0.4, 1.2));
      shots.push({ at: t, wave });
      t += rng.uniform(0.6, 1.5); // bolt or semi-auto, aimed
    }
    return renderShots(ctx, shots);
  },
};
