// Pure scoring of a verification run: both sides' clip decisions by the same int8 threshold, the
// challenge metrics for each, and where the board and the host differ.
import { challengeScore, confusion, metrics } from '../../common/scoring/index.ts';

/** One clip as both sides scored it. */
export interface ClipComparison {
  /** 'test' or 'disturbed'. */
  set: 'test' | 'disturbed';
  file: string;
  label: boolean;
  device: Int8Array;
  host: Int8Array;
  /** Board time in features + inference for the clip, µs. */
  deviceElapsedUs: number;
}

export interface SideMetrics { accuracy: number; f1: number; robustness: number | null; score: number | null }

export interface Mismatch {
  set: string; file: string; label: boolean;
  device_max: number | null; host_max: number | null; device_decision: boolean; host_decision: boolean;
  /** Largest |device − host| over the clip's windows (Infinity-free: a window-count mismatch is reported as windows). */
  max_lsb_diff: number; windows: [number, number];
}

export interface VerifySummary {
  /** Clean test clips compared. */
  n: number;
  /** Disturbed clips compared (0 without a disturbed set). */
  n_disturbed: number;
  device: SideMetrics;
  host: SideMetrics;
  /** Fraction of all compared clips on which the two decisions agree. */
  agreement: number;
  /** Largest |device − host| int8 output over every window of every clip. */
  max_lsb_diff: number;
  /** Clips whose decisions or any window output differ; first 20. */
  mismatches: Mismatch[];
  /** Board time per window, ms (elapsed_us summed over clips / windows). */
  device_ms_per_window: number | null;
}

const maxOf = (a: Int8Array) => (a.length ? a.reduce((m, v) => (v > m ? v : m), -128) : null);
/** A clip with no window cannot be positive. */
const decideClip = (a: Int8Array, thresholdInt8: number) => a.length > 0 && maxOf(a)! >= thresholdInt8;

function side(clips: ClipComparison[], pick: (c: ClipComparison) => Int8Array, thresholdInt8: number): SideMetrics {
  const score = (set: ClipComparison[]) => metrics(confusion(set.map((c) => c.label), set.map((c) => decideClip(pick(c), thresholdInt8))));
  const clean = score(clips.filter((c) => c.set === 'test'));
  const disturbed = clips.filter((c) => c.set === 'disturbed');
  const robustness = disturbed.length ? score(disturbed).f1 : null;
  return { accuracy: clean.accuracy, f1: clean.f1, robustness, score: robustness === null ? null : challengeScore(clean.f1, robustness) };
}

export function summarise(clips: ClipComparison[], thresholdInt8: number): VerifySummary {
  let maxDiff = 0;
  let agree = 0;
  let windows = 0;
  let elapsed = 0;
  const mismatches: Mismatch[] = [];
  for (const c of clips) {
    let d = 0;
    const n = Math.min(c.device.length, c.host.length);
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(c.device[i] - c.host[i]));
    // Different window counts mean the two sides did not even frame the clip alike: the worst case.
    if (c.device.length !== c.host.length) d = 255;
    maxDiff = Math.max(maxDiff, d);
    const dd = decideClip(c.device, thresholdInt8);
    const hd = decideClip(c.host, thresholdInt8);
    if (dd === hd) agree++;
    if ((dd !== hd || d > 0) && mismatches.length < 20) {
      mismatches.push({
        set: c.set, file: c.file, label: c.label, device_max: maxOf(c.device), host_max: maxOf(c.host),
        device_decision: dd, host_decision: hd, max_lsb_diff: d, windows: [c.device.length, c.host.length],
      });
    }
    windows += c.device.length;
    elapsed += c.deviceElapsedUs;
  }
  return {
    n: clips.filter((c) => c.set === 'test').length,
    n_disturbed: clips.filter((c) => c.set === 'disturbed').length,
    device: side(clips, (c) => c.device, thresholdInt8),
    host: side(clips, (c) => c.host, thresholdInt8),
    agreement: clips.length ? agree / clips.length : 0,
    max_lsb_diff: maxDiff,
    mismatches,
    device_ms_per_window: windows ? elapsed / windows / 1000 : null,
  };
}
