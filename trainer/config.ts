import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../common/features/spec.ts';
import { DEFAULT_AUGMENT, type AugmentConfig } from './augment/config.ts';
import { DEFAULT_WINDOW, type WindowSpec } from './model-meta.ts';
import { architectureInput, TINY_DSCNN, WINDOW_MLP, type ModelArchitecture } from './model.ts';
import { inputRows } from './model-meta.ts';

/** A dataset in the challenge's layout. */
export interface DatasetRef {
  csv: string;
  audioDir: string;
}

/**
 * How the ~5 % positives are handled. 'balanced': each epoch draws `positiveShare` positives, plain
 * cross-entropy. 'class-weights': epochs keep the training set's own positive share, cross-entropy
 * weights each class by N / (2·N_class). 'focal': the training set's own share, focal loss (γ 2, α 0.25,
 * the values of Lin et al. 2017).
 */
export type ImbalanceMethod = 'balanced' | 'class-weights' | 'focal';
export const IMBALANCE_METHODS: readonly ImbalanceMethod[] = ['balanced', 'class-weights', 'focal'];

export interface TrainConfig {
  /** Model name written in meta.json. */
  name: string;
  /** Training datasets (several at once are concatenated). */
  train: DatasetRef[];
  /** Test sets scored after training (never used for choices). */
  test: DatasetRef[];
  /** Disturbed test sets (robustness). */
  disturbed: DatasetRef[];
  /** Folder of background WAVs (`<kind>/*.wav`) for the validation set's noisy copies, or null for synthetic backgrounds. */
  backgroundsDir: string | null;
  /** Fraction of training IDs held out for validation (stratified by label, grouped by ID). Default 0.2. */
  valFraction: number;
  /** Noisy copies of each validation clip in the pooled threshold set. Default 3. */
  valNoisyCopies: number;
  /** Epochs, 1..1000. Default 30. */
  epochs: number;
  /** Augmented examples per epoch. Default 4096. */
  examplesPerEpoch: number;
  /** Batch size. Default 64. */
  batchSize: number;
  /** Adam learning rate (cosine-decayed to 5% over the epochs). Default 3e-3. */
  learningRate: number;
  /** Imbalance handling; default 'balanced' (measured against the others in docs/METHOD.md). */
  imbalance: ImbalanceMethod;
  /** Share of positives in each epoch when `imbalance` is 'balanced'. Default 0.35. */
  positiveShare: number;
  /** Stop after this many epochs without a better validation score. Default 8. */
  patience: number;
  /** Wall-clock budget for the epoch loop, seconds (0 = none). Default 0. */
  timeBudgetS: number;
  seed: number;
  /**
   * Worker threads that augment the next epoch while the main thread trains, 0..64. 0: inline on the main
   * thread; 1: one worker, the same data as inline; ≥ 2: a pool sharing each epoch's chunks, whose data
   * (chunked random streams, trainer/epoch-data.ts) is the same for any pool size but differs from 0 and 1.
   * Default 1 (the shipped model's stream).
   */
  augmentWorkers: number;
  /**
   * Data-parallel replicas, 1..16: with 2 or more, that many worker threads each train a copy of the model
   * on a share of every batch and sum their gradients (trainer/data-parallel/), so the single-threaded wasm
   * backend uses several cores. 1 = train in the main thread. Ignored on tfjs-node (multi-threaded itself).
   * Default 1.
   */
  replicas: number;
  /**
   * Gunshot share the threshold (and the epoch choice) is tuned for: F1 is taken as on data with this share
   * of gunshots, whatever the validation set's own share (real corpora are ~45 %, the challenge's 5–10 %).
   * Default 0.1.
   */
  gunshotShare: number;
  /** Feature spec, window and architecture: one model family (modelFamily). Default 'window-mlp'. */
  featureSpec: FeatureSpec;
  window: WindowSpec;
  architecture: ModelArchitecture;
  augment: AugmentConfig;
}

/** The model families the trainer builds: each fixes the architecture, the features and the window input. */
export type ModelKind = ModelArchitecture['kind'];
export const MODEL_KINDS: readonly ModelKind[] = ['ds-cnn', 'window-mlp'];

/**
 * The architecture, feature spec, window and augmentation of a model family. 'window-mlp' (the default):
 * 40 log-mel energies (no DCT) of 20 Hz–4 kHz, each window reduced to its statistics, a dense network over them,
 * DEFAULT_AUGMENT. 'ds-cnn': 13 MFCCs, each window centred, with the level range it was measured with
 * (−20..+6 dB: its centred windows cancel the level, and quieter windows only reach the MFCC's log floor).
 */
export function modelFamily(kind: ModelKind): Pick<TrainConfig, 'architecture' | 'featureSpec' | 'window' | 'augment'> {
  if (kind === 'ds-cnn') {
    return { architecture: TINY_DSCNN, featureSpec: DEFAULT_FEATURE_SPEC, window: DEFAULT_WINDOW, augment: { ...DEFAULT_AUGMENT, gainDb: [-20, 6] } };
  }
  return {
    architecture: WINDOW_MLP,
    // Bands up to 4 kHz only: an 8 kHz recording then looks like any other (leave-one-source-out, two seeds:
    // 0.254 / 0.208 pooled against 0.236 / 0.091 with bands up to 8 kHz; docs/METHOD.md, "Window statistics").
    featureSpec: { ...DEFAULT_FEATURE_SPEC, dctType: null, nMfcc: DEFAULT_FEATURE_SPEC.nMels, fmaxHz: 4000 },
    window: { ...DEFAULT_WINDOW, reduce: 'stats' },
    augment: DEFAULT_AUGMENT,
  };
}

export const DEFAULT_TRAIN: Omit<TrainConfig, 'name' | 'train' | 'test' | 'disturbed'> = {
  backgroundsDir: null,
  valFraction: 0.2,
  valNoisyCopies: 3,
  epochs: 30,
  examplesPerEpoch: 4096,
  batchSize: 64,
  learningRate: 3e-3,
  imbalance: 'balanced',
  positiveShare: 0.35,
  patience: 8,
  timeBudgetS: 0,
  seed: 1,
  augmentWorkers: 1,
  replicas: 1,
  gunshotShare: 0.1,
  // The window MLP: on every held-out source it ranks gunshots above the DS-CNN (docs/METHOD.md, "Window
  // statistics").
  ...modelFamily('window-mlp'),
};

export function checkTrainConfig(c: TrainConfig): void {
  if (c.train.length === 0) throw new RangeError('train: at least one training dataset is required');
  if (!(c.valFraction > 0 && c.valFraction < 0.9)) throw new RangeError(`valFraction must be in (0, 0.9), got ${c.valFraction}`);
  if (!(Number.isInteger(c.epochs) && c.epochs >= 1 && c.epochs <= 1000)) throw new RangeError(`epochs must be 1..1000, got ${c.epochs}`);
  if (!(c.batchSize >= 1 && c.batchSize <= 4096)) throw new RangeError(`batchSize must be 1..4096, got ${c.batchSize}`);
  if (!IMBALANCE_METHODS.includes(c.imbalance)) throw new RangeError(`imbalance must be one of ${IMBALANCE_METHODS.join(', ')}, got '${c.imbalance}'`);
  if (!(c.positiveShare > 0 && c.positiveShare < 1)) throw new RangeError(`positiveShare must be in (0, 1), got ${c.positiveShare}`);
  if (!(Number.isInteger(c.augmentWorkers) && c.augmentWorkers >= 0 && c.augmentWorkers <= 64)) throw new RangeError(`augmentWorkers must be an integer 0..64, got ${c.augmentWorkers}`);
  if (!(Number.isInteger(c.replicas) && c.replicas >= 1 && c.replicas <= 16)) throw new RangeError(`replicas must be an integer 1..16, got ${c.replicas}`);
  if (!(c.gunshotShare > 0 && c.gunshotShare < 1)) throw new RangeError(`gunshotShare must be in (0, 1), got ${c.gunshotShare}`);
  const [rows, coeffs] = architectureInput(c.architecture);
  if (rows !== inputRows(c.window)) throw new RangeError(`the ${c.architecture.kind} input has ${rows} rows, but the window gives ${inputRows(c.window)} (window.reduce '${c.window.reduce ?? 'centre'}', ${c.window.frames} frames)`);
  if (coeffs !== c.featureSpec.nMfcc) throw new RangeError(`architecture.coeffs (${coeffs}) must equal featureSpec.nMfcc (${c.featureSpec.nMfcc})`);
}
