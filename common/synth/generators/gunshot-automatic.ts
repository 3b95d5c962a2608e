// Automatic fire: a burst at the weapon's cyclic rate (600–900 rounds/min → 67–100 ms apart, with a few
// ms of jitter), rifle-calibre blasts, cracks when supersonic.
import { addInto } from '../dsp.ts';
import { muzzleBlast, nWave } from '../gunshot-physics.ts';
import { renderShots } from './gunshot-common.ts';
import type { CategoryGenerator } from '../types.ts';

export const gunshotAutomatic: CategoryGenerator = {
  name: 'gunshot_automatic',
  label: true,
  hardNegative: false,
  urbanClass: 'gun_shot',
  generate(ctx) {
    const { rng, scene, rateHz } = ctx;
    const weapon = { positivePhaseMs: scene.uniform(1.5, 3.5), tailMs: scene.uniform(20, 70), tailLevel: scene.uniform(0.3, 0.6), tailCutoffHz: scene.uniform(2000, 5000) };
    const intervalS = 60 / scene.uniform(600, 900);
    const crackLead = scene.chance(0.6) ? Math.round(scene.uniform(0.005, 0.04) * rateHz) : 0;
    const maxShots = Math.max(3, Math.floor((ctx.n / rateHz) * 0.7 / intervalS));
    const count = rng.int(3, Math.min(15, maxShots));
    const shots = [];
    for (let k = 0; k < count; k++) {
      const blast = muzzleBlast(weapon, rng, rateHz);
      const wave = new Float32Array(blast.length + crackLead);
      addInto(wave, blast, crackLead, rng.uniform(0.8, 1));
      if (crackLead > 0) addInto(wave, nWave(rng.uniform(150e-6, 350e-6), rateHz), 0, rng.uniform(0.3, 1));
      shots.push({ at: k * intervalS + rng.uniform(-0.004, 0.004), wave });
    }
    return renderShots(ctx, shots);
  },
};
