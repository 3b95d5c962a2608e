// Cutting decoded files into ≤ maxS excerpts: one per onset for events (starting a little before the
// onset, so the attack is inside the excerpt), consecutive slices for long steady sounds.
import { frameLevelsDb } from './envelope.ts';
import { detectOnsets, type OnsetOptions } from './onsets.ts';

function maxOf(a: Float64Array): number {
  let m = -Infinity;
  for (const v of a) m = Math.max(m, v);
  return m;
}

/** A [startS, endS) span of the source file, in seconds. */
export interface Span {
  startS: number;
  endS: number;
  /** Onset time for event excerpts (absent for slices). */
  onsetS?: number;
}

/** Options of the cutters. */
export interface CutOptions {
  /** Longest excerpt, in seconds; defaults to 4 (0.5..30). */
  maxS?: number;
  /** Audio kept before an onset, in seconds; defaults to 0.05 (0..1). */
  preRollS?: number;
  /** Most excerpts taken from one file; defaults to 12 (1..1000). */
  maxPerFile?: number;
  /** A trailing slice shorter than this is dropped (unless it is the only one), in s; defaults to 1 (0..30). */
  minSliceS?: number;
  /** Slices whose loudest 10 ms frame is below this level are dropped, in dBFS; defaults to -60 (-120..0). */
  silenceDb?: number;
  /** Event excerpts shorter than this (after trimming the tail) are dropped, in s; defaults to 0.03 (0..1):
   * three analysis frames, below which an excerpt is a click fragment rather than a sound. */
  minEventS?: number;
  /** Options passed to detectOnsets. */
  onsets?: OnsetOptions;
}

function opt(name: string, v: number | undefined, def: number, lo: number, hi: number): number {
  const x = v ?? def;
  if (!Number.isFinite(x) || x < lo || x > hi) throw new RangeError(`cut: ${name} must be ${lo}..${hi}, got ${x}`);
  return x;
}

/**
 * One excerpt per detected onset: starts `preRollS` before the onset, ends at most `maxS` later, with the
 * trailing part that is 50 dB below the excerpt's peak trimmed off (a shot's tail is kept, dead air is not).
 * A file with no detectable onset (a slow fade-in) yields one excerpt from its loudest region's start.
 */
export function cutAtOnsets(samples: Float32Array, rateHz: number, options: CutOptions = {}): Span[] {
  const maxS = opt('maxS', options.maxS, 4, 0.5, 30);
  const preRollS = opt('preRollS', options.preRollS, 0.05, 0, 1);
  const maxPerFile = opt('maxPerFile', options.maxPerFile, 12, 1, 1000);
  const minEventS = opt('minEventS', options.minEventS, 0.03, 0, 1);
  const durS = samples.length / rateHz;
  if (samples.length === 0) return [];
  let onsets = detectOnsets(samples, rateHz, options.onsets);
  if (onsets.length === 0) {
    const db = frameLevelsDb(samples, Math.round(0.01 * rateHz));
    const peak = maxOf(db);
    if (peak < -100) return [];
    onsets = [db.findIndex((v) => v >= peak - 20) * 0.01];
  }
  const frame = Math.round(0.01 * rateHz);
  return onsets.slice(0, maxPerFile).map((onsetS) => {
    const startS = Math.max(0, onsetS - preRollS);
    let endS = Math.min(durS, startS + maxS);
    const a = Math.round(startS * rateHz);
    const db = frameLevelsDb(samples.subarray(a, Math.round(endS * rateHz)), frame);
    const peak = maxOf(db);
    let lastLoud = 0;
    for (let f = 0; f < db.length; f++) if (db[f] >= peak - 50) lastLoud = f;
    endS = Math.min(endS, startS + (lastLoud + 1) * 0.01 + 0.05);
    return { startS, endS, onsetS };
  }).filter((s) => s.endS - s.startS >= minEventS);
}

/** Consecutive `maxS` slices (the last one may be shorter), skipping near-silent ones. */
export function cutSlices(samples: Float32Array, rateHz: number, options: CutOptions = {}): Span[] {
  const maxS = opt('maxS', options.maxS, 4, 0.5, 30);
  const maxPerFile = opt('maxPerFile', options.maxPerFile, 12, 1, 1000);
  const minSliceS = opt('minSliceS', options.minSliceS, 1, 0, 30);
  const silenceDb = opt('silenceDb', options.silenceDb, -60, -120, 0);
  const durS = samples.length / rateHz;
  const spans: Span[] = [];
  for (let t = 0; t < durS - 1e-9 && spans.length < maxPerFile; t += maxS) {
    const endS = Math.min(durS, t + maxS);
    if (endS - t < minSliceS && t > 0) break;
    const db = frameLevelsDb(samples.subarray(Math.round(t * rateHz), Math.round(endS * rateHz)), Math.round(0.01 * rateHz));
    if (maxOf(db) < silenceDb) continue;
    spans.push({ startS: t, endS });
  }
  return spans;
}
