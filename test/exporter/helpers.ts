/**
 * Test fixtures for the exporter: a small DS-CNN with random weights whose BatchNorm statistics are
 * calibrated on the data (so activations have realistic ranges), random gamma/beta, and seeded windows.
 */
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { buildDsCnn, buildWindowMlp, TINY_DSCNN, WINDOW_MLP, type DsCnnConfig, type WindowMlpConfig } from '../../trainer/model.ts';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { DEFAULT_WINDOW, type ModelMeta } from '../../trainer/model-meta.ts';

export function randomWindows(n: number, frames: number, coeffs: number, seed = 'windows'): Float32Array[] {
  const rng = seedrandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Array.from({ length: n }, () => {
    // A per-window offset and a slow trend so windows differ like real clips, clipped to ±8 like FeatureNorm.
    const offset = gauss();
    return Float32Array.from({ length: frames * coeffs }, (_, i) => Math.max(-8, Math.min(8, offset * 0.5 + gauss() + Math.sin(i / 37))));
  });
}

export function testMeta(cfg: DsCnnConfig): ModelMeta {
  return {
    name: 'test-dscnn', createdAt: '2026-01-01T00:00:00.000Z', featureSpec: { ...DEFAULT_FEATURE_SPEC, nMfcc: cfg.coeffs },
    window: { ...DEFAULT_WINDOW, frames: cfg.frames },
    norm: { mean: new Array(cfg.coeffs).fill(0), std: new Array(cfg.coeffs).fill(1), clip: 8 },
    threshold: 0.5, architecture: { ...cfg },
  };
}

/** Builds `cfg`, then sets every BN's moving mean/variance to the statistics of its input on `windows`. */
export function bnCalibratedModel(cfg: Partial<DsCnnConfig>, windows: Float32Array[], seed = 'bn'): { model: tf.LayersModel; cfg: DsCnnConfig } {
  const full = { ...TINY_DSCNN, ...cfg };
  const model = buildDsCnn(full);
  const rng = seedrandom(seed);
  const x = tf.tensor4d(Float32Array.from(windows.flatMap((w) => Array.from(w))), [windows.length, full.frames, full.coeffs, 1]);
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const prev = layer.inboundNodes[0].inboundLayers[0];
    const sub = tf.model({ inputs: model.inputs, outputs: prev.output as tf.SymbolicTensor });
    const [mean, variance] = tf.tidy(() => {
      const a = sub.predict(x) as tf.Tensor;
      const m = tf.moments(a, [0, 1, 2]);
      return [m.mean.clone(), m.variance.clone()];
    });
    const c = mean.shape[0];
    const gamma = tf.tensor1d(Float32Array.from({ length: c }, () => 0.5 + rng()));
    const beta = tf.tensor1d(Float32Array.from({ length: c }, () => rng() - 0.3));
    layer.setWeights([gamma, beta, mean, variance]);
  }
  x.dispose();
  return { model, cfg: full };
}

export function floatProbabilities(model: tf.LayersModel, windows: Float32Array[], frames: number, coeffs: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(windows.flatMap((w) => Array.from(w))), [windows.length, frames, coeffs, 1]);
    return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
}

/** A window MLP with random weights and biases, and the meta of its log-mel 'stats' window. */
export function randomWindowMlp(cfg: Partial<WindowMlpConfig> = {}, seed = 'mlp'): { model: tf.LayersModel; meta: ModelMeta; cfg: WindowMlpConfig } {
  const full = { ...WINDOW_MLP, ...cfg };
  const model = buildWindowMlp(full);
  const rng = seedrandom(seed);
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Dense') continue;
    const [k, b] = layer.getWeights();
    layer.setWeights([k, tf.tensor1d(Float32Array.from({ length: b.shape[0] }, () => 0.4 * (rng() - 0.4)))]);
  }
  const meta: ModelMeta = {
    name: 'test-mlp', createdAt: '2026-01-01T00:00:00.000Z',
    featureSpec: { ...DEFAULT_FEATURE_SPEC, dctType: null, nMfcc: full.coeffs, nMels: full.coeffs },
    window: { ...DEFAULT_WINDOW, reduce: 'stats' },
    norm: { mean: new Array(full.coeffs).fill(0), std: new Array(full.coeffs).fill(1), clip: 8 },
    threshold: 0.5, architecture: { ...full },
  };
  return { model, meta, cfg: full };
}
