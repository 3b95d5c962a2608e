import type { Rng } from './rng.ts';

/** What a category generator gets: its random streams, the rate and the clip length to fill. */
export interface GeneratorContext {
  /** Per-clip randomness (event details). */
  rng: Rng;
  /** Per-recording randomness (distance, room, source identity): slices of one recording share it. */
  scene: Rng;
  /** Output rate, in Hz. */
  rateHz: number;
  /** Clip length to produce, in samples. */
  n: number;
}

/** One synthetic sound category. `generate` returns exactly ctx.n samples with the event(s) inside. */
export interface CategoryGenerator {
  /** Category id written to the CSV's `category` column (snake_case). */
  name: string;
  /** true = gunshot. */
  label: boolean;
  /** true = a negative that sounds impulsive/gunshot-like (the confusions that matter). */
  hardNegative: boolean;
  /** UrbanSound8K class name when the category stands for one, else null. */
  urbanClass: string | null;
  generate(ctx: GeneratorContext): Float32Array;
}
