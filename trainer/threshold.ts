import { bestF1Threshold, bestF1ThresholdAtShare, negativeWeightAtShare } from '../common/scoring/pr-curve.ts';
import { confusion, decide } from '../common/scoring/confusion.ts';
import { metrics } from '../common/scoring/metrics.ts';
import { makeRng } from '../common/synth/rng.ts';

/** How the decision threshold was chosen and how much it would move on other draws of the data. */
export interface ThresholdChoice {
  threshold: number;
  /** F1 on the pooled validation set at `threshold` (at the target gunshot share when one was given). */
  f1: number;
  /** The plain F1-argmax on the pooled set (before bagging). */
  argmaxThreshold: number;
  n: number;
  positives: number;
  bootstrap: {
    rounds: number;
    /** 5th, 25th, 50th, 75th, 95th percentiles of the per-resample F1-optimal threshold. */
    thresholdPercentiles: number[];
    /** Mean and std of F1 at the chosen threshold over the resamples. */
    f1Mean: number;
    f1Std: number;
  };
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))));
  return sorted[i];
}

/**
 * Chooses the threshold on a large pooled validation set (clean validation clips plus their noisy copies;
 * never the test set). With few positives the F1-argmax of one draw is unstable, so the threshold is the
 * median of the argmax over `rounds` bootstrap resamples (bagging), and the spread is reported. With
 * `share`, F1 is taken as on data with that gunshot share (bestF1ThresholdAtShare), and `f1` is that F1.
 */
export function chooseThreshold(labels: boolean[], scores: number[], rounds = 200, seed = 'threshold', share?: number): ThresholdChoice {
  if (labels.length !== scores.length || labels.length === 0) {
    throw new RangeError(`chooseThreshold: need equal, non-empty labels and scores, got ${labels.length} and ${scores.length}`);
  }
  const best = (l: boolean[], s: number[]) => share === undefined ? bestF1Threshold(l, s) : bestF1ThresholdAtShare(l, s, share);
  const f1At = (l: boolean[], s: number[], t: number) => {
    const c = confusion(l, decide(s, t));
    if (share === undefined) return metrics(c).f1;
    const w = negativeWeightAtShare(c.tp + c.fn, c.fp + c.tn, share);
    return c.tp === 0 ? 0 : (2 * c.tp) / (2 * c.tp + w * c.fp + c.fn);
  };
  const rng = makeRng(seed);
  const n = labels.length;
  const picks: number[] = [];
  const l = new Array<boolean>(n);
  const s = new Array<number>(n);
  const resamples: number[][] = [];
  for (let r = 0; r < rounds; r++) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) {
      const j = rng.int(0, n - 1);
      idx.push(j);
      l[i] = labels[j];
      s[i] = scores[j];
    }
    resamples.push(idx);
    picks.push(best(l, s).threshold);
  }
  picks.sort((a, b) => a - b);
  const threshold = percentile(picks, 0.5);
  const f1s = resamples.map((idx) => f1At(idx.map((j) => labels[j]), idx.map((j) => scores[j]), threshold));
  const f1Mean = f1s.reduce((a, b) => a + b, 0) / f1s.length;
  const f1Std = Math.sqrt(f1s.reduce((a, b) => a + (b - f1Mean) ** 2, 0) / f1s.length);
  return {
    threshold,
    f1: f1At(labels, scores, threshold),
    argmaxThreshold: best(labels, scores).threshold,
    n,
    positives: labels.filter(Boolean).length,
    bootstrap: { rounds, thresholdPercentiles: [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => percentile(picks, p)), f1Mean, f1Std },
  };
}
