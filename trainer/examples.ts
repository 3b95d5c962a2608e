import type { Clip } from '../common/data/types.ts';
import type { Rng } from '../common/synth/rng.ts';

/** Categories that are a place's sound rather than an event: besides being negatives, they serve as noise beds. */
const BACKGROUND_CATEGORIES = new Set([
  'forest_background', 'air_conditioner', 'engine_idling', 'street_music', 'children_playing', 'rain', 'wind',
  'crowd', 'traffic', 'background', 'ambience', 'ambient',
]);

/** True when a negative clip's category is a background (place) sound, usable as a noise bed in augmentation. */
export function isBackground(clip: Clip): boolean {
  return !clip.row.label && BACKGROUND_CATEGORIES.has((clip.row.extra.category ?? '').toLowerCase());
}

/**
 * The training clips in two pools, positives and negatives. Every negative clip is equally likely to be
 * drawn: an earlier over-sampling of "hard" categories (half of all negative draws) let a few dozen
 * fireworks and explosion clips crowd out the hundreds of ordinary negatives of the real corpus, and cost
 * UrbanSound8K's held-out folds most of their precision (docs/METHOD.md, "Real sound").
 */
export interface ExamplePools {
  positives: Clip[];
  negatives: Clip[];
}

/** Sorts clips into pools. Throws when there are no positives or no negatives at all. */
export function poolClips(clips: Clip[]): ExamplePools {
  const pools: ExamplePools = { positives: [], negatives: [] };
  for (const c of clips) (c.row.label ? pools.positives : pools.negatives).push(c);
  if (pools.positives.length === 0) throw new RangeError('training data has no positive (gunshot) clips');
  if (pools.negatives.length === 0) throw new RangeError('training data has no negative clips');
  return pools;
}

/** Draws one clip: a positive with probability `positiveShare`, else a negative, each clip of a pool equally likely. */
export function drawClip(pools: ExamplePools, positiveShare: number, rng: Rng): Clip {
  return rng.pick(rng.chance(positiveShare) ? pools.positives : pools.negatives);
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
