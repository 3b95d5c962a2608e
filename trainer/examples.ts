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
 *
 * Positives are drawn source by source: every source (dataset) with gunshots is equally likely, then every
 * gunshot of it. Drawn clip by clip, the forest set's 622 far shots made most positive draws and the model
 * learnt one recording chain's gunshot; drawn by source, leave-one-source-out found the Kaggle weapons
 * (about 250 of 597 against 50) and scored higher on every seed measured (docs/METHOD.md, "Positives drawn
 * by source").
 */
export interface ExamplePools {
  positives: Clip[];
  negatives: Clip[];
  /** The positives grouped by the source they came from (one group when there is one source). */
  positiveSources: Clip[][];
}

/**
 * Sorts clips into pools, the positives also by `sourceOf` (e.g. the dataset a clip was loaded from; one
 * source when not given). Throws when there are no positives or no negatives at all.
 */
export function poolClips(clips: Clip[], sourceOf: (c: Clip) => string = () => ''): ExamplePools {
  const positives: Clip[] = [], negatives: Clip[] = [];
  const bySource = new Map<string, Clip[]>();
  for (const c of clips) {
    if (!c.row.label) { negatives.push(c); continue; }
    positives.push(c);
    const key = sourceOf(c);
    const group = bySource.get(key);
    if (group) group.push(c); else bySource.set(key, [c]);
  }
  if (positives.length === 0) throw new RangeError('training data has no positive (gunshot) clips');
  if (negatives.length === 0) throw new RangeError('training data has no negative clips');
  return { positives, negatives, positiveSources: [...bySource.values()] };
}

/**
 * Draws one clip: with probability `positiveShare` a positive (a source, each equally likely, then a clip
 * of it), else a negative (each negative clip equally likely).
 */
export function drawClip(pools: ExamplePools, positiveShare: number, rng: Rng): Clip {
  if (!rng.chance(positiveShare)) return rng.pick(pools.negatives);
  const sources = pools.positiveSources;
  return rng.pick(sources.length === 1 ? sources[0] : rng.pick(sources));
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
