// Handgun: short positive phase (small charge, short barrel), subsonic bullet in most calibres (no crack),
// fired singly or as a quick semi-automatic string.
import { muzzleBlast } from '../gunshot-physics.ts';
import { renderShots } from './gunshot-common.ts';
import type { CategoryGenerator } from '../types.ts';

export const gunshotPistol: CategoryGenerator = {
  name: 'gunshot_pistol',
  label: true,
  hardNegative: false,
  urbanClass: 'gun_shot',
  generate(ctx) {
    const { rng, scene, rateHz } = ctx;
    const weapon = { positivePhaseMs: scene.uniform(0.8, 2), tailMs: scene.uniform(15, 60), tailLevel: scene.uniform(0.2, 0.6), tailCutoffHz: scene.uniform(2500, 6000) };
    const count = rng.chance(0.6) ? 1 : rng.int(2, 5);
    let t = 0;
    const shots = [];
    for (let k = 0; k < count; k++) {
      shots.push({ at: t, wave: muzzleBlast(weapon, rng, rateHz) });
      t += rng.uniform(0.15, 0.6); // semi-automatic: one trigger pull each
    }
    return renderShots(ctx, shots);
  },
};
