import type { FeatureSpec } from '../common/features/spec.ts';
import type { MfccMatrix } from '../common/features/mfcc.ts';
import { inputRows, type FeatureNorm, type WindowSpec } from './model-meta.ts';

/** Samples spanned by one window of `window.frames` frames (center = false): (frames − 1)·hop + nFft. */
export function windowSamples(spec: FeatureSpec, window: WindowSpec): number {
  return (window.frames - 1) * spec.hopLength + spec.nFft;
}

/**
 * Length of a clip of `n` samples as the model (and a board in verification mode) hears it: zero-padded at
 * the end so that its frames are exactly `frames + k·hopFrames` for the smallest k ≥ 0. Every window then
 * starts at a whole hop, the last one ends at the clip's end, and a board stepping by `hopFrames` sees the
 * same windows. Longer-than-needed tails (less than one hop) are cut.
 */
export function paddedLength(n: number, spec: FeatureSpec, window: WindowSpec): number {
  const frames = n < spec.nFft ? 0 : 1 + Math.floor((n - spec.nFft) / spec.hopLength);
  const k = frames <= window.frames ? 0 : Math.ceil((frames - window.frames) / window.hopFrames);
  return (window.frames + k * window.hopFrames - 1) * spec.hopLength + spec.nFft;
}

/** The clip padded (or trimmed by less than a hop) to `paddedLength`. */
export function padClipForWindows<T extends Float32Array | Int16Array>(samples: T, spec: FeatureSpec, window: WindowSpec): T {
  const want = paddedLength(samples.length, spec, window);
  if (samples.length >= want) return (samples.length === want ? samples : samples.subarray(0, want)) as T;
  const out = new (samples.constructor as { new(n: number): T })(want);
  out.set(samples);
  return out;
}

/** Number of windows in a padded clip of `frames` frames. */
export function windowCount(frames: number, window: WindowSpec): number {
  if (frames < window.frames) return 0;
  return 1 + Math.floor((frames - window.frames) / window.hopFrames);
}

/** Values in one model input: inputRows(window) × nMfcc. */
export function inputSize(window: WindowSpec, nMfcc: number): number {
  return inputRows(window) * nMfcc;
}

/**
 * The model input of one window of `window.frames` raw feature frames (frame-major) written to dst
 * (inputSize values): `normaliseInto` for 'centre' windows, `statsInto` for 'stats' windows.
 */
export function modelInputInto(src: Float32Array, dst: Float32Array, norm: FeatureNorm, nMfcc: number, window: WindowSpec): void {
  if (window.reduce === 'stats') statsInto(src, dst, norm, nMfcc);
  else normaliseInto(src, dst, norm, nMfcc);
}

/** The model inputs of every window of a clip's feature matrix (`modelInputInto`), in stream order. */
export function normalisedWindows(m: MfccMatrix, norm: FeatureNorm, window: WindowSpec): Float32Array[] {
  const n = windowCount(m.frames, window);
  const size = window.frames * m.nMfcc;
  const out: Float32Array[] = [];
  for (let w = 0; w < n; w++) {
    const start = w * window.hopFrames * m.nMfcc;
    const win = new Float32Array(inputSize(window, m.nMfcc));
    modelInputInto(m.data.subarray(start, start + size), win, norm, m.nMfcc, window);
    out.push(win);
  }
  return out;
}

/**
 * The statistics of one window (WINDOW_STATS) from `frames` raw feature frames (frame-major) into dst,
 * WINDOW_STATS.length rows × nMfcc: for each coefficient c, over z_t = clamp((x_t − mean[c]) / std[c], ±clip)
 * (the corpus-wide normalisation), its mean, population standard deviation, minimum, maximum and the root
 * mean square of z_t − z_{t−1}, each clamped to ±clip. Unlike 'centre' windows they keep the level: on
 * log-mel features, the band energies and their spread over the second are what the measured baselines
 * generalise from (docs/METHOD.md, "Window statistics"). The board computes the same in integers from its
 * int8 frames (firmware-bridge/core/window_stats.c).
 */
export function statsInto(src: Float32Array, dst: Float32Array, norm: FeatureNorm, nMfcc: number): void {
  const { mean, std, clip } = norm;
  const frames = src.length / nMfcc;
  const clamp = (v: number) => (v > clip ? clip : v < -clip ? -clip : v);
  for (let c = 0; c < nMfcc; c++) {
    let sum = 0, sq = 0, min = Infinity, max = -Infinity, dsq = 0, prev = 0;
    for (let t = 0; t < frames; t++) {
      const z = clamp((src[t * nMfcc + c] - mean[c]) / std[c]);
      sum += z;
      sq += z * z;
      if (z < min) min = z;
      if (z > max) max = z;
      if (t > 0) dsq += (z - prev) * (z - prev);
      prev = z;
    }
    const m = sum / frames;
    dst[c] = clamp(m);
    dst[nMfcc + c] = clamp(Math.sqrt(Math.max(0, sq / frames - m * m)));
    dst[2 * nMfcc + c] = min;
    dst[3 * nMfcc + c] = max;
    dst[4 * nMfcc + c] = clamp(Math.sqrt(dsq / Math.max(1, frames - 1)));
  }
}

/**
 * One model-input window from `frames` raw MFCC frames (frame-major), in two steps:
 * 1. z = clamp((x − mean[c]) / std[c], −clip, clip), the corpus-wide normalisation;
 * 2. y = clamp(z − z̄[c], −clip, clip), where z̄[c] is coefficient c's mean over the window's frames.
 * Step 2 is cepstral mean normalisation per window: a gain multiplies every mel band, which moves only
 * c0, and a recording chain's fixed colouring (microphone, band limit, codec) adds the same vector to every
 * frame; both cancel in z − z̄. What is left is how the sound changes within the second, which is what
 * tells a shot from a bark, whatever the source (docs/FEATURES.md, "Window normalisation"; the board does
 * the same in integers, firmware-bridge/core/window_norm.c).
 */
export function normaliseInto(src: Float32Array, dst: Float32Array, norm: FeatureNorm, nMfcc: number): void {
  const { mean, std, clip } = norm;
  const frames = src.length / nMfcc;
  for (let c = 0; c < nMfcc; c++) {
    let sum = 0;
    for (let i = c; i < src.length; i += nMfcc) {
      const v = (src[i] - mean[c]) / std[c];
      const z = v > clip ? clip : v < -clip ? -clip : v;
      dst[i] = z;
      sum += z;
    }
    const avg = sum / frames;
    for (let i = c; i < src.length; i += nMfcc) {
      const y = dst[i] - avg;
      dst[i] = y > clip ? clip : y < -clip ? -clip : y;
    }
  }
}

/** Per-coefficient mean and standard deviation over every frame of the given MFCC matrices. */
export function fitNorm(mats: MfccMatrix[], clip = 8): FeatureNorm {
  if (mats.length === 0) throw new RangeError('fitNorm: no feature matrices');
  const nMfcc = mats[0].nMfcc;
  const sum = new Float64Array(nMfcc);
  const sq = new Float64Array(nMfcc);
  let count = 0;
  for (const m of mats) {
    for (let t = 0; t < m.frames; t++) {
      for (let c = 0; c < nMfcc; c++) {
        const v = m.data[t * nMfcc + c];
        sum[c] += v;
        sq[c] += v * v;
      }
    }
    count += m.frames;
  }
  const mean = Array.from(sum, (s) => s / count);
  const std = Array.from(sq, (s, c) => Math.sqrt(Math.max(s / count - mean[c] * mean[c], 1e-6)));
  return { mean, std, clip };
}
