import * as tf from '@tensorflow/tfjs';
import { MfccExtractor } from '../common/features/mfcc.ts';
import { inputRows, type ModelMeta } from './model-meta.ts';
import { loadModelDir } from './io.ts';
import { normalisedWindows, padClipForWindows } from './windows.ts';
import { selectBackend } from './backend/index.ts';

export interface ClipPrediction {
  /** Clip score: the max of its window probabilities. */
  score: number;
  windowScores: number[];
}

/** A model that scores whole clips the way a board scores its stream: sliding windows, max over windows. */
export interface Predictor {
  meta: ModelMeta;
  /** Which computation runs: e.g. 'tfjs-wasm (float32)'. */
  backend: string;
  predictClips(clips: Float32Array[], onProgress?: (done: number, total: number) => void): Promise<ClipPrediction[]>;
  dispose(): void;
}

/** The model inputs (inputRows × nMfcc each) of every window of one clip at the spec's sample rate. */
export function windowsForClip(samples: Float32Array, meta: ModelMeta, extractor = new MfccExtractor(meta.featureSpec)): Float32Array[] {
  const padded = padClipForWindows(samples, meta.featureSpec, meta.window);
  return normalisedWindows(extractor.computeFlat(padded), meta.norm, meta.window);
}

/** Probabilities of a list of model inputs (rows × nMfcc each), batched, on the current tfjs backend. */
export function predictWindows(model: tf.LayersModel, windows: Float32Array[], rows: number, nMfcc: number, batch = 256): Float32Array {
  const out = new Float32Array(windows.length);
  for (let s = 0; s < windows.length; s += batch) {
    const chunk = windows.slice(s, s + batch);
    const flat = new Float32Array(chunk.length * rows * nMfcc);
    chunk.forEach((w, i) => flat.set(w, i * rows * nMfcc));
    const probs = tf.tidy(() => (model.predict(tf.tensor4d(flat, [chunk.length, rows, nMfcc, 1])) as tf.Tensor).dataSync());
    out.set(probs as Float32Array, s);
  }
  return out;
}

/** Float predictor over a tfjs model already in memory (used by the trainer for validation). */
export function floatPredictor(model: tf.LayersModel, meta: ModelMeta, backend: string): Predictor {
  const extractor = new MfccExtractor(meta.featureSpec);
  return {
    meta,
    backend: `tfjs-${backend} (float32)`,
    async predictClips(clips, onProgress) {
      const results: ClipPrediction[] = [];
      for (let i = 0; i < clips.length; i++) {
        const windows = windowsForClip(clips[i], meta, extractor);
        const probs = predictWindows(model, windows, inputRows(meta.window), meta.featureSpec.nMfcc);
        const windowScores = Array.from(probs);
        results.push({ score: Math.max(...windowScores), windowScores });
        onProgress?.(i + 1, clips.length);
      }
      return results;
    },
    dispose: () => model.dispose(),
  };
}

/**
 * Loads a model folder. Float by default; `int8` runs the exported int8 model through the TS reference
 * interpreter on the board's own feature arithmetic (what a board will say), and needs `DIR/export/`.
 */
export async function loadPredictor(modelDir: string, opts: { int8?: boolean } = {}): Promise<Predictor> {
  if (opts.int8) {
    const { loadInt8Predictor } = await import('../exporter/int8-predictor.ts');
    return loadInt8Predictor(modelDir);
  }
  const backend = await selectBackend();
  const { model, meta } = await loadModelDir(modelDir);
  return floatPredictor(model, meta, backend.name);
}
