// Helpers for the librosa golden cases in test/fixtures/librosa (copied from the shared golden set; see its
// README.md): spec from librosa kwargs, WAV reading, and the relative error measure used by the test and docs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav } from '../../../common/audio/wav-decode.ts';
import { MfccExtractor } from '../../../common/features/mfcc.ts';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../../common/features/spec.ts';

export const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/librosa');

export interface GoldenCase {
  signal: string;
  kwargs: Record<string, number | boolean | string>;
  shape: [number, number];
  mfcc: number[][];
}

/** The FeatureSpec equivalent to a librosa.feature.mfcc kwargs dict, with librosa 0.9.2's defaults. */
export function specFromLibrosaKwargs(kw: GoldenCase['kwargs']): FeatureSpec {
  const sr = Number(kw.sr ?? 22050);
  const nFft = Number(kw.n_fft ?? 2048);
  return {
    ...DEFAULT_FEATURE_SPEC,
    sampleRateHz: sr,
    nFft,
    winLength: Number(kw.win_length ?? nFft),
    hopLength: Number(kw.hop_length ?? 512),
    center: Boolean(kw.center ?? true),
    nMels: Number(kw.n_mels ?? 128),
    fminHz: Number(kw.fmin ?? 0),
    fmaxHz: Number(kw.fmax ?? sr / 2),
    htk: Boolean(kw.htk ?? false),
    nMfcc: Number(kw.n_mfcc ?? 20),
    topDb: 80, // librosa.feature.mfcc's power_to_db uses top_db=80
  };
}

export function readWavFloat(file: string): { samples: Float32Array; rate: number } {
  const wav = decodeWav(fs.readFileSync(file), file);
  if (wav.channels !== 1) throw new Error(`${file}: expected mono, got ${wav.channels} channels`);
  return { samples: wav.samples, rate: wav.sampleRateHz };
}

/** Reads a golden case JSON. */
export function readGoldenCase(name: string): GoldenCase {
  return JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, name), 'utf8')) as GoldenCase;
}

/** Names of the golden cases, from index.json. */
export function goldenCaseNames(): string[] {
  return (JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'index.json'), 'utf8')) as { cases: string[] }).cases;
}

/** Dynamic range (max − min) of the clip's log-mel energies in dB, before any clamp. */
export function logMelRangeDb(c: GoldenCase): number {
  const { samples } = readWavFloat(path.join(GOLDEN_DIR, c.signal));
  const lm = new MfccExtractor(specFromLibrosaKwargs(c.kwargs)).logMel(samples).data;
  let mx = -Infinity;
  let mn = Infinity;
  for (const v of lm) { if (v > mx) mx = v; if (v < mn) mn = v; }
  return mx - mn;
}

/**
 * max over frames and coefficients of |ours − librosa| / max |librosa| for one case, computing ours with the
 * given topDb (librosa's mfcc used 80).
 */
export function maxRelativeError(c: GoldenCase, topDb: number | null = 80): number {
  const spec = { ...specFromLibrosaKwargs(c.kwargs), topDb };
  const { samples, rate } = readWavFloat(path.join(GOLDEN_DIR, c.signal));
  if (rate !== spec.sampleRateHz) throw new Error(`${c.signal}: rate ${rate} ≠ ${spec.sampleRateHz}`);
  const ours = new MfccExtractor(spec).compute(samples);
  const [nMfcc, frames] = c.shape;
  if (ours.length !== frames || ours[0].length !== nMfcc) {
    throw new Error(`${c.signal}: shape ${ours.length}×${ours[0]?.length} frames×coefs, librosa ${frames}×${nMfcc}`);
  }
  let maxAbs = 0;
  let maxErr = 0;
  for (let k = 0; k < nMfcc; k++) {
    for (let t = 0; t < frames; t++) {
      maxAbs = Math.max(maxAbs, Math.abs(c.mfcc[k][t]));
      maxErr = Math.max(maxErr, Math.abs(ours[t][k] - c.mfcc[k][t]));
    }
  }
  return maxErr / maxAbs;
}

