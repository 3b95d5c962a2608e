import type * as tf from '@tensorflow/tfjs';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown };
interface RefCounting { incRef(dataId: tf.DataId): void }

/**
 * Identity that shares the input's heap memory (one more reference) instead of copying it, as the cpu
 * backend's Identity does. Safe because tensors are immutable: nothing writes into an existing tensor's
 * memory (Variable.assign swaps dataIds). The engine clones every tensor it saves for the backward pass,
 * so the wasm backend's copying Identity cost ~7 % of a training step.
 */
function identity(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype === 'string') throw new TypeError('Identity (wasm, shared): string tensors are not supported');
  (args.backend as RefCounting).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}

export const identityConfig: tf.KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: identity as unknown as tf.KernelFunc,
};
