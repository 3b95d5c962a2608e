import { ratio } from './metrics.ts';

/** One operating point: decisions are score ≥ threshold. */
export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
}

function checkInputs(labels: readonly boolean[], scores: readonly number[]): void {
  if (labels.length !== scores.length) {
    throw new RangeError(`labels and scores must have the same length, got ${labels.length} and ${scores.length}`);
  }
  const bad = scores.findIndex((s) => !Number.isFinite(s));
  if (bad >= 0) throw new RangeError(`scores must be finite, got ${scores[bad]} at index ${bad}`);
}

/**
 * Precision–recall over every distinct score used as threshold, highest threshold first (recall rising),
 * as sklearn's precision_recall_curve but without its final (recall 0, precision 1) sentinel. Precision,
 * recall and F1 use the zero_division=0 convention of metrics(). O(n log n).
 */
export function prCurve(labels: readonly boolean[], scores: readonly number[]): PrPoint[] {
  checkInputs(labels, scores);
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const positives = labels.reduce((a, l) => a + (l ? 1 : 0), 0);
  const points: PrPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    if (labels[i]) tp++; else fp++;
    // emit once per distinct score, after all clips with that score are counted
    if (j + 1 < order.length && scores[order[j + 1]] === scores[i]) continue;
    const fn = positives - tp;
    points.push({
      threshold: scores[i], tp, fp,
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, positives),
      f1: ratio(2 * tp, 2 * tp + fp + fn),
    });
  }
  return points;
}

/**
 * The threshold (one of the scores) maximising F1; among ties the highest threshold (fewest false alarms).
 * With no clips, or no point with F1 > 0, returns threshold 0.5 with its F1 (documented fallback, not a fit).
 */
export function bestF1Threshold(labels: readonly boolean[], scores: readonly number[]): PrPoint {
  const curve = prCurve(labels, scores);
  let best: PrPoint | undefined;
  for (const p of curve) if (!best || p.f1 > best.f1) best = p;
  if (best && best.f1 > 0) return best;
  const t = 0.5;
  const positives = labels.filter((l) => l).length;
  let tp = 0;
  let fp = 0;
  scores.forEach((s, i) => { if (s >= t) { if (labels[i]) tp++; else fp++; } });
  return {
    threshold: t, tp, fp, precision: ratio(tp, tp + fp), recall: ratio(tp, positives),
    f1: ratio(2 * tp, tp + fp + positives),
  };
}

/**
 * Average precision, Σ (Rₖ − Rₖ₋₁)·Pₖ over the curve's points (sklearn's average_precision_score, ties
 * handled as one threshold): the ranking quality, independent of any one threshold. null when there is no
 * positive (undefined).
 */
export function averagePrecision(labels: readonly boolean[], scores: readonly number[]): number | null {
  return curveAveragePrecision(prCurve(labels, scores));
}

/** averagePrecision of a curve prCurve already computed (its last point counts every positive). */
export function curveAveragePrecision(curve: readonly PrPoint[]): number | null {
  if (curve.length === 0 || curve[curve.length - 1].tp === 0) return null;
  let ap = 0;
  let recall = 0;
  for (const p of curve) {
    ap += (p.recall - recall) * p.precision;
    recall = p.recall;
  }
  return ap;
}

/**
 * How many times each negative counts so that `positives` and `negatives` weigh as they would on a set
 * whose gunshot share is `share`: (P/N)·(1 − share)/share; 1 when either count is 0 (nothing to reweigh).
 */
export function negativeWeightAtShare(positives: number, negatives: number, share: number): number {
  if (!(share > 0 && share < 1)) throw new RangeError(`share must be in (0, 1), got ${share}`);
  return positives > 0 && negatives > 0 ? (positives / negatives) * (1 - share) / share : 1;
}

/**
 * The threshold maximising F1 as it would be on a set whose gunshot share is `share` (0 < share < 1): each
 * negative counts (P/N)·(1 − share)/share times, so false alarms weigh as they would at that share
 * (a 46 % gunshot validation set chooses too low a threshold for data with 5–10 % gunshots). Among ties the
 * highest threshold. Falls back like bestF1Threshold when no point has F1 > 0; the returned point's counts
 * and F1 are the reweighted ones.
 */
export function bestF1ThresholdAtShare(labels: readonly boolean[], scores: readonly number[], share: number): PrPoint {
  if (!(share > 0 && share < 1)) throw new RangeError(`share must be in (0, 1), got ${share}`);
  const positives = labels.reduce((a, l) => a + (l ? 1 : 0), 0);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return bestF1Threshold(labels, scores);
  const w = negativeWeightAtShare(positives, negatives, share);
  let best: PrPoint | undefined;
  for (const p of prCurve(labels, scores)) {
    const fp = w * p.fp;
    const f1 = ratio(2 * p.tp, 2 * p.tp + fp + (positives - p.tp));
    if (!best || f1 > best.f1) best = { ...p, fp, precision: ratio(p.tp, p.tp + fp), f1 };
  }
  return best && best.f1 > 0 ? best : bestF1Threshold(labels, scores);
}
