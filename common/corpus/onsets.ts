// Onset detection by envelope rise. A shot is a jump of the short-time level by many dB within a few
// milliseconds; we look for such rises and treat everything until the level has fallen back as one event,
// so a burst of automatic fire (reverb keeps the level up between rounds) yields one onset per burst.
import { frameLevelsDb } from './envelope.ts';

/** Options of `detectOnsets`. */
export interface OnsetOptions {
  /** Analysis frame, in seconds; defaults to 0.01 (range 0.002..0.05). */
  frameS?: number;
  /** Rise over the quietest frame of the look-back that counts as an onset, in dB; defaults to 12 (3..60). */
  riseDb?: number;
  /** Look-back window for that quietest frame, in seconds; defaults to 0.05 (≥ one frame, ≤ 0.5). */
  lookbackS?: number;
  /** Only frames within this many dB of the file's loudest frame can be onsets; defaults to 30 (6..90). */
  rangeDb?: number;
  /** An event ends when the level falls this many dB below its peak; defaults to 18 (3..60). */
  releaseDb?: number;
  /** Minimum time between two onsets, in seconds; defaults to 0.25 (0..5). */
  minGapS?: number;
}

function checked(name: string, v: number | undefined, def: number, lo: number, hi: number): number {
  const x = v ?? def;
  if (!Number.isFinite(x) || x < lo || x > hi) throw new RangeError(`detectOnsets: ${name} must be ${lo}..${hi}, got ${x}`);
  return x;
}

/**
 * Returns onset times in seconds (ascending). Audio before the file start counts as silence, so a file
 * that starts with a shot has an onset at 0. Returns [] for silence.
 */
export function detectOnsets(samples: Float32Array, rateHz: number, options: OnsetOptions = {}): number[] {
  if (!Number.isInteger(rateHz) || rateHz < 1000) throw new RangeError(`detectOnsets: rateHz must be an integer ≥ 1000, got ${rateHz}`);
  const frameS = checked('frameS', options.frameS, 0.01, 0.002, 0.05);
  const riseDb = checked('riseDb', options.riseDb, 12, 3, 60);
  const lookbackS = checked('lookbackS', options.lookbackS, 0.05, 0, 0.5);
  const rangeDb = checked('rangeDb', options.rangeDb, 30, 6, 90);
  const releaseDb = checked('releaseDb', options.releaseDb, 18, 3, 60);
  const minGapS = checked('minGapS', options.minGapS, 0.25, 0, 5);
  const frameLen = Math.max(1, Math.round(frameS * rateHz));
  const db = frameLevelsDb(samples, frameLen);
  if (db.length === 0) return [];
  let peak = -Infinity;
  for (const v of db) peak = Math.max(peak, v);
  if (peak < -100) return [];
  const floor = peak - rangeDb;
  const back = Math.max(1, Math.round(lookbackS / (frameLen / rateHz)));
  const minGapFrames = Math.round(minGapS / (frameLen / rateHz));
  const onsets: number[] = [];
  let inEvent = false;
  let eventPeak = -Infinity;
  let last = -Infinity;
  for (let f = 0; f < db.length; f++) {
    if (inEvent) {
      eventPeak = Math.max(eventPeak, db[f]);
      if (db[f] < eventPeak - releaseDb) inEvent = false;
    }
    if (inEvent || db[f] < floor || f - last < minGapFrames) continue;
    let quiet = Infinity;
    for (let k = f - back; k < f; k++) quiet = Math.min(quiet, k < 0 ? -120 : db[k]);
    if (db[f] - quiet >= riseDb) {
      onsets.push((f * frameLen) / rateHz);
      last = f;
      inEvent = true;
      eventPeak = db[f];
    }
  }
  return onsets;
}
