import type { Clip } from '../common/data/types.ts';
import { MfccExtractor } from '../common/features/mfcc.ts';
import { makeRng } from '../common/synth/rng.ts';
import type { AugmentConfig } from './augment/config.ts';
import { augmentExample, specAugment, type AugmentSources } from './augment/pipeline.ts';
import { drawClip, type ExamplePools } from './examples.ts';
import type { ModelMeta } from './model-meta.ts';
import { normaliseInto, windowSamples } from './windows.ts';

/** Everything needed to draw epochs of augmented examples; plain data, so it can cross to a worker. */
export interface EpochRecipe {
  pools: ExamplePools;
  sources: AugmentSources;
  meta: Pick<ModelMeta, 'featureSpec' | 'window' | 'norm'>;
  augment: AugmentConfig;
  positiveShare: number;
  hardNegativeShare: number;
  seed: number;
}

export interface EpochBatch { x: Float32Array; y: Float32Array }

/**
 * One epoch of `n` balanced, freshly augmented, normalised windows (N × frames × nMfcc) and labels.
 * Deterministic in (seed, epoch) alone, so it gives the same data in a worker or on the main thread.
 */
export function makeEpoch(r: EpochRecipe, epoch: number, n: number, extractor = new MfccExtractor(r.meta.featureSpec)): EpochBatch {
  const rng = makeRng(`${r.seed}:epoch:${epoch}`);
  const { frames } = r.meta.window;
  const nMfcc = r.meta.featureSpec.nMfcc;
  const size = frames * nMfcc;
  const length = windowSamples(r.meta.featureSpec, r.meta.window);
  const x = new Float32Array(n * size);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const clip: Clip = drawClip(r.pools, r.positiveShare, r.hardNegativeShare, rng);
    const { samples } = augmentExample(clip.samples, clip.row.label, length, r.meta.featureSpec.sampleRateHz, r.augment, r.sources, rng);
    const m = extractor.computeFlat(samples);
    const dst = x.subarray(i * size, (i + 1) * size);
    normaliseInto(m.data.subarray(0, size), dst, r.meta.norm, nMfcc);
    specAugment(dst, frames, nMfcc, r.augment, rng);
    y[i] = clip.row.label ? 1 : 0;
  }
  return { x, y };
}
