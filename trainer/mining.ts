// Hard-window mining. A clip is scored by its highest window, so any window of a negative clip can raise
// a false alarm (a 4 s negative has about 16). While a model trains, the miner scores the clean windows of
// the training negatives and hands back the ones scored highest, as audio, for the next epochs to draw
// (epoch-data.ts `mined`), so training sees the windows that would fool it, not only a negative's loudest.
import type * as tf from '@tensorflow/tfjs';
import type { Clip } from '../common/data/types.ts';
import { MfccExtractor, type MfccMatrix } from '../common/features/mfcc.ts';
import type { ModelMeta } from './model-meta.ts';
import { predictWindows } from './predict.ts';
import { normaliseInto, padClipForWindows, windowCount, windowSamples } from './windows.ts';

/** Settings of the miner. */
export interface MiningConfig {
  /** Windows handed back per pass (the highest scored). Default 512. */
  count: number;
  /** Windows scored per pass, taken in turn from all negative windows (the others keep their last score). Default 12000. */
  perPass: number;
}

export const DEFAULT_MINING: MiningConfig = { count: 512, perPass: 12000 };

interface Entry { clip: number; window: number }

export class HardWindowMiner {
  private readonly padded: Float32Array[] = [];
  private readonly mfcc: MfccMatrix[] = [];
  private readonly entries: Entry[] = [];
  private readonly scores: Float32Array;
  private next = 0;

  constructor(negatives: readonly Clip[], private readonly meta: Pick<ModelMeta, 'featureSpec' | 'window' | 'norm'>, private readonly cfg: MiningConfig = DEFAULT_MINING) {
    if (!(Number.isInteger(cfg.count) && cfg.count >= 1)) throw new RangeError(`mining count must be an integer ≥ 1, got ${cfg.count}`);
    if (!(Number.isInteger(cfg.perPass) && cfg.perPass >= 1)) throw new RangeError(`mining perPass must be an integer ≥ 1, got ${cfg.perPass}`);
    const extractor = new MfccExtractor(meta.featureSpec);
    for (const c of negatives) {
      if (c.row.label) throw new RangeError(`mining takes negatives only; ${c.path} is a gunshot`);
      const p = padClipForWindows(c.samples, meta.featureSpec, meta.window);
      const m = extractor.computeFlat(p);
      const k = this.padded.length;
      this.padded.push(p);
      this.mfcc.push(m);
      for (let w = 0; w < windowCount(m.frames, meta.window); w++) this.entries.push({ clip: k, window: w });
    }
    // Unscored windows rank last until their turn comes.
    this.scores = new Float32Array(this.entries.length).fill(-1);
  }

  /** Negative windows the miner covers. */
  get windows(): number {
    return this.entries.length;
  }

  /**
   * Scores the next `perPass` windows with `model`, then returns the `count` best-scored windows so far as
   * audio (each one window long), highest first, with the lowest score among them.
   */
  mine(model: tf.LayersModel): { windows: Float32Array[]; minScore: number } {
    const { frames, hopFrames } = this.meta.window;
    const nMfcc = this.meta.featureSpec.nMfcc;
    const n = Math.min(this.cfg.perPass, this.entries.length);
    const idx: number[] = [];
    const inputs: Float32Array[] = [];
    for (let j = 0; j < n; j++) {
      const i = (this.next + j) % this.entries.length;
      const { clip, window } = this.entries[i];
      const start = window * hopFrames * nMfcc;
      const win = new Float32Array(frames * nMfcc);
      normaliseInto(this.mfcc[clip].data.subarray(start, start + frames * nMfcc), win, this.meta.norm, nMfcc);
      idx.push(i);
      inputs.push(win);
    }
    this.next = (this.next + n) % Math.max(1, this.entries.length);
    const probs = predictWindows(model, inputs, frames, nMfcc);
    idx.forEach((i, j) => { this.scores[i] = probs[j]; });
    const order = Array.from(this.scores.keys()).sort((a, b) => this.scores[b] - this.scores[a]).slice(0, this.cfg.count);
    const length = windowSamples(this.meta.featureSpec, this.meta.window);
    const hopSamples = hopFrames * this.meta.featureSpec.hopLength;
    const windows = order.map((i) => {
      const { clip, window } = this.entries[i];
      return this.padded[clip].slice(window * hopSamples, window * hopSamples + length);
    });
    return { windows, minScore: order.length ? this.scores[order[order.length - 1]] : 0 };
  }
}
