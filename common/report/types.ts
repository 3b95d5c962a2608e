import type { EvalResult } from '../scoring/evaluate.ts';

/** One training epoch, for the optional training-curve figure. */
export interface EpochRecord {
  epoch: number;
  /** Training loss. */
  loss: number;
  /** Validation loss, if measured. */
  valLoss?: number;
  /** Validation F1, if measured. */
  valF1?: number;
}

/** Everything a report shows. */
export interface ReportData {
  /** Page title, e.g. the model name. */
  title: string;
  /** Evaluation results (clean, disturbed, per-group, PR curve). */
  result: EvalResult;
  /** Training history; the training-curve figure is omitted when absent or empty. */
  history?: EpochRecord[];
  /** Extra facts shown as a key/value table (model folder, backend, CSV paths, …). */
  info?: Record<string, string | number | boolean | null>;
}
