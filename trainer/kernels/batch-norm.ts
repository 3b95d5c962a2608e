import * as tf from '@tensorflow/tfjs';
import { f32, wasmBackend } from './wasm-heap.ts';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
const NAME = 'FusedBatchNorm';

/**
 * ys = xs·a[c] + b[c] over a [rows, c] row-major array. Blocks of 8 channels keep their a, b in locals
 * (registers) and stride down the rows; the tail channels go one by one.
 */
function affinePerChannel(xs: Float32Array, ys: Float32Array, a: Float32Array, b: Float32Array): void {
  const c = a.length;
  const c8 = c - (c % 8);
  for (let q = 0; q < c8; q += 8) {
    const a0 = a[q], a1 = a[q + 1], a2 = a[q + 2], a3 = a[q + 3], a4 = a[q + 4], a5 = a[q + 5], a6 = a[q + 6], a7 = a[q + 7];
    const b0 = b[q], b1 = b[q + 1], b2 = b[q + 2], b3 = b[q + 3], b4 = b[q + 4], b5 = b[q + 5], b6 = b[q + 6], b7 = b[q + 7];
    for (let o = q; o < xs.length; o += c) {
      ys[o] = xs[o] * a0 + b0; ys[o + 1] = xs[o + 1] * a1 + b1; ys[o + 2] = xs[o + 2] * a2 + b2; ys[o + 3] = xs[o + 3] * a3 + b3;
      ys[o + 4] = xs[o + 4] * a4 + b4; ys[o + 5] = xs[o + 5] * a5 + b5; ys[o + 6] = xs[o + 6] * a6 + b6; ys[o + 7] = xs[o + 7] * a7 + b7;
    }
  }
  for (let q = c8; q < c; q++) for (let o = q; o < xs.length; o += c) ys[o] = xs[o] * a[q] + b[q];
}

/**
 * FusedBatchNorm forward when every parameter is one value per channel (last axis): y = x·a[c] + b[c] with
 * a = scale/√(var+ε), b = offset − mean·a, folded per channel first so the pass over x is one multiply-add.
 * Anything else (other broadcasts, non-float32) goes to the backend's kernel.
 */
export function makeBatchNormConfig(original: tf.KernelFunc): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x, mean, variance, offset, scale } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const eps = (args.attrs as unknown as { varianceEpsilon: number }).varianceEpsilon;
    const c = x!.shape[x!.shape.length - 1];
    const perChannel = (t: tf.TensorInfo | undefined) => t == null || (t.dtype === 'float32' && tf.util.sizeFromShape(t.shape) === c);
    if (x!.dtype !== 'float32' || ![mean, variance, offset, scale].every(perChannel)) {
      return original(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    const backend = wasmBackend(args.backend, NAME);
    const out = backend.makeOutput(x!.shape.slice(), 'float32');
    const m = f32(backend, mean!, NAME);
    const v = f32(backend, variance!, NAME);
    const s = scale ? f32(backend, scale, NAME) : null;
    const b0 = offset ? f32(backend, offset, NAME) : null;
    const a = new Float32Array(c);
    const b = new Float32Array(c);
    for (let q = 0; q < c; q++) {
      a[q] = (s ? s[q] : 1) / Math.sqrt(v[q] + eps);
      b[q] = (b0 ? b0[q] : 0) - m[q] * a[q];
    }
    const xs = f32(backend, x!, NAME);
    const ys = f32(backend, out, NAME);
    affinePerChannel(xs, ys, a, b);
    return out;
  };
  return { kernelName: NAME, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
