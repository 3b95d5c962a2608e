// Fold handling with the one rule that matters: slices of one recording (same ID) never straddle a split.
import seedrandom from 'seedrandom';
import type { ClipRow } from './types.ts';

/** Rows split by fold. */
export interface FoldSplit<R> {
  train: R[];
  test: R[];
  /** Training rows left out because their ID is also in the test folds (only with dropSharedFromTrain). */
  dropped?: R[];
}

/**
 * Puts rows whose fold is in `testFolds` in `test`, the rest in `train`. Throws if an ID has rows on both
 * sides (a leak: the model would be scored on slices of recordings it trained on), naming the ID, its
 * folds and a CSV line of each side. With `dropSharedFromTrain`, such an ID's training rows are dropped
 * instead (listed in `dropped`): the test folds stay as the dataset defines them (UrbanSound8K has two
 * recordings in two folds) and nothing leaks.
 */
export function splitByFolds<R extends Pick<ClipRow, 'id' | 'fold' | 'line'>>(rows: R[], testFolds: number[], dropSharedFromTrain = false): FoldSplit<R> {
  if (testFolds.length === 0) throw new RangeError('splitByFolds: testFolds must name at least one fold, got []');
  const test = new Set(testFolds);
  const split: FoldSplit<R> = { train: [], test: [] };
  const side = new Map<string, R>();
  for (const r of rows) {
    const isTest = test.has(r.fold);
    const seen = side.get(r.id);
    if (seen && test.has(seen.fold) !== isTest && !dropSharedFromTrain) {
      throw new Error(
        `splitByFolds: ID '${r.id}' is on both sides (fold ${seen.fold} at line ${seen.line}, fold ${r.fold} at line ${r.line}); test folds ${testFolds.join(',')}`,
      );
    }
    if (!seen) side.set(r.id, r);
    (isTest ? split.test : split.train).push(r);
  }
  if (dropSharedFromTrain) {
    const testIds = new Set(split.test.map((r) => r.id));
    split.dropped = split.train.filter((r) => testIds.has(r.id));
    split.train = split.train.filter((r) => !testIds.has(r.id));
  }
  return split;
}

/**
 * Assigns each distinct ID a fold in 1..nFolds (UrbanSound8K numbers folds from 1), balancing the number
 * of rows per fold: groups are placed largest first (ties in seeded random order) into the fold with the
 * fewest rows so far (ties at random). `ids` is one entry per row, so repeated IDs weigh more. Deterministic by `seed`.
 */
export function assignFoldsGrouped(ids: string[], nFolds: number, seed: string | number): Map<string, number> {
  if (!Number.isInteger(nFolds) || nFolds < 1 || nFolds > 1000) throw new RangeError(`assignFoldsGrouped: nFolds must be an integer 1..1000, got ${nFolds}`);
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const rng = seedrandom(String(seed));
  const groups = [...counts].map(([id, n]) => ({ id, n, tie: rng() }));
  groups.sort((a, b) => b.n - a.n || a.tie - b.tie);
  const load = new Array<number>(nFolds).fill(0);
  const out = new Map<string, number>();
  for (const g of groups) {
    // Ties broken at random: otherwise small inputs would always fill folds 1, 2, … first, and a caller
    // using folds 1..k as its test set (per category, say) would get far more than k/nFolds of the rows.
    const least = Math.min(...load);
    const candidates = load.flatMap((l, f) => (l === least ? [f] : []));
    const best = candidates[Math.floor(rng() * candidates.length)];
    load[best] += g.n;
    out.set(g.id, best + 1);
  }
  return out;
}
