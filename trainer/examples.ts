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

/** The training clips of one source (dataset) in three pools, for balanced sampling. */
export interface SourcePools {
  positives: Clip[];
  hardNegatives: Clip[];
  otherNegatives: Clip[];
}

/** Pools per source: sampling picks a source uniformly, so a small real corpus is not drowned by a big synthetic one. */
export interface ExamplePools extends SourcePools {
  sources: SourcePools[];
}

/**
 * Sorts clips into pools, per source (`sourceOf`, default: one source). With `poolPositives`, every
 * source shares the pooled positives, so only the negatives are balanced across sources (positives stay
 * drawn uniformly over all of them); `poolNegatives` is the mirror image (only positives balanced).
 * Throws when there are no positives or no negatives at all, or when both options are set.
 */
export function poolClips(clips: Clip[], sourceOf: (c: Clip) => string = () => '', opts: { poolPositives?: boolean; poolNegatives?: boolean } = {}): ExamplePools {
  if (opts.poolPositives && opts.poolNegatives) throw new RangeError('poolClips: poolPositives and poolNegatives exclude each other (pool everything: give no sourceOf)');
  const bySource = new Map<string, SourcePools>();
  const all: SourcePools = { positives: [], hardNegatives: [], otherNegatives: [] };
  for (const c of clips) {
    const key = sourceOf(c);
    let p = bySource.get(key);
    if (!p) bySource.set(key, (p = { positives: [], hardNegatives: [], otherNegatives: [] }));
    for (const target of [p, all]) {
      if (c.row.label) target.positives.push(c);
      else if (isHardNegative(c)) target.hardNegatives.push(c);
      else target.otherNegatives.push(c);
    }
  }
  if (all.positives.length === 0) throw new RangeError('training data has no positive (gunshot) clips');
  if (all.hardNegatives.length + all.otherNegatives.length === 0) throw new RangeError('training data has no negative clips');
  const sources = [...bySource.values()];
  if (opts.poolPositives) for (const src of sources) src.positives = all.positives;
  if (opts.poolNegatives) {
    for (const src of sources) {
      src.hardNegatives = all.hardNegatives;
      src.otherNegatives = all.otherNegatives;
    }
  }
  return { ...all, sources };
}

/**
 * Draws one clip: a positive with probability `positiveShare`, else a hard negative with `hardShare`;
 * within the chosen kind, the source is uniform among the sources that have such clips.
 */
export function drawClip(pools: ExamplePools, positiveShare: number, hardShare: number, rng: Rng): Clip {
  const from = (kind: keyof SourcePools): Clip => {
    const having = pools.sources.filter((s) => s[kind].length > 0);
    return rng.pick(rng.pick(having)[kind]);
  };
  if (rng.chance(positiveShare)) return from('positives');
  const hard = pools.hardNegatives.length > 0 && (pools.otherNegatives.length === 0 || rng.chance(hardShare));
  return from(hard ? 'hardNegatives' : 'otherNegatives');
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
