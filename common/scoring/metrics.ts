import type { Confusion } from './confusion.ts';

/** Binary metrics with positive = gunshot. */
export interface BinaryMetrics {
  n: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * accuracy, precision, recall, F1 from a confusion. Degenerate cases follow scikit-learn's
 * `zero_division=0`: a ratio whose denominator is 0 is 0. So with no predicted positives precision is 0;
 * with no actual positives recall is 0; F1 = 2tp/(2tp + fp + fn) is 0 when tp + fp + fn = 0 (a set with no
 * gunshots where none was predicted scores F1 0, as sklearn); an empty set has accuracy 0.
 */
export function metrics(c: Confusion): BinaryMetrics {
  const n = c.tp + c.fp + c.tn + c.fn;
  return {
    n,
    accuracy: ratio(c.tp + c.tn, n),
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
  };
}

/** The challenge's score: harmonic mean of clean F1 and robustness (F1 on the disturbed set); 0 if both are 0. */
export function challengeScore(f1: number, robustness: number): number {
  return ratio(2 * f1 * robustness, f1 + robustness);
}

/** F1, robustness and score of one set of decisions. */
export interface ChallengeFigures { f1: number; robustness: number; score: number }

/**
 * The figures of calling every clip a gunshot, from the clean and disturbed sets' confusions (only their
 * counts of gunshots and negatives matter): F1 = 2P / (2P + N) on each. The floor a detector has to beat.
 */
export function everyClipFigures(clean: Confusion, disturbed: Confusion): ChallengeFigures {
  const f1 = (c: Confusion) => metrics({ tp: c.tp + c.fn, fp: c.fp + c.tn, tn: 0, fn: 0 }).f1;
  const f = f1(clean), r = f1(disturbed);
  return { f1: f, robustness: r, score: challengeScore(f, r) };
}

/** a/b, or 0 when b is 0 (zero_division=0). */
export function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
