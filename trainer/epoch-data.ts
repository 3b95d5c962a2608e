import type { Clip } from '../common/data/types.ts';
import { MfccExtractor } from '../common/features/mfcc.ts';
import { makeRng, type Rng } from '../common/synth/rng.ts';
import type { AugmentConfig } from './augment/config.ts';
import { augmentExample } from './augment/pipeline.ts';
import { drawClip, type ExamplePools } from './examples.ts';
import type { ModelMeta } from './model-meta.ts';
import { inputSize, modelInputInto, windowSamples } from './windows.ts';

/** Everything needed to draw epochs of augmented examples; plain data, so it can cross to a worker. */
export interface EpochRecipe {
  pools: ExamplePools;
  meta: Pick<ModelMeta, 'featureSpec' | 'window' | 'norm'>;
  augment: AugmentConfig;
  positiveShare: number;
  seed: number;
}

export interface EpochBatch { x: Float32Array; y: Float32Array }

/**
 * Examples per chunk of a chunked epoch. Each chunk draws from its own random stream, so the chunks of an
 * epoch can be made in any order, on any number of threads, and always give the same epoch.
 */
export const EPOCH_CHUNK = 256;

/** Chunks of a chunked epoch of `n` examples. */
export function epochChunks(n: number): number {
  return Math.ceil(n / EPOCH_CHUNK);
}

/** Fills x (count × frames × nMfcc) and y (count) with augmented examples drawn from `rng`'s stream. */
function drawExamples(r: EpochRecipe, rng: Rng, x: Float32Array, y: Float32Array, extractor: MfccExtractor): void {
  const { frames } = r.meta.window;
  const nMfcc = r.meta.featureSpec.nMfcc;
  const size = inputSize(r.meta.window, nMfcc);
  const length = windowSamples(r.meta.featureSpec, r.meta.window);
  for (let i = 0; i < y.length; i++) {
    const clip: Clip = drawClip(r.pools, r.positiveShare, rng);
    const { samples } = augmentExample(clip.samples, clip.row.label, length, r.meta.featureSpec.sampleRateHz, r.augment, rng);
    const m = extractor.computeFlat(samples);
    const dst = x.subarray(i * size, (i + 1) * size);
    modelInputInto(m.data.subarray(0, frames * nMfcc), dst, r.meta.norm, nMfcc, r.meta.window);
    y[i] = clip.row.label ? 1 : 0;
  }
}

const windowSize = (r: EpochRecipe) => inputSize(r.meta.window, r.meta.featureSpec.nMfcc);

/**
 * One epoch of `n` balanced, freshly augmented, normalised windows (N × frames × nMfcc) and labels, from
 * one random stream per epoch (the sequential stream: one thread makes it). Deterministic in (seed, epoch)
 * alone, so it gives the same data in a worker or on the main thread.
 */
export function makeEpoch(r: EpochRecipe, epoch: number, n: number, extractor = new MfccExtractor(r.meta.featureSpec)): EpochBatch {
  const x = new Float32Array(n * windowSize(r));
  const y = new Float32Array(n);
  drawExamples(r, makeRng(`${r.seed}:epoch:${epoch}`), x, y, extractor);
  return { x, y };
}

/**
 * Chunk `chunk` of the chunked epoch `epoch` of `n` examples: examples [chunk·EPOCH_CHUNK, …) from the
 * chunk's own stream. Deterministic in (seed, epoch, chunk).
 */
export function makeEpochChunk(r: EpochRecipe, epoch: number, chunk: number, n: number, extractor = new MfccExtractor(r.meta.featureSpec)): EpochBatch {
  const count = Math.min(n, (chunk + 1) * EPOCH_CHUNK) - chunk * EPOCH_CHUNK;
  if (!(Number.isInteger(chunk) && chunk >= 0 && count > 0)) throw new RangeError(`chunk must be an integer 0..${epochChunks(n) - 1} for an epoch of ${n} examples, got ${chunk}`);
  const x = new Float32Array(count * windowSize(r));
  const y = new Float32Array(count);
  drawExamples(r, makeRng(`${r.seed}:epoch:${epoch}:chunk:${chunk}`), x, y, extractor);
  return { x, y };
}

/** A whole chunked epoch made on this thread: what a pool of workers assembles, chunk by chunk. */
export function makeChunkedEpoch(r: EpochRecipe, epoch: number, n: number, extractor = new MfccExtractor(r.meta.featureSpec)): EpochBatch {
  const x = new Float32Array(n * windowSize(r));
  const y = new Float32Array(n);
  for (let c = 0; c < epochChunks(n); c++) {
    const part = makeEpochChunk(r, epoch, c, n, extractor);
    x.set(part.x, c * EPOCH_CHUNK * windowSize(r));
    y.set(part.y, c * EPOCH_CHUNK);
  }
  return { x, y };
}
