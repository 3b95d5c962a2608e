import * as tf from '@tensorflow/tfjs';
import { fusedBatchNormGradConfig } from './batch-norm-grad.ts';
import { makeBatchNormConfig } from './batch-norm.ts';
import { makeCastConfig } from './cast.ts';
import { makeMeanConfig, makeSumConfig } from './channel-reduce.ts';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.ts';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.ts';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.ts';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.ts';
import { identityConfig } from './identity.ts';
import { meanGradConfig, sumGradConfig } from './reduce-grads.ts';

/** Gradient kernels tfjs-backend-wasm 4.22 lacks, which training the DS-CNN needs. */
export const WASM_MISSING_KERNELS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
];

/** Kernels the backend has, replaced by faster ones (see each file for the measured reason). */
export const WASM_REPLACED_KERNELS: readonly tf.KernelConfig[] = [conv2dBackpropInputConfig, identityConfig];

/**
 * Faster kernels for the cases the DS-CNN hits, each built around the backend's own kernel, which it
 * calls for every other case (other axes, broadcasts or dtypes; Cast: every cast that changes the dtype).
 */
const WASM_WRAPPED_KERNELS: readonly { name: string; make: (original: tf.KernelFunc) => tf.KernelConfig }[] = [
  { name: 'Sum', make: makeSumConfig },
  { name: 'Mean', make: makeMeanConfig },
  { name: 'FusedBatchNorm', make: makeBatchNormConfig },
  { name: 'Cast', make: makeCastConfig },
];

let registered = false;

/**
 * Registers (after @tensorflow/tfjs-backend-wasm has been imported) the missing wasm gradient kernels, the faster replacements, and leaner gradients for
 * FusedBatchNorm, Sum and Mean (backend-independent: tfjs keys gradients by kernel only; same mathematics). Idempotent; a missing
 * kernel that a later tfjs ships itself is left alone. Returns the kernel names it registered.
 */
export function registerWasmTrainingKernels(): string[] {
  if (registered) return [];
  // The backend's own kernels must be registered first (by importing @tensorflow/tfjs-backend-wasm), or
  // its later registration would silently replace ours and the wrapped kernels would have no fallback.
  if (!tf.getKernel('Sum', 'wasm')) {
    throw new Error('registerWasmTrainingKernels: import @tensorflow/tfjs-backend-wasm before registering (no wasm Sum kernel yet)');
  }
  registered = true;
  const added: string[] = [];
  for (const k of WASM_MISSING_KERNELS) {
    if (tf.getKernel(k.kernelName, k.backendName)) continue;
    tf.registerKernel(k);
    added.push(k.kernelName);
  }
  for (const k of WASM_REPLACED_KERNELS) {
    if (tf.getKernel(k.kernelName, k.backendName)) tf.unregisterKernel(k.kernelName, k.backendName);
    tf.registerKernel(k);
    added.push(k.kernelName);
  }
  for (const { name, make } of WASM_WRAPPED_KERNELS) {
    const original = tf.getKernel(name, 'wasm');
    if (!original) throw new Error(`wasm kernel ${name} is not registered: cannot wrap it (tfjs-backend-wasm changed?)`);
    tf.unregisterKernel(name, 'wasm');
    // Keep the original's setupFunc: the backend runs it at initialisation to bind the C++ function the
    // fallback path calls.
    tf.registerKernel({ ...make(original.kernelFunc), setupFunc: original.setupFunc, disposeFunc: original.disposeFunc });
    added.push(name);
  }
  for (const g of [fusedBatchNormGradConfig, sumGradConfig, meanGradConfig]) replaceGradient(g);
  return added;
}

/** tf.registerGradient warns when overriding; the override is deliberate here, so unregister first. */
function replaceGradient(g: tf.GradConfig): void {
  if (tf.getGradient(g.kernelName)) tf.unregisterGradient(g.kernelName);
  tf.registerGradient(g);
}
