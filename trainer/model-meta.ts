import type { FeatureSpec } from '../common/features/spec.ts';

/**
 * How a model slides over audio: a window of `frames` MFCC frames, advanced by `hopFrames`.
 * A clip's score is the max over its windows; clips shorter than one window are zero-padded at the end.
 * The board does exactly the same over its stream.
 */
export interface WindowSpec {
  /** Frames per window. Default 49 (= 480 + 48·320 samples ≈ 0.99 s at 16 kHz). */
  frames: number;
  /** Frames between successive windows. Default 10 (200 ms). */
  hopFrames: number;
  /**
   * What the model sees of a window. 'centre' (default): the frames × coefficients grid, each coefficient
   * centred on its mean over the window (trainer/windows.ts normaliseInto). 'stats': per coefficient, the
   * WINDOW_STATS of its frames (trainer/windows.ts statsInto), a WINDOW_STATS.length × coefficients grid.
   */
  reduce?: WindowReduce;
}

export type WindowReduce = 'centre' | 'stats';

/**
 * The per-coefficient statistics of a 'stats' window, in row order: mean, population standard deviation,
 * minimum, maximum, and the root mean square of the frame-to-frame difference.
 */
export const WINDOW_STATS = ['mean', 'std', 'min', 'max', 'delta'] as const;

/** Rows of the model input grid for this window: its frames, or one row per statistic. */
export function inputRows(w: WindowSpec): number {
  return w.reduce === 'stats' ? WINDOW_STATS.length : w.frames;
}

/**
 * Per-coefficient normalisation applied to MFCCs before the model (and before int8 quantisation):
 * x' = clamp((x − mean[c]) / std[c], −clip, clip). Fitted on training data, shipped with the model.
 */
export interface FeatureNorm {
  mean: number[];
  std: number[];
  /** Clamp after normalising, in standard deviations. Default 8. */
  clip: number;
}

/** `meta.json` in a model folder, beside tfjs's `model.json` + `weights.bin`. */
export interface ModelMeta {
  name: string;
  createdAt: string;
  featureSpec: FeatureSpec;
  window: WindowSpec;
  norm: FeatureNorm;
  /** Decision threshold on the gunshot probability (clip score ≥ threshold ⇒ gunshot). */
  threshold: number;
  /** How the threshold was chosen and how stable it is. */
  thresholdInfo?: Record<string, unknown>;
  /** Architecture config the model was built from. */
  architecture: Record<string, unknown>;
  /** Training config (data, seed, epochs, augmentation, ...). */
  training?: Record<string, unknown>;
  /** Metrics measured after training (clean, disturbed, per SNR/kind). */
  metrics?: Record<string, unknown>;
}

/**
 * Throws a RangeError naming `where` unless an exported model's input tensor shape [1, rows, coeffs, 1]
 * matches the meta: inputRows(meta.window) rows of featureSpec.nMfcc coefficients.
 */
export function checkModelInput(shape: number[], meta: ModelMeta, where: string): void {
  if (shape[1] !== inputRows(meta.window) || shape[2] !== meta.featureSpec.nMfcc) {
    throw new RangeError(`${where}: input [${shape}] does not match meta.json's window input ${inputRows(meta.window)} × nMfcc ${meta.featureSpec.nMfcc}`);
  }
}

export const DEFAULT_WINDOW: WindowSpec = { frames: 49, hopFrames: 10 };
