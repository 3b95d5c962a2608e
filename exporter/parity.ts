/**
 * Float (tfjs) vs int8 (TS reference) on whole clips scored like the board scores them: per window a
 * probability, per clip the max over its windows, decided against the model threshold (the int8 side in
 * its own domain: q ≥ threshold_int8).
 */
import type * as tf from '@tensorflow/tfjs';
import { inputRows, type ModelMeta } from '../trainer/model-meta.ts';
import { predictWindows } from '../trainer/predict.ts';
import type { QModel } from './qmodel.ts';
import { quantizeInput, runInt8 } from './reference/index.ts';
import { confusion } from '../common/scoring/confusion.ts';
import { challengeScore, metrics } from '../common/scoring/metrics.ts';

export interface ParityReport {
  clips: number;
  windows: number;
  /** max / mean over clips of |score_float − score_int8| (probabilities). */
  maxAbsScoreDiff: number;
  meanAbsScoreDiff: number;
  /** Fraction of clips whose decisions agree. */
  decisionAgreement: number;
  /** Clip-level accuracy and F1 of each side when labels are given. */
  floatAccuracy?: number;
  int8Accuracy?: number;
  floatF1?: number;
  int8F1?: number;
}

/** The challenge's figures computed on each side, and how far int8 moves the score. */
export interface ScoreParity {
  float: { f1: number; robustness: number; score: number };
  int8: { f1: number; robustness: number; score: number };
  /** |score_float − score_int8|; the bound is 0.01. */
  scoreDiff: number;
}

/**
 * F1 on the clean set, robustness (F1) on the disturbed set and their harmonic mean, float and int8;
 * null unless both named sets were measured with labels.
 */
export function scoreParity(parity: Record<string, ParityReport>, clean = 'test', disturbed = 'disturbed'): ScoreParity | null {
  const c = parity[clean], d = parity[disturbed];
  if (c?.floatF1 === undefined || d?.floatF1 === undefined) return null;
  const side = (f1: number, robustness: number) => ({ f1, robustness, score: challengeScore(f1, robustness) });
  const float = side(c.floatF1, d.floatF1);
  const int8 = side(c.int8F1!, d.int8F1!);
  return { float, int8, scoreDiff: Math.abs(float.score - int8.score) };
}

export function floatInt8Parity(model: tf.LayersModel, q: QModel, meta: ModelMeta, thresholdInt8: number,
  clips: { windows: Float32Array[]; label?: boolean }[]): ParityReport {
  if (clips.length === 0) throw new RangeError('floatInt8Parity: no clips given');
  const outT = q.tensors[q.outputs[0]];
  let maxDiff = 0;
  let sumDiff = 0;
  let agree = 0;
  let windows = 0;
  const labels: boolean[] = [], floatDecisions: boolean[] = [], int8Decisions: boolean[] = [];
  const labelled = clips.every((c) => c.label !== undefined);
  for (const c of clips) {
    const fp = predictWindows(model, c.windows, inputRows(meta.window), meta.featureSpec.nMfcc);
    const floatScore = Math.max(...fp);
    let qMax = -128;
    for (const w of c.windows) qMax = Math.max(qMax, runInt8(q, quantizeInput(q, w))[0][0]);
    const int8Score = outT.scale[0] * (qMax - outT.zeroPoint[0]);
    const d = Math.abs(floatScore - int8Score);
    maxDiff = Math.max(maxDiff, d);
    sumDiff += d;
    const fDecision = floatScore >= meta.threshold;
    const qDecision = qMax >= thresholdInt8;
    if (fDecision === qDecision) agree++;
    if (labelled) {
      labels.push(c.label!);
      floatDecisions.push(fDecision);
      int8Decisions.push(qDecision);
    }
    windows += c.windows.length;
  }
  const side = (decisions: boolean[]) => metrics(confusion(labels, decisions));
  const fm = labelled ? side(floatDecisions) : null;
  const qm = labelled ? side(int8Decisions) : null;
  return {
    clips: clips.length, windows, maxAbsScoreDiff: maxDiff, meanAbsScoreDiff: sumDiff / clips.length, decisionAgreement: agree / clips.length,
    ...(fm && qm ? { floatAccuracy: fm.accuracy, int8Accuracy: qm.accuracy, floatF1: fm.f1, int8F1: qm.f1 } : {}),
  };
}
