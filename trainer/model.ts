import * as tf from '@tensorflow/tfjs';

/** DS-CNN architecture ("Hello Edge", Zhang et al. 2017), sized for a microcontroller. */
export interface DsCnnConfig {
  kind: 'ds-cnn';
  /** Input frames per window. Default 49. */
  frames: number;
  /** MFCC coefficients per frame. Default 13. */
  coeffs: number;
  /** Channels of every layer, 4..128. Default 32. */
  channels: number;
  /** Depthwise-separable blocks after the first convolution, 1..8. Default 4. */
  blocks: number;
  /** First convolution's kernel [time, freq]. Default [10, 4]. */
  firstKernel: [number, number];
  /** First convolution's stride [time, freq]. Default [2, 2]. */
  firstStride: [number, number];
  /** Dropout before the classifier, 0..0.9. Default 0.2. */
  dropout: number;
  /** Seed of the weight initialisers. Default 1. */
  seed: number;
}

export const TINY_DSCNN: DsCnnConfig = {
  kind: 'ds-cnn',
  frames: 49,
  coeffs: 13,
  channels: 32,
  blocks: 4,
  firstKernel: [10, 4],
  firstStride: [2, 2],
  dropout: 0.2,
  seed: 1,
};

/**
 * Builds the float training graph: Conv2D → BN → ReLU, then `blocks` × (DepthwiseConv2D 3×3 → BN → ReLU →
 * Conv2D 1×1 → BN → ReLU), global average pool, dense(1, sigmoid). Convolutions carry no bias: the
 * exporter folds each BN into the convolution before it (giving it a bias) and the global average pool
 * into the dense layer (a FULLY_CONNECTED over the flattened map, exporter/quantize/fold-pool.ts), so
 * every op maps to an int8 TFLite / TFLite Micro builtin (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED,
 * LOGISTIC) with ReLU fused.
 */
export function buildDsCnn(cfg: DsCnnConfig = TINY_DSCNN): tf.LayersModel {
  if (cfg.channels < 4 || cfg.channels > 128) throw new RangeError(`channels must be 4..128, got ${cfg.channels}`);
  if (cfg.blocks < 1 || cfg.blocks > 8) throw new RangeError(`blocks must be 1..8, got ${cfg.blocks}`);
  if (cfg.dropout < 0 || cfg.dropout > 0.9) throw new RangeError(`dropout must be 0..0.9, got ${cfg.dropout}`);
  let seed = cfg.seed;
  const init = () => tf.initializers.heNormal({ seed: seed++ });
  const input = tf.input({ shape: [cfg.frames, cfg.coeffs, 1], name: 'mfcc' });
  let x = tf.layers.conv2d({
    filters: cfg.channels, kernelSize: cfg.firstKernel, strides: cfg.firstStride, padding: 'same',
    useBias: false, kernelInitializer: init(), name: 'conv0',
  }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'bn0' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'relu0' }).apply(x) as tf.SymbolicTensor;
  for (let b = 1; b <= cfg.blocks; b++) {
    x = tf.layers.depthwiseConv2d({
      kernelSize: 3, padding: 'same', useBias: false, depthwiseInitializer: init(), name: `dw${b}`,
    }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: `dw${b}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `dw${b}_relu` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({
      filters: cfg.channels, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: init(),
      name: `pw${b}`,
    }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: `pw${b}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `pw${b}_relu` }).apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
  if (cfg.dropout > 0) x = tf.layers.dropout({ rate: cfg.dropout, seed: seed++, name: 'drop' }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({
    units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }), name: 'out',
  }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'dscnn' });
}

/**
 * A small dense network over a window's statistics (WindowSpec.reduce 'stats', trainer/windows.ts
 * statsInto): flatten → `hidden` × (Dense → ReLU) → dropout → Dense(1, sigmoid). Every layer maps to an
 * int8 FULLY_CONNECTED with ReLU fused, then LOGISTIC.
 */
export interface WindowMlpConfig {
  kind: 'window-mlp';
  /** Input rows: one per window statistic (WINDOW_STATS.length = 5). */
  rows: number;
  /** Features per row (log-mel bands). Default 40. */
  coeffs: number;
  /** Widths of the hidden ReLU layers, 1..4 layers of 2..256. Default [32, 16]. */
  hidden: number[];
  /** Dropout before the classifier, 0..0.9. Default 0.2. */
  dropout: number;
  /** Seed of the weight initialisers. Default 1. */
  seed: number;
}

export const WINDOW_MLP: WindowMlpConfig = { kind: 'window-mlp', rows: 5, coeffs: 40, hidden: [32, 16], dropout: 0.2, seed: 1 };

export type ModelArchitecture = DsCnnConfig | WindowMlpConfig;

/** The model input grid [rows, coeffs] (the tensor is [batch, rows, coeffs, 1]). */
export function architectureInput(a: ModelArchitecture): [number, number] {
  return a.kind === 'window-mlp' ? [a.rows, a.coeffs] : [a.frames, a.coeffs];
}

export function buildWindowMlp(cfg: WindowMlpConfig = WINDOW_MLP): tf.LayersModel {
  if (cfg.hidden.length < 1 || cfg.hidden.length > 4 || cfg.hidden.some((h) => !Number.isInteger(h) || h < 2 || h > 256)) {
    throw new RangeError(`hidden must be 1..4 layer widths of 2..256, got [${cfg.hidden}]`);
  }
  if (cfg.dropout < 0 || cfg.dropout > 0.9) throw new RangeError(`dropout must be 0..0.9, got ${cfg.dropout}`);
  let seed = cfg.seed;
  const input = tf.input({ shape: [cfg.rows, cfg.coeffs, 1], name: 'stats' });
  let x = tf.layers.flatten({ name: 'flat' }).apply(input) as tf.SymbolicTensor;
  cfg.hidden.forEach((units, i) => {
    x = tf.layers.dense({
      units, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: seed++ }), name: `fc${i + 1}`,
    }).apply(x) as tf.SymbolicTensor;
  });
  if (cfg.dropout > 0) x = tf.layers.dropout({ rate: cfg.dropout, seed: seed++, name: 'drop' }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({
    units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }), name: 'out',
  }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'window_mlp' });
}

/** The float training graph of either architecture. */
export function buildModel(a: ModelArchitecture): tf.LayersModel {
  return a.kind === 'window-mlp' ? buildWindowMlp(a) : buildDsCnn(a);
}
