import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.ts';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.ts';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.ts';

/** Gradient kernels tfjs-backend-wasm 4.22 lacks, which training the DS-CNN needs. */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
];

/**
 * Registers the missing wasm gradient kernels. Idempotent, and it never replaces a kernel the installed
 * backend already has (a later tfjs may ship its own). Returns the names it registered.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const k of WASM_TRAINING_KERNELS) {
    if (tf.getKernel(k.kernelName, k.backendName)) continue;
    tf.registerKernel(k);
    added.push(k.kernelName);
  }
  return added;
}
