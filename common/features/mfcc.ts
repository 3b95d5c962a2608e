import type { FeatureSpec } from './spec.ts';
import { validateFeatureSpec } from './validate-spec.ts';
import { paddedHann, windowOffset } from './window.ts';
import { frameCount, windowFrameInto, type FramingParams } from './frames.ts';
import { PowerSpectrum } from './power-spectrum.ts';
import { melFilterbank, sparsifyFilterbank, type SparseFilter } from './mel.ts';
import { clampBelowInPlace } from './log.ts';
import { applyDct, featureMatrix } from './dct.ts';

/** MFCCs of a whole clip, frame-major: data[t·nMfcc + c]. */
export interface MfccMatrix {
  frames: number;
  nMfcc: number;
  data: Float32Array;
}

/**
 * MFCCs as `librosa.feature.mfcc(y, **librosaKwargs(spec))` (librosa 0.9.2, transposed to frames × nMfcc):
 * optional pre-emphasis → frames (centred or not) → periodic Hann of winLength centred in nFft → |rfft|² →
 * Slaney-normalised mel filters → 10·log10(max(S, amin)) (+ clip-relative topDb clamp if set) → DCT-II ortho.
 *
 * Tables (window, filterbank, DCT) and per-frame buffers are built once in the constructor; `compute*`
 * allocates only its output (and a clip-sized log-mel buffer, because the topDb clamp needs the whole clip
 * before the DCT). Not re-entrant: one instance per thread of work.
 */
export class MfccExtractor {
  readonly spec: FeatureSpec;
  private readonly framing: FramingParams;
  private readonly window: Float64Array;
  private readonly winFrom: number;
  private readonly winTo: number;
  private readonly power: PowerSpectrum;
  private readonly filters: SparseFilter[];
  private readonly dct: Float64Array;
  private readonly frame: Float64Array;
  private readonly spectrum: Float64Array;

  constructor(spec: FeatureSpec, source?: string) {
    this.spec = validateFeatureSpec(spec, source);
    this.framing = { nFft: spec.nFft, hopLength: spec.hopLength, center: spec.center };
    this.window = paddedHann(spec.winLength, spec.nFft);
    this.winFrom = windowOffset(spec.winLength, spec.nFft);
    this.winTo = this.winFrom + spec.winLength;
    this.power = new PowerSpectrum(spec.nFft);
    this.filters = sparsifyFilterbank(melFilterbank(spec));
    this.dct = featureMatrix(spec);
    this.frame = new Float64Array(spec.nFft);
    this.spectrum = new Float64Array(this.power.nBins);
  }

  /** Frames librosa returns for `length` samples (0 when center is false and length < nFft). */
  frameCount(length: number): number {
    return frameCount(length, this.framing);
  }

  /** Log-mel energies in dB, frame-major (frames × nMels), before any topDb clamp. */
  logMel(samples: Float32Array): { frames: number; data: Float64Array } {
    const signal = this.spec.preEmphasis > 0 ? preEmphasise(samples, this.spec.preEmphasis) : samples;
    const frames = this.frameCount(signal.length);
    const nMels = this.spec.nMels;
    const amin = this.spec.amin;
    const out = new Float64Array(frames * nMels);
    const spec = this.spectrum;
    for (let t = 0; t < frames; t++) {
      windowFrameInto(signal, t, this.framing, this.window, this.winFrom, this.winTo, this.frame);
      this.power.compute(this.frame, spec);
      const base = t * nMels;
      for (let m = 0; m < nMels; m++) {
        const f = this.filters[m];
        const w = f.weights;
        let acc = 0;
        for (let j = 0, k = f.start; j < w.length; j++, k++) acc += w[j] * spec[k];
        out[base + m] = 10 * Math.log10(acc > amin ? acc : amin);
      }
    }
    return { frames, data: out };
  }

  /** MFCCs as one flat frame-major matrix (the fast path). */
  computeFlat(samples: Float32Array): MfccMatrix {
    const { frames, data: logMel } = this.logMel(samples);
    const { nMels, nMfcc, topDb } = this.spec;
    if (topDb !== null && logMel.length > 0) {
      let max = -Infinity;
      for (let i = 0; i < logMel.length; i++) if (logMel[i] > max) max = logMel[i];
      clampBelowInPlace(logMel, max - topDb);
    }
    if (this.spec.dctType === null) return { frames, nMfcc, data: Float32Array.from(logMel) };
    const out = new Float32Array(frames * nMfcc);
    for (let t = 0; t < frames; t++) applyDct(this.dct, nMfcc, nMels, logMel, t * nMels, out, t * nMfcc);
    return { frames, nMfcc, data: out };
  }

  /** MFCCs, one Float32Array of nMfcc coefficients per frame (views into one buffer). */
  compute(samples: Float32Array): Float32Array[] {
    const { frames, nMfcc, data } = this.computeFlat(samples);
    const rows: Float32Array[] = [];
    for (let t = 0; t < frames; t++) rows.push(data.subarray(t * nMfcc, (t + 1) * nMfcc));
    return rows;
  }
}

/** y[0] = x[0], y[n] = x[n] − a·x[n−1] (applied before framing; 0 = none, as librosa). */
export function preEmphasise(x: Float32Array, a: number): Float32Array {
  const y = new Float32Array(x.length);
  if (x.length === 0) return y;
  y[0] = x[0];
  for (let i = 1; i < x.length; i++) y[i] = x[i] - a * x[i - 1];
  return y;
}
