/**
 * Loads the TFLite WASM runtime that ships inside @tensorflow/tfjs-tflite, in Node, without its browser
 * client: that client wants Web-Worker globals (`self`, `location`, `importScripts`), prefers a threaded
 * build Node cannot start, and fetches its `.wasm` by URL. The package's emscripten module factory
 * (`wasm/tflite_web_api_cc.js`, the single-threaded, non-SIMD build) runs under Node as CommonJS when
 * handed the `.wasm` bytes directly, and exposes the same embind `TFLiteWebModelRunner` the client wraps.
 * Loaded once per process.
 *
 * The runner always applies the XNNPACK delegate: its options are only numThreads, enableProfiling and
 * maxProfilingBufferEntries (profiling shows one TfLiteXNNPackDelegate node for numThreads 1, 0 and −1),
 * and the SIMD build gives the same outputs. This does not matter for conv: when XNNPACK is bypassed
 * (filters fed as graph inputs), the builtin CONV_2D gives the same int8 values. Both requantise with
 * single rounding, where the TFLM reference uses double rounding. Builtin DEPTHWISE_CONV_2D matches
 * the double-rounding reference. Measured on models/tiny, 2026-11-29.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

/** The slice of the embind API we use (tensorflow_lite_support/web/tflite_web_api). */
export interface TensorInfo {
  id: number;
  name: string;
  dataType: string;
  /** Comma-separated dims, e.g. "1,49,13,1". */
  shape: string;
  /** A view into the WASM heap, typed by dataType (Int8Array for int8). Valid until the next heap growth. */
  data(): ArrayLike<number> & { set(a: ArrayLike<number>): void };
  delete(): void;
}
interface CppVector<T> { size(): number; get(i: number): T; delete(): void }
export interface ModelRunner {
  GetInputs(): CppVector<TensorInfo>;
  GetOutputs(): CppVector<TensorInfo>;
  Infer(): boolean;
  delete(): void;
}
export interface TfliteWasmModule {
  HEAPU8: Uint8Array;
  _malloc(n: number): number;
  _free(p: number): void;
  TFLiteWebModelRunner: {
    CreateFromBufferAndOptions(ptr: number, size: number, opts: { numThreads: number; enableProfiling: boolean; maxProfilingBufferEntries: number }): {
      ok(): boolean; errorMessage(): string; value(): ModelRunner;
    };
  };
}

const BUILD = 'tflite_web_api_cc';
let loading: Promise<TfliteWasmModule> | null = null;

export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-tflite/package.json')), 'wasm');
}

export function loadTfliteWasmModule(): Promise<TfliteWasmModule> {
  loading ??= (async () => {
    const dir = wasmDirectory();
    const require = createRequire(import.meta.url);
    const factory = require(path.join(dir, `${BUILD}.js`)) as (m: { wasmBinary: Uint8Array; print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<TfliteWasmModule>;
    const wasmBinary = fs.readFileSync(path.join(dir, `${BUILD}.wasm`));
    // The runtime prints an INFO line per model (XNNPACK delegate); keep stdout for our own output.
    return factory({ wasmBinary, print: () => {}, printErr: () => {} });
  })();
  return loading;
}
