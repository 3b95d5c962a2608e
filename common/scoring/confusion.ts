/** Counts of a binary decision, positive = gunshot. */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Tallies labels (truth) against preds (decisions); both true = gunshot. Throws if the lengths differ. */
export function confusion(labels: readonly boolean[], preds: readonly boolean[]): Confusion {
  if (labels.length !== preds.length) {
    throw new RangeError(`labels and preds must have the same length, got ${labels.length} and ${preds.length}`);
  }
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) { if (preds[i]) c.tp++; else c.fn++; } else if (preds[i]) c.fp++; else c.tn++;
  }
  return c;
}

/** Decisions from scores: score ≥ threshold ⇒ gunshot (the same rule as the board's). */
export function decide(scores: readonly number[], threshold: number): boolean[] {
  return scores.map((s) => s >= threshold);
}
