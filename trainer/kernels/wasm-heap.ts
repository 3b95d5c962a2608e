import * as tf from '@tensorflow/tfjs';

/**
 * The slice of `BackendWasm` (tfjs-backend-wasm 4.x) the custom kernels use. The class is not exported
 * in a form we can import without pulling the browser entry point, so we describe the members we rely on;
 * `wasmBackend()` checks they are present so a tfjs upgrade that renames them fails loudly, not silently.
 */
export interface WasmBackendLike extends tf.KernelBackend {
  /** Allocates a tensor on the wasm heap (contents undefined) and returns its TensorInfo. */
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A typed-array view of a tensor's heap memory. Invalidated when the heap grows (any allocation). */
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  /** Frees a tensor the kernel allocated for itself. */
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

/** Narrows a kernel's `backend` argument, naming the kernel when it is not the wasm backend. */
export function wasmBackend(backend: unknown, kernel: string): WasmBackendLike {
  const b = backend as Partial<WasmBackendLike> | null;
  if (!b || typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function') {
    throw new TypeError(`${kernel}: backend lacks makeOutput/typedArrayFromHeap (expected tfjs-backend-wasm 4.x)`);
  }
  return b as WasmBackendLike;
}

/** Float32 view of a tensor on the heap; take views only after the last allocation of the kernel. */
export function f32(backend: WasmBackendLike, t: tf.TensorInfo, kernel: string): Float32Array {
  if (t.dtype !== 'float32') throw new TypeError(`${kernel}: tensors must be float32, got ${t.dtype} (shape ${t.shape})`);
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/**
 * Runs another kernel of the same backend directly (as the backend's own kernels do for composites),
 * bypassing the engine so no tape entry or tensor bookkeeping is created for the intermediate.
 */
export function runWasmKernel(
  name: string, backend: WasmBackendLike, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm kernel ${name} is not registered (needed by a custom training kernel)`);
  return k.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}
