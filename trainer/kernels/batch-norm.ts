import * as tf from '@tensorflow/tfjs';
import { f32, wasmBackend } from './wasm-heap.ts';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
const NAME = 'FusedBatchNorm';

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
    for (let o = 0; o < xs.length; o += c) for (let q = 0; q < c; q++) ys[o + q] = xs[o + q] * a[q] + b[q];
    return out;
  };
  return { kernelName: NAME, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
