import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from '../kernels/index.ts';

export type BackendName = 'node' | 'wasm' | 'cpu';

export interface SelectBackendOptions {
  /**
   * Backend to try first; defaults to 'node'. The order is always node → wasm → cpu from the preferred
   * one on, so 'wasm' skips tfjs-node and 'cpu' forces the pure-JS backend.
   */
  prefer?: BackendName;
}

export interface SelectedBackend {
  /** What is running: 'tensorflow' (tfjs-node), 'wasm' or 'cpu' — tf.getBackend()'s own name. */
  name: string;
  /** Whether wasm runs with SIMD (null when wasm is not the backend). */
  simd: boolean | null;
  /** Backends tried before this one, with why each was passed over. */
  skipped: { backend: BackendName; reason: string }[];
}

const ORDER: BackendName[] = ['node', 'wasm', 'cpu'];
// A variable specifier keeps TypeScript and bundlers from resolving the optional dependency.
const TFJS_NODE = '@tensorflow/tfjs-node';

/** Directory holding the .wasm binaries, with a trailing slash (setWasmPaths' prefix form). */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

async function tryNode(): Promise<string> {
  await import(TFJS_NODE); // registers the 'tensorflow' backend as a side effect
  if (!(await tf.setBackend('tensorflow'))) throw new Error('tf.setBackend("tensorflow") returned false');
  return 'tensorflow';
}

async function tryWasm(): Promise<string> {
  // Imported here, not at the top: importing tfjs-backend-wasm registers 'wasm' with a higher priority than
  // 'cpu', which would make every other module's first tf op fail with "backend 'wasm' has not yet been
  // initialized" unless it awaited tf.ready() — so the import happens only when wasm is asked for.
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  // Threads stay off: tfjs-backend-wasm disables its threaded build under Node (WASM_HAS_MULTITHREAD_SUPPORT
  // is hard-wired false there). SIMD is detected by the backend itself and used when available.
  setWasmPaths(wasmBinaryDir());
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
  return 'wasm';
}

async function tryCpu(): Promise<string> {
  if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") returned false');
  return 'cpu';
}

const TRY: Record<BackendName, () => Promise<string>> = { node: tryNode, wasm: tryWasm, cpu: tryCpu };

/**
 * Picks the fastest tfjs backend that works here and makes it current: tfjs-node when installed (it is an
 * optionalDependency), else wasm with our gradient kernels registered, else the pure-JS cpu backend.
 * Throws only if even cpu fails, listing every reason.
 */
export async function selectBackend(opts: SelectBackendOptions = {}): Promise<SelectedBackend> {
  const prefer = opts.prefer ?? 'node';
  const start = ORDER.indexOf(prefer);
  if (start < 0) throw new RangeError(`prefer must be one of ${ORDER.join('|')}, got ${String(prefer)} (selectBackend options)`);
  const skipped: SelectedBackend['skipped'] = [];
  for (const b of ORDER.slice(start)) {
    try {
      const name = await TRY[b]();
      await tf.ready();
      const simd = name === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null;
      return { name, simd, skipped };
    } catch (e) {
      skipped.push({ backend: b, reason: (e as Error).message.split('\n')[0] });
    }
  }
  throw new Error(`no tfjs backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}
