/**
 * A TFLite interpreter for int8 models, in Node: the TensorFlow Lite runtime compiled to WASM (from
 * @tensorflow/tfjs-tflite), driven through its embind runner with raw int8 tensors (no tfjs tensors, so
 * no int8 → int32 widening). Used to check that what we write is a model the real TFLite runs, and that
 * its outputs match the TS reference interpreter.
 */
import { loadTfliteWasmModule, type ModelRunner, type TensorInfo } from './emscripten-module.ts';

export interface TfliteTensorSpec { name: string; dataType: string; shape: number[] }

export interface TfliteInterpreter {
  inputs: TfliteTensorSpec[];
  outputs: TfliteTensorSpec[];
  /** Runs one int8 input (length = product of the input shape) and returns a copy of the first output. */
  run(int8Input: Int8Array): Int8Array;
  /** Frees the runner and the model bytes in the WASM heap. */
  dispose(): void;
}

function vectorToArray<T extends { delete(): void }>(v: { size(): number; get(i: number): T; delete(): void }): T[] {
  const out: T[] = [];
  for (let i = 0; i < v.size(); i++) out.push(v.get(i));
  v.delete();
  return out;
}

function spec(t: TensorInfo): TfliteTensorSpec {
  return { name: t.name, dataType: t.dataType, shape: t.shape.split(',').map(Number) };
}

export async function loadTfliteInterpreter(bytes: Uint8Array): Promise<TfliteInterpreter> {
  const mod = await loadTfliteWasmModule();
  const ptr = mod._malloc(bytes.length);
  mod.HEAPU8.set(bytes, ptr);
  const created = mod.TFLiteWebModelRunner.CreateFromBufferAndOptions(ptr, bytes.length, { numThreads: 1, enableProfiling: false, maxProfilingBufferEntries: 1024 });
  if (!created.ok()) {
    const msg = created.errorMessage();
    mod._free(ptr);
    throw new Error(`TFLite WASM runtime refused the model (${bytes.length} bytes): ${msg}`);
  }
  let runner: ModelRunner | null = created.value();
  const inInfos = vectorToArray(runner.GetInputs());
  const outInfos = vectorToArray(runner.GetOutputs());
  if (inInfos.length !== 1 || inInfos[0].dataType !== 'int8') {
    throw new Error(`TFLite WASM: expected one int8 input, got ${inInfos.map((t) => `${t.name}:${t.dataType}`).join(', ')}`);
  }
  const inputs = inInfos.map(spec);
  const outputs = outInfos.map(spec);
  const inputSize = inputs[0].shape.reduce((a, b) => a * b, 1);
  return {
    inputs,
    outputs,
    run(int8Input) {
      if (!runner) throw new Error('TFLite WASM interpreter used after dispose()');
      if (int8Input.length !== inputSize) throw new RangeError(`TFLite WASM: input has ${int8Input.length} values, model input ${inputs[0].shape} needs ${inputSize}`);
      // Views into the heap are re-fetched on every call: heap growth detaches old views.
      inInfos[0].data().set(int8Input);
      if (!runner.Infer()) throw new Error('TFLite WASM: Infer() failed');
      return Int8Array.from(outInfos[0].data());
    },
    dispose() {
      if (!runner) return;
      for (const t of [...inInfos, ...outInfos]) t.delete();
      runner.delete();
      runner = null;
      mod._free(ptr);
    },
  };
}
