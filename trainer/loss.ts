// Losses for the heavy class imbalance (gunshots ≈ 5 % of clips). Which one trains best is measured,
// not assumed (docs/METHOD.md): balanced sampling with plain cross-entropy, natural sampling with
// class-weighted cross-entropy, or natural sampling with focal loss (Lin et al. 2017).
// All take the model's sigmoid probabilities (shape [n, 1]) and 0/1 labels and return the batch mean.
import * as tf from '@tensorflow/tfjs';

/** Keeps log() finite; the same clipping Keras applies in its binary cross-entropy. */
const EPS = 1e-7;

export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** −[wPos·y·log p + wNeg·(1−y)·log(1−p)], averaged; wPos = wNeg = 1 is plain binary cross-entropy. */
export function weightedBce(wPos: number, wNeg: number): LossFn {
  if (!(wPos > 0 && wNeg > 0)) throw new RangeError(`class weights must be > 0, got positive ${wPos}, negative ${wNeg}`);
  return (yTrue, yPred) => tf.tidy(() => {
    const p = yPred.clipByValue(EPS, 1 - EPS);
    const pos = yTrue.mul(p.log()).mul(wPos);
    const neg = tf.scalar(1).sub(yTrue).mul(tf.scalar(1).sub(p).log()).mul(wNeg);
    return pos.add(neg).neg().mean() as tf.Scalar;
  });
}

/**
 * Focal loss −[α·y·(1−p)^γ·log p + (1−α)·(1−y)·p^γ·log(1−p)], averaged: easy, confidently right
 * examples (most negatives) contribute little, so the rare hard ones dominate the gradient.
 */
export function focalLoss(gamma: number, alpha: number): LossFn {
  if (!(gamma >= 0 && gamma <= 10)) throw new RangeError(`focal gamma must be 0..10, got ${gamma}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`focal alpha must be in (0, 1), got ${alpha}`);
  return (yTrue, yPred) => tf.tidy(() => {
    const p = yPred.clipByValue(EPS, 1 - EPS);
    const q = tf.scalar(1).sub(p);
    const pos = yTrue.mul(q.pow(gamma)).mul(p.log()).mul(alpha);
    const neg = tf.scalar(1).sub(yTrue).mul(p.pow(gamma)).mul(q.log()).mul(1 - alpha);
    return pos.add(neg).neg().mean() as tf.Scalar;
  });
}

/** A loss as plain data, so a worker thread can rebuild the same loss (functions do not cross threads). */
export type LossSpec =
  | { kind: 'bce' }
  | { kind: 'weighted-bce'; wPos: number; wNeg: number }
  | { kind: 'focal'; gamma: number; alpha: number };

/** The loss `spec` describes: Keras' own 'binaryCrossentropy' for plain BCE, else the functions above. */
export function lossFromSpec(spec: LossSpec): LossFn | 'binaryCrossentropy' {
  switch (spec.kind) {
    case 'bce': return 'binaryCrossentropy';
    case 'weighted-bce': return weightedBce(spec.wPos, spec.wNeg);
    case 'focal': return focalLoss(spec.gamma, spec.alpha);
  }
}
