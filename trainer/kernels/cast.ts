import type * as tf from '@tensorflow/tfjs';
import { identityConfig } from './identity.ts';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/**
 * Cast on wasm that, when the dtype does not change, returns the input's memory shared (identity.ts)
 * instead of copying it; every real conversion goes to the backend's own Cast. tfjs-backend-wasm 4.22's
 * Cast always allocates and copies, and tfjs-layers casts every activation it saves to float32 although
 * it already is: 27 of the 35 Casts of a DS-CNN training step copied [64,25,7,32] float32 maps to
 * float32. Safe for the reason identity.ts gives: tensors are immutable.
 */
export function makeCastConfig(original: tf.KernelFunc): tf.KernelConfig {
  const shared = identityConfig.kernelFunc;
  const cast = (args: KernelArgs) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { dtype } = (args.attrs ?? {}) as { dtype?: tf.DataType };
    if (dtype === x.dtype && dtype !== 'string') {
      return shared({ inputs: { x }, backend: args.backend as tf.KernelBackend, attrs: {} });
    }
    return original(args as unknown as Parameters<tf.KernelFunc>[0]);
  };
  return { kernelName: 'Cast', backendName: 'wasm', kernelFunc: cast as unknown as tf.KernelFunc };
}
