// Shotgun: large, slow-burning charge in a wide bore → long positive phase, darker and heavier tail.
import { muzzleBlast } from '../gunshot-physics.ts';
import { renderShots } from './gunshot-common.ts';
import type { CategoryGenerator } from '../types.ts';

export const gunshotShotgun: CategoryGenerator = {
  name: 'gunshot_shotgun',
  label: true,
  hardNegative: false,
  urbanClass: 'gun_shot',
  generate(ctx) {
    const { rng, scene, rateHz } = ctx;
    const weapon = { positivePhaseMs: scene.uniform(3, 6), tailMs: scene.uniform(40, 150), tailLevel: scene.uniform(0.4, 0.8), tailCutoffHz: scene.uniform(1200, 3500) };
    const count = rng.chance(0.75) ? 1 : 2; // double barrel or pump follow-up
    const shots = [{ at: 0, wave: muzzleBlast(weapon, rng, rateHz) }];
    if (count === 2) shots.push({ at: rng.uniform(0.3, 1.2), wave: muzzleBlast(weapon, rng, rateHz) });
    return renderShots(ctx, shots);
  },
};
