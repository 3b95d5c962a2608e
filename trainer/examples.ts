import type { Clip } from '../common/data/types.ts';
import type { Rng } from '../common/synth/rng.ts';

/** Categories that sound like a shot to people and models: over-sampled among the negatives. */
const HARD_CATEGORIES = new Set([
  'firework', 'fireworks', 'firecracker', 'firecrackers', 'explosion', 'balloon', 'balloon_pop', 'bag_pop', 'pop',
  'door', 'door_slam', 'clap', 'hand_claps', 'hand_clap', 'backfire', 'car_backfire', 'hammer', 'hammering',
  'thunder', 'falling', 'falling_object', 'impact', 'wood_crack', 'gun_handling', 'reload',
]);

/** Categories that are a place's sound rather than an event: besides being negatives, they serve as noise beds. */
const BACKGROUND_CATEGORIES = new Set([
  'forest_background', 'air_conditioner', 'engine_idling', 'street_music', 'children_playing', 'rain', 'wind',
  'crowd', 'traffic', 'background', 'ambience', 'ambient',
]);

/** True when a negative clip's category is a background (place) sound, usable as a noise bed in augmentation. */
export function isBackground(clip: Clip): boolean {
  return !clip.row.label && BACKGROUND_CATEGORIES.has((clip.row.extra.category ?? '').toLowerCase());
}

/** True when a clip's CSV row marks it a hard negative (column `hard_negative`) or its category is one. */
export function isHardNegative(clip: Clip): boolean {
  if (clip.row.label) return false;
  const flag = (clip.row.extra.hard_negative ?? '').toLowerCase();
  if (flag === 'true' || flag === '1' || flag === 'yes') return true;
  return HARD_CATEGORIES.has((clip.row.extra.category ?? '').toLowerCase());
}

/** The training clips in three pools, for balanced sampling. */
export interface ExamplePools {
  positives: Clip[];
  hardNegatives: Clip[];
  otherNegatives: Clip[];
}

/** Sorts clips into pools. Throws when there are no positives or no negatives at all. */
export function poolClips(clips: Clip[]): ExamplePools {
  const pools: ExamplePools = { positives: [], hardNegatives: [], otherNegatives: [] };
  for (const c of clips) {
    if (c.row.label) pools.positives.push(c);
    else if (isHardNegative(c)) pools.hardNegatives.push(c);
    else pools.otherNegatives.push(c);
  }
  if (pools.positives.length === 0) throw new RangeError('training data has no positive (gunshot) clips');
  if (pools.hardNegatives.length + pools.otherNegatives.length === 0) throw new RangeError('training data has no negative clips');
  return pools;
}

/** Draws one clip: a positive with probability `positiveShare`, else a hard negative with `hardShare`. */
export function drawClip(pools: ExamplePools, positiveShare: number, hardShare: number, rng: Rng): Clip {
  if (rng.chance(positiveShare)) return rng.pick(pools.positives);
  const hard = pools.hardNegatives.length > 0 && (pools.otherNegatives.length === 0 || rng.chance(hardShare));
  return rng.pick(hard ? pools.hardNegatives : pools.otherNegatives);
}

/**
 * Splits clips into train and validation by ID (never one ID on both sides), stratified: a `fraction` of
 * the positive IDs and of the negative IDs go to validation, chosen by the seeded rng.
 */
export function splitTrainVal(clips: Clip[], fraction: number, rng: Rng): { train: Clip[]; val: Clip[] } {
  const idLabel = new Map<string, boolean>();
  for (const c of clips) idLabel.set(c.row.id, (idLabel.get(c.row.id) ?? false) || c.row.label);
  const valIds = new Set<string>();
  for (const want of [true, false]) {
    const ids = [...idLabel].filter(([, l]) => l === want).map(([id]) => id).sort();
    for (let i = ids.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    const k = Math.max(ids.length > 1 ? 1 : 0, Math.round(ids.length * fraction));
    for (const id of ids.slice(0, k)) valIds.add(id);
  }
  return {
    train: clips.filter((c) => !valIds.has(c.row.id)),
    val: clips.filter((c) => valIds.has(c.row.id)),
  };
}
