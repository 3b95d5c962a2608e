/**
 * Training-throughput benchmark: tfjs on the selected fast backend (tfjs-node or wasm + our kernels) vs the
 * pure-JS cpu backend vs PyTorch (scripts/torch_dscnn_bench.py), on the same DS-CNN, side by side in one
 * run. Prints a table when run directly: `node --import tsx scripts/bench-train.ts [--quick]`.
 *
 * Figures are wall-clock samples/s after warm-up; the *_per_cpu_s figures divide by this process's CPU
 * time instead, which stays meaningful when other jobs share the two cores (wall-clock does not).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../trainer/backend/index.ts';
import { buildDsCnn, TINY_DSCNN, type DsCnnConfig } from '../trainer/model.ts';

export interface BenchTrainOptions {
  /** Timed training steps on the fast backend, 1..1000. Defaults to 20. */
  steps?: number;
  /** Untimed steps before timing (JIT, XNNPACK operator caches), 0..100. Defaults to 3. */
  warmup?: number;
  /** Batch size of every measurement except pure-JS, 1..1024. Defaults to 64 (the torch reference's). */
  batch?: number;
  /** Timed steps on the pure-JS backend (it is ~100× slower), 0..20; 0 skips it. Defaults to 2. */
  purejsSteps?: number;
  /** Pure-JS batch size, 1..64: throughput per sample barely depends on it. Defaults to 8. */
  purejsBatch?: number;
  /** Backend to prefer for the fast figures. Defaults to 'node' (falls back to wasm, then cpu). */
  prefer?: BackendName;
  /** Python interpreters to try for the torch reference, in order. Defaults to ['python3', '/usr/bin/python3']. */
  pythons?: string[];
  /** Progress messages (one per phase). Defaults to none. */
  log?: (message: string) => void;
}

export interface BenchTrainResult {
  /** Fast backend, 64-channel 49×10 DS-CNN (the torch reference's architecture), samples/s. */
  train_samples_per_s: number;
  /** Same, per second of this process's CPU time. */
  train_samples_per_cpu_s: number;
  /** Fast backend, the default TINY_DSCNN (32 channels, 49×13), samples/s. */
  tiny_train_samples_per_s: number;
  /** Pure-JS cpu backend, 64-channel model, samples/s (null when purejsSteps is 0). */
  train_samples_per_s_purejs: number | null;
  /** PyTorch, same architecture and batch (null when `import torch` fails). */
  torch_train_samples_per_s: number | null;
  /** PyTorch per CPU second of its process (null when torch is absent). */
  torch_train_samples_per_cpu_s: number | null;
  /** Threads PyTorch used (null when absent). */
  torch_threads: number | null;
  /** Fast backend, 64-channel model, predict() windows/s. */
  infer_windows_per_s: number;
  /** tf.getBackend() name of the fast backend, e.g. 'wasm'. */
  backend: string;
}

/** The torch reference's architecture: 64 channels, 4 blocks, 49×10 MFCC input. */
export const TORCH_REFERENCE: DsCnnConfig = { ...TINY_DSCNN, channels: 64, coeffs: 10 };

function checkRange(name: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name} must be an integer ${lo}..${hi}, got ${v} (benchTrain options)`);
  return v;
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** Trains `cfg` on random data with Adam + BCE; returns [samples/s wall, samples/s CPU]. */
async function trainRate(cfg: DsCnnConfig, batch: number, warmup: number, steps: number): Promise<[number, number]> {
  const model = buildDsCnn(cfg);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  const x = tf.randomNormal([batch, cfg.frames, cfg.coeffs, 1], 0, 1, 'float32', 1);
  const y = tf.randomUniform([batch, 1], 0, 1, 'float32', 2).round();
  for (let i = 0; i < warmup; i++) await model.trainOnBatch(x, y);
  const t0 = performance.now();
  const c0 = cpuMs();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y); // trainOnBatch awaits the loss: synchronous
  const wall = performance.now() - t0;
  const cpu = cpuMs() - c0;
  tf.dispose([x, y]);
  model.dispose();
  return [(steps * batch * 1000) / wall, (steps * batch * 1000) / cpu];
}

async function inferRate(cfg: DsCnnConfig, batch: number, warmup: number, steps: number): Promise<number> {
  const model = buildDsCnn(cfg);
  const x = tf.randomNormal([batch, cfg.frames, cfg.coeffs, 1], 0, 1, 'float32', 3);
  for (let i = 0; i < warmup; i++) tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
  const wall = performance.now() - t0;
  x.dispose();
  model.dispose();
  return (steps * batch * 1000) / wall;
}

interface TorchFigures { train: number; trainCpu: number; threads: number }

/** Runs the PyTorch reference; null when no interpreter can import torch (its exit code 3). */
function torchRate(pythons: string[], cfg: DsCnnConfig, batch: number, warmup: number, steps: number): TorchFigures | null {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'torch_dscnn_bench.py');
  const args = [script, '--frames', `${cfg.frames}`, '--coeffs', `${cfg.coeffs}`, '--channels', `${cfg.channels}`,
    '--blocks', `${cfg.blocks}`, '--batch', `${batch}`, '--warmup', `${warmup}`, '--steps', `${steps}`];
  for (const py of pythons) {
    const r = spawnSync(py, args, { encoding: 'utf8', timeout: 600_000 });
    if (r.error || r.status === 3) continue; // interpreter missing, or torch missing in it
    if (r.status !== 0) throw new Error(`${py} ${script} exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
    const j = JSON.parse(r.stdout) as { train_samples_per_s: number; train_samples_per_cpu_s: number; threads: number };
    return { train: j.train_samples_per_s, trainCpu: j.train_samples_per_cpu_s, threads: j.threads };
  }
  return null;
}

/** Measures everything side by side; leaves the fast backend current. */
export async function benchTrain(opts: BenchTrainOptions = {}): Promise<BenchTrainResult> {
  const steps = checkRange('steps', opts.steps ?? 20, 1, 1000);
  const warmup = checkRange('warmup', opts.warmup ?? 3, 0, 100);
  const batch = checkRange('batch', opts.batch ?? 64, 1, 1024);
  const purejsSteps = checkRange('purejsSteps', opts.purejsSteps ?? 2, 0, 20);
  const purejsBatch = checkRange('purejsBatch', opts.purejsBatch ?? 8, 1, 64);
  const pythons = opts.pythons ?? ['python3', '/usr/bin/python3'];
  const log = opts.log ?? (() => {});

  let purejs: number | null = null;
  if (purejsSteps > 0) {
    log(`pure-JS cpu backend: ${purejsSteps} step(s) of batch ${purejsBatch} …`);
    await selectBackend({ prefer: 'cpu' });
    [purejs] = await trainRate(TORCH_REFERENCE, purejsBatch, 1, purejsSteps);
  }
  const sel = await selectBackend({ prefer: opts.prefer ?? 'node' });
  log(`${sel.name}${sel.simd ? ' (SIMD)' : ''}: ${steps} training steps of batch ${batch}, 64ch then tiny, then inference …`);
  const [train, trainCpu] = await trainRate(TORCH_REFERENCE, batch, warmup, steps);
  const [tiny] = await trainRate(TINY_DSCNN, batch, warmup, steps);
  const infer = await inferRate(TORCH_REFERENCE, batch, warmup, steps);
  log('PyTorch reference …');
  const torch = torchRate(pythons, TORCH_REFERENCE, batch, warmup, steps);
  return {
    train_samples_per_s: train,
    train_samples_per_cpu_s: trainCpu,
    tiny_train_samples_per_s: tiny,
    train_samples_per_s_purejs: purejs,
    torch_train_samples_per_s: torch?.train ?? null,
    torch_train_samples_per_cpu_s: torch?.trainCpu ?? null,
    torch_threads: torch?.threads ?? null,
    infer_windows_per_s: infer,
    backend: sel.name,
  };
}

function printTable(r: BenchTrainResult): void {
  const f = (v: number | null) => (v == null ? 'n/a' : v.toFixed(1));
  const ratio = (a: number | null, b: number | null) => (a == null || b == null ? 'n/a' : `${(a / b).toFixed(2)}×`);
  console.table({
    [`tfjs ${r.backend}, 64ch 49×10`]: { 'train samples/s': f(r.train_samples_per_s), 'per CPU-s': f(r.train_samples_per_cpu_s) },
    [`tfjs ${r.backend}, tiny 32ch 49×13`]: { 'train samples/s': f(r.tiny_train_samples_per_s), 'per CPU-s': '' },
    'tfjs pure-JS cpu, 64ch': { 'train samples/s': f(r.train_samples_per_s_purejs), 'per CPU-s': '' },
    [`PyTorch (${r.torch_threads ?? '-'} threads), 64ch`]: { 'train samples/s': f(r.torch_train_samples_per_s), 'per CPU-s': f(r.torch_train_samples_per_cpu_s) },
  });
  console.log(`${r.backend} vs pure-JS: ${ratio(r.train_samples_per_s, r.train_samples_per_s_purejs)}; `
    + `${r.backend} vs PyTorch: ${ratio(r.train_samples_per_s, r.torch_train_samples_per_s)} wall, `
    + `${ratio(r.train_samples_per_cpu_s, r.torch_train_samples_per_cpu_s)} per CPU-s; `
    + `inference ${f(r.infer_windows_per_s)} windows/s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const log = (m: string) => console.error(m);
  const r = await benchTrain(quick ? { steps: 5, warmup: 1, purejsSteps: 1, log } : { log });
  printTable(r);
  console.log(JSON.stringify(r));
}
