// Every synthetic category, with its label and hard-negative flag. The corpus draws from this list.
import type { CategoryGenerator } from './types.ts';
import { gunshotPistol } from './generators/gunshot-pistol.ts';
import { gunshotRifle } from './generators/gunshot-rifle.ts';
import { gunshotShotgun } from './generators/gunshot-shotgun.ts';
import { gunshotAutomatic } from './generators/gunshot-automatic.ts';
import { airConditioner } from './generators/air-conditioner.ts';
import { carHorn } from './generators/car-horn.ts';
import { childrenPlaying } from './generators/children-playing.ts';
import { dogBark } from './generators/dog-bark.ts';
import { drilling } from './generators/drilling.ts';
import { engineIdling } from './generators/engine-idling.ts';
import { jackhammer } from './generators/jackhammer.ts';
import { siren } from './generators/siren.ts';
import { streetMusic } from './generators/street-music.ts';
import { fireworks } from './generators/fireworks.ts';
import { firecrackers } from './generators/firecrackers.ts';
import { balloonPop } from './generators/balloon-pop.ts';
import { doorSlam } from './generators/door-slam.ts';
import { handClaps } from './generators/hand-claps.ts';
import { carBackfire } from './generators/car-backfire.ts';
import { hammering } from './generators/hammering.ts';
import { thunder } from './generators/thunder.ts';
import { fallingObject } from './generators/falling-object.ts';

export const CATEGORIES: readonly CategoryGenerator[] = [
  gunshotPistol, gunshotRifle, gunshotShotgun, gunshotAutomatic,
  airConditioner, carHorn, childrenPlaying, dogBark, drilling, engineIdling, jackhammer, siren, streetMusic,
  fireworks, firecrackers, balloonPop, doorSlam, handClaps, carBackfire, hammering, thunder, fallingObject,
];

export const POSITIVE_CATEGORIES = CATEGORIES.filter((c) => c.label);
export const HARD_NEGATIVE_CATEGORIES = CATEGORIES.filter((c) => !c.label && c.hardNegative);
export const OTHER_NEGATIVE_CATEGORIES = CATEGORIES.filter((c) => !c.label && !c.hardNegative);

/** The category called `name`; throws listing the known names otherwise. */
export function categoryByName(name: string): CategoryGenerator {
  const c = CATEGORIES.find((g) => g.name === name);
  if (!c) throw new RangeError(`unknown synthetic category '${name}'; known: ${CATEGORIES.map((g) => g.name).join(', ')}`);
  return c;
}
