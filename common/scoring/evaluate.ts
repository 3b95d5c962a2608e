import type { Clip } from '../data/types.ts';
import { confusion, decide, type Confusion } from './confusion.ts';
import { challengeScore, metrics, type BinaryMetrics } from './metrics.ts';
import { averagePrecision, bestF1Threshold, curveAveragePrecision, prCurve, type PrPoint } from './pr-curve.ts';
import { metricsByGroup, type GroupMetrics } from './groups.ts';

/**
 * What evaluation needs from a model: the part of trainer/predict.ts's `Predictor` used here (kept
 * structural so common/ does not import trainer/; a Predictor satisfies it).
 */
export interface ClipScorer {
  meta: { threshold: number };
  predictClips(clips: Float32Array[], onProgress?: (done: number, total: number) => void): Promise<{ score: number }[]>;
}

export interface EvaluateOptions {
  predictor: ClipScorer;
  /** The clean test set. At least one clip. */
  clean: Clip[];
  /** The disturbed set (noise at several SNRs); its rows' `extra.snr_db` / `extra.noise_kind` define groups. */
  disturbed?: Clip[];
  /** Decision threshold; defaults to predictor.meta.threshold (chosen at training time, never on the test set). */
  threshold?: number;
  /** Progress callback, per set. */
  onProgress?: (set: 'clean' | 'disturbed', done: number, total: number) => void;
}

export interface SetResult extends BinaryMetrics {
  confusion: Confusion;
}

export interface EvalResult {
  threshold: number;
  clean: SetResult;
  /** null when no disturbed set was given. */
  disturbed: SetResult | null;
  /** F1 on the disturbed set; null without one. */
  robustness: number | null;
  /** Harmonic mean of clean F1 and robustness; null without a disturbed set. */
  score: number | null;
  /** Precision–recall curve of the clean set. */
  prCurve: PrPoint[];
  /** The clean set's F1-optimal threshold: information only (picking it would fit the test set). */
  bestF1: PrPoint;
  /** Average precision (ranking quality at every threshold) of the clean and disturbed sets; null without positives or set. */
  averagePrecision: { clean: number | null; disturbed: number | null };
  /** Disturbed-set metrics per `snr_db` value (clips without the column: group "n/a"). */
  bySnr: GroupMetrics[];
  /** Disturbed-set metrics per `noise_kind` value (clips without the column: group "n/a"). */
  byKind: GroupMetrics[];
}

/** The challenge's one-line summary, as `eval --json` prints it. */
export interface EvalSummary {
  n: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  n_disturbed: number;
  robustness: number | null;
  score: number | null;
  threshold: number;
  /** Information only: ranking quality over all thresholds (null without positives / a disturbed set). */
  average_precision: number | null;
  average_precision_disturbed: number | null;
}

async function scoreSet(opts: EvaluateOptions, set: 'clean' | 'disturbed', clips: Clip[]): Promise<number[]> {
  const preds = await opts.predictor.predictClips(
    clips.map((c) => c.samples),
    opts.onProgress ? (done, total) => opts.onProgress!(set, done, total) : undefined,
  );
  if (preds.length !== clips.length) {
    throw new Error(`predictor returned ${preds.length} predictions for ${clips.length} ${set} clips`);
  }
  return preds.map((p) => p.score);
}

/** Scores the clean (and disturbed) clips with the predictor and computes the challenge's metrics. */
export async function evaluateModel(opts: EvaluateOptions): Promise<EvalResult> {
  if (opts.clean.length === 0) throw new RangeError('clean set must hold at least 1 clip, got 0');
  const threshold = opts.threshold ?? opts.predictor.meta.threshold;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`threshold must be 0..1, got ${threshold}`);

  const cleanLabels = opts.clean.map((c) => c.row.label);
  const cleanScores = await scoreSet(opts, 'clean', opts.clean);
  const cleanConf = confusion(cleanLabels, decide(cleanScores, threshold));
  const clean: SetResult = { confusion: cleanConf, ...metrics(cleanConf) };

  let disturbed: SetResult | null = null;
  let bySnr: GroupMetrics[] = [];
  let byKind: GroupMetrics[] = [];
  let apDisturbed: number | null = null;
  if (opts.disturbed && opts.disturbed.length > 0) {
    const labels = opts.disturbed.map((c) => c.row.label);
    const scores = await scoreSet(opts, 'disturbed', opts.disturbed);
    apDisturbed = averagePrecision(labels, scores);
    const preds = decide(scores, threshold);
    const conf = confusion(labels, preds);
    disturbed = { confusion: conf, ...metrics(conf) };
    const grouped = (col: string) => metricsByGroup(opts.disturbed!.map((c, i) => ({
      label: labels[i], pred: preds[i], group: c.row.extra[col]?.trim() || 'n/a',
    })));
    bySnr = grouped('snr_db');
    byKind = grouped('noise_kind');
  }
  const robustness = disturbed ? disturbed.f1 : null;
  const curve = prCurve(cleanLabels, cleanScores);
  return {
    threshold,
    clean,
    disturbed,
    robustness,
    score: robustness === null ? null : challengeScore(clean.f1, robustness),
    prCurve: curve,
    bestF1: bestF1Threshold(cleanLabels, cleanScores),
    averagePrecision: { clean: curveAveragePrecision(curve), disturbed: apDisturbed },
    bySnr,
    byKind,
  };
}

/** The summary object `eval --json` prints. */
export function evalSummary(r: EvalResult): EvalSummary {
  return {
    n: r.clean.n,
    accuracy: r.clean.accuracy,
    precision: r.clean.precision,
    recall: r.clean.recall,
    f1: r.clean.f1,
    n_disturbed: r.disturbed ? r.disturbed.n : 0,
    robustness: r.robustness,
    score: r.score,
    threshold: r.threshold,
    average_precision: r.averagePrecision.clean,
    average_precision_disturbed: r.averagePrecision.disturbed,
  };
}
