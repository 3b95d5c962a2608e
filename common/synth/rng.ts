// Seeded randomness for the synthetic corpus: one stream per clip, so a clip's audio depends only on
// (seed, clip index) and not on how many random numbers the clips before it drew.
import seedrandom from 'seedrandom';

/** A seeded random source with the draws the generators need. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer uniform in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Log-uniform in [lo, hi): for quantities perceived on a ratio scale (distances, frequencies). */
  logUniform(lo: number, hi: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** A stream seeded by `seed` (any string; use `${seed}:<purpose>:<index>` to derive independent streams). */
export function makeRng(seed: string): Rng {
  const prng = seedrandom(seed);
  // quick(): 32 bits per draw, ~3× cheaper than double(); ample for audio synthesis.
  const next = () => prng.quick();
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    logUniform: (lo, hi) => lo * Math.exp(Math.log(hi / lo) * next()),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}
