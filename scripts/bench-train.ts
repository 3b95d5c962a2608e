/**
 * Training-throughput benchmark: tfjs on the selected fast backend (tfjs-node or wasm + our kernels) vs the
 * pure-JS cpu backend vs PyTorch (scripts/torch_dscnn_bench.py), on the same DS-CNN, side by side in one
 * run. Prints a table when run directly: `node --import tsx scripts/bench-train.ts [--quick]`.
 *
 * Figures are wall-clock samples/s after warm-up; the *_per_cpu_s figures divide by this process's CPU
 * time instead, which stays meaningful when other jobs share the two cores (wall-clock does not).
 *
 * Threads, the context of every tfjs/PyTorch ratio: the tfjs wasm backend runs on ONE thread under Node
 * (tfjs-backend-wasm hard-wires its threaded build off there: trainer/backend/select-backend.ts), and so
 * does the pure-JS cpu backend. PyTorch is run twice: with one thread per CPU core (the headline
 * torch_train_samples_per_s — what a user of PyTorch gets here once threads are set, torch 1.13 from
 * Debian defaults to 1) and with 1 thread (the like-for-like figure against single-threaded wasm). The *_data_parallel figures train the same model
 * with one replica per core (trainer/data-parallel/: worker threads, each with its own wasm backend, summing
 * gradients through shared memory): the like-for-like figure against PyTorch on all cores.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../trainer/backend/index.ts';
import { buildDsCnn, TINY_DSCNN, type DsCnnConfig } from '../trainer/model.ts';
import { adamOptimizer } from '../trainer/optimizer-adam.ts';
import { DataParallelTrainer } from '../trainer/data-parallel/index.ts';

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
  /**
   * Threads of the headline PyTorch run, 1..256. Defaults to os.availableParallelism() (all cores). A
   * second run always uses 1 thread (reused when this is 1).
   */
  torchThreads?: number;
  /**
   * Data-parallel replicas for the *_data_parallel figures (trainer/data-parallel/), 0 or 2..16; 0 skips
   * them. Defaults to the core count when the fast backend is wasm or cpu and there are ≥ 2 cores, else 0.
   */
  replicas?: number;
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
  /** PyTorch with `torch_threads` threads (all cores by default), same architecture and batch (null when `import torch` fails). */
  torch_train_samples_per_s: number | null;
  /** Same, per CPU second of its process, all its threads counted (null when torch is absent). */
  torch_train_samples_per_cpu_s: number | null;
  /** Threads of the headline PyTorch run, as torch.get_num_threads() reported them (null when absent). */
  torch_threads: number | null;
  /** PyTorch with 1 thread, the like-for-like figure against single-threaded wasm (null when absent). */
  torch_train_samples_per_s_1thread: number | null;
  /** Same, per CPU second (null when absent). */
  torch_train_samples_per_cpu_s_1thread: number | null;
  /** train_samples_per_s / torch_train_samples_per_s (null when torch is absent). */
  train_vs_torch: number | null;
  /** train_samples_per_s / torch_train_samples_per_s_1thread (null when torch is absent). */
  train_vs_torch_1thread: number | null;
  /**
   * Fast backend trained data-parallel (`data_parallel_replicas` worker threads, each a share of every
   * batch), 64-channel model, samples/s; null when skipped (tfjs-node, one core, or replicas 0).
   */
  train_samples_per_s_data_parallel: number | null;
  /** Same, per second of this process's CPU time (all its threads; null when skipped). */
  train_samples_per_cpu_s_data_parallel: number | null;
  /** Same, the tiny model (null when skipped). */
  tiny_train_samples_per_s_data_parallel: number | null;
  /** Replicas of the data-parallel figures (null when skipped). */
  data_parallel_replicas: number | null;
  /** train_samples_per_s_data_parallel / train_samples_per_s: what the extra threads bring (null when skipped). */
  data_parallel_speedup: number | null;
  /** train_samples_per_s_data_parallel / torch_train_samples_per_s: like for like, all cores each (null when either is absent). */
  train_vs_torch_data_parallel: number | null;
  /** Fast backend, 64-channel model, predict() windows/s. */
  infer_windows_per_s: number;
  /** tf.getBackend() name of the fast backend, e.g. 'wasm'. */
  backend: string;
}

/** The torch reference's architecture: 64 channels, 4 blocks, 49×10 MFCC input. */
export const TORCH_REFERENCE: DsCnnConfig = { ...TINY_DSCNN, channels: 64, coeffs: 10 };

/** `v` when it is an integer in lo..hi; else a RangeError naming the option, the range and `where`. */
export function checkIntRange(name: string, v: number, lo: number, hi: number, where = 'benchTrain options'): number {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name} must be an integer ${lo}..${hi}, got ${v} (${where})`);
  return v;
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** A compiled model and one fixed random batch: what every benchmarked (or profiled) training step runs on. */
export interface TrainingSetup {
  model: tf.LayersModel;
  x: tf.Tensor;
  y: tf.Tensor;
}

/**
 * Builds `cfg` compiled with Adam + BCE (the trainer's loss for the default balanced sampling) and a seeded
 * random batch of `batch` windows with 0/1 labels; `model.trainOnBatch(x, y)` is then one training step.
 * The caller disposes model, x and y.
 */
export function trainingSetup(cfg: DsCnnConfig, batch: number): TrainingSetup {
  const model = buildDsCnn(cfg);
  model.compile({ optimizer: adamOptimizer({ learningRate: 1e-3 }), loss: 'binaryCrossentropy' });
  const x = tf.randomNormal([batch, cfg.frames, cfg.coeffs, 1], 0, 1, 'float32', 1);
  const y = tf.randomUniform([batch, 1], 0, 1, 'float32', 2).round();
  return { model, x, y };
}

/** Trains `cfg` on random data with Adam + BCE; returns [samples/s wall, samples/s CPU]. */
async function trainRate(cfg: DsCnnConfig, batch: number, warmup: number, steps: number): Promise<[number, number]> {
  const { model, x, y } = trainingSetup(cfg, batch);
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

/**
 * Trains `cfg` data-parallel with `replicas` worker threads on one random batch repeated; returns
 * [samples/s wall, samples/s per CPU-s of the whole process]. Each replica starts its own backend first
 * (untimed), then a warm-up epoch of `warmup` batches runs before the timed one of `steps` batches.
 */
async function dataParallelRate(cfg: DsCnnConfig, backend: BackendName, replicas: number, batch: number, warmup: number, steps: number): Promise<[number, number]> {
  const { model, x, y } = trainingSetup(cfg, batch);
  const xb = x.dataSync() as Float32Array, yb = y.dataSync() as Float32Array;
  const n = Math.max(steps, warmup, 1) * batch;
  const xs = new Float32Array(n * xb.length / batch), ys = new Float32Array(n);
  for (let i = 0; i < n / batch; i++) { xs.set(xb, i * xb.length); ys.set(yb, i * batch); }
  tf.dispose([x, y]);
  const dp = await DataParallelTrainer.start(model, {
    replicas, architecture: cfg, lossSpec: { kind: 'bce' }, learningRate: 1e-3, backend, maxExamples: n,
  });
  try {
    if (warmup > 0) await dp.trainEpoch(xs, ys, warmup * batch, batch, 1e-3);
    const t0 = performance.now();
    const c0 = cpuMs();
    await dp.trainEpoch(xs, ys, steps * batch, batch, 1e-3);
    const wall = performance.now() - t0;
    const cpu = cpuMs() - c0;
    return [(steps * batch * 1000) / wall, (steps * batch * 1000) / cpu];
  } finally {
    await dp.close();
    model.dispose();
  }
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

export interface TorchFigures {
  /** Training samples/s, wall clock. */
  train: number;
  /** Training samples per CPU second of the python process. */
  trainCpu: number;
  /** torch.get_num_threads() during the run. */
  threads: number;
  /** The interpreter that ran it, so a second run can skip the ones without torch. */
  python: string;
}

/** One PyTorch reference run's shape and length. */
export interface TorchRunSpec {
  cfg: DsCnnConfig;
  batch: number;
  warmup: number;
  steps: number;
  /** torch.set_num_threads(threads); checked against what torch reports back. */
  threads: number;
}

/**
 * Runs scripts/torch_dscnn_bench.py with the first of `pythons` that can import torch; null when none can
 * (the script's exit code 3, or the interpreter is missing). Throws on any other failure, and when torch
 * ran with another thread count than asked (the figure would be mislabelled).
 */
export function runTorchReference(pythons: string[], spec: TorchRunSpec): TorchFigures | null {
  const { cfg, batch, warmup, steps, threads } = spec;
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'torch_dscnn_bench.py');
  const args = [script, '--frames', `${cfg.frames}`, '--coeffs', `${cfg.coeffs}`, '--channels', `${cfg.channels}`,
    '--blocks', `${cfg.blocks}`, '--batch', `${batch}`, '--warmup', `${warmup}`, '--steps', `${steps}`,
    '--threads', `${threads}`];
  for (const py of pythons) {
    const r = spawnSync(py, args, { encoding: 'utf8', timeout: 600_000 });
    if (r.error || r.status === 3) continue; // interpreter missing, or torch missing in it
    if (r.status !== 0) throw new Error(`${py} ${script} exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
    const j = JSON.parse(r.stdout) as { train_samples_per_s: number; train_samples_per_cpu_s: number; threads: number };
    if (j.threads !== threads) throw new Error(`torch ran with ${j.threads} threads, asked for ${threads} (${py} ${script} --threads)`);
    return { train: j.train_samples_per_s, trainCpu: j.train_samples_per_cpu_s, threads: j.threads, python: py };
  }
  return null;
}

const cores = () => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

/** Measures everything side by side; leaves the fast backend current. */
export async function benchTrain(opts: BenchTrainOptions = {}): Promise<BenchTrainResult> {
  const steps = checkIntRange('steps', opts.steps ?? 20, 1, 1000);
  const warmup = checkIntRange('warmup', opts.warmup ?? 3, 0, 100);
  const batch = checkIntRange('batch', opts.batch ?? 64, 1, 1024);
  const purejsSteps = checkIntRange('purejsSteps', opts.purejsSteps ?? 2, 0, 20);
  const purejsBatch = checkIntRange('purejsBatch', opts.purejsBatch ?? 8, 1, 64);
  const pythons = opts.pythons ?? ['python3', '/usr/bin/python3'];
  const torchThreads = checkIntRange('torchThreads', opts.torchThreads ?? cores(), 1, 256);
  const log = opts.log ?? (() => {});
  const replicasOpt = opts.replicas === undefined ? undefined : checkIntRange('replicas', opts.replicas, 0, 16);
  if (replicasOpt === 1) throw new RangeError('replicas must be 0 (skip) or 2..16, got 1 (benchTrain options)');

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
  const replicable = sel.name === 'wasm' || sel.name === 'cpu';
  const replicas = replicasOpt ?? (replicable && cores() >= 2 ? cores() : 0);
  let dp: [number, number] | null = null, dpTiny: [number, number] | null = null;
  if (replicas >= 2 && replicable) {
    log(`${sel.name}, data parallel: ${replicas} replicas, 64ch then tiny …`);
    dp = await dataParallelRate(TORCH_REFERENCE, sel.name as BackendName, replicas, batch, warmup, steps);
    dpTiny = await dataParallelRate(TINY_DSCNN, sel.name as BackendName, replicas, batch, warmup, steps);
  }
  const run = { cfg: TORCH_REFERENCE, batch, warmup, steps };
  log(`PyTorch reference, ${torchThreads} thread(s) …`);
  const torch = runTorchReference(pythons, { ...run, threads: torchThreads });
  let torch1: TorchFigures | null = torch;
  if (torch && torchThreads !== 1) {
    log('PyTorch reference, 1 thread …');
    torch1 = runTorchReference([torch.python], { ...run, threads: 1 });
  }
  const ratio = (t: TorchFigures | null) => (t ? train / t.train : null);
  return {
    train_samples_per_s: train,
    train_samples_per_cpu_s: trainCpu,
    tiny_train_samples_per_s: tiny,
    train_samples_per_s_purejs: purejs,
    torch_train_samples_per_s: torch?.train ?? null,
    torch_train_samples_per_cpu_s: torch?.trainCpu ?? null,
    torch_threads: torch?.threads ?? null,
    torch_train_samples_per_s_1thread: torch1?.train ?? null,
    torch_train_samples_per_cpu_s_1thread: torch1?.trainCpu ?? null,
    train_vs_torch: ratio(torch),
    train_vs_torch_1thread: ratio(torch1),
    train_samples_per_s_data_parallel: dp?.[0] ?? null,
    train_samples_per_cpu_s_data_parallel: dp?.[1] ?? null,
    tiny_train_samples_per_s_data_parallel: dpTiny?.[0] ?? null,
    data_parallel_replicas: dp ? replicas : null,
    data_parallel_speedup: dp ? dp[0] / train : null,
    train_vs_torch_data_parallel: dp && torch ? dp[0] / torch.train : null,
    infer_windows_per_s: infer,
    backend: sel.name,
  };
}

/**
 * The side-by-side table and the ratio lines, as text. The fast backend is labelled "1 thread" for wasm
 * and cpu (see the header comment); tfjs-node ('tensorflow') runs TensorFlow's own thread pool.
 */
export function formatBenchTrain(r: BenchTrainResult): string {
  const f = (v: number | null) => (v == null ? 'n/a' : v.toFixed(1));
  const ratio = (a: number | null, b: number | null) => (a == null || b == null ? 'n/a' : `${(a / b).toFixed(2)}×`);
  const fast = r.backend === 'wasm' || r.backend === 'cpu' ? `tfjs ${r.backend} (1 thread)` : `tfjs ${r.backend}`;
  const nt = `PyTorch (${r.torch_threads ?? '-'} threads)`;
  const rows: [string, string, string][] = [
    ['', 'train samples/s', 'per CPU-s'],
    [`${fast}, 64ch 49×10`, f(r.train_samples_per_s), f(r.train_samples_per_cpu_s)],
    [`${fast}, tiny 32ch 49×13`, f(r.tiny_train_samples_per_s), ''],
    [`tfjs ${r.backend} data parallel (${r.data_parallel_replicas ?? '-'} threads), 64ch`, f(r.train_samples_per_s_data_parallel), f(r.train_samples_per_cpu_s_data_parallel)],
    [`tfjs ${r.backend} data parallel (${r.data_parallel_replicas ?? '-'} threads), tiny`, f(r.tiny_train_samples_per_s_data_parallel), ''],
    ['tfjs pure-JS cpu (1 thread), 64ch', f(r.train_samples_per_s_purejs), ''],
    [`${nt}, 64ch`, f(r.torch_train_samples_per_s), f(r.torch_train_samples_per_cpu_s)],
    ['PyTorch (1 thread), 64ch', f(r.torch_train_samples_per_s_1thread), f(r.torch_train_samples_per_cpu_s_1thread)],
  ];
  const w = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c].length)));
  const lines = rows.map((row) => `${row[0].padEnd(w[0])}  ${row[1].padStart(w[1])}  ${row[2].padStart(w[2])}`.trimEnd());
  lines.splice(1, 0, '-'.repeat(w[0] + w[1] + w[2] + 4));
  lines.push(
    `${r.backend} vs pure-JS: ${ratio(r.train_samples_per_s, r.train_samples_per_s_purejs)}; inference ${f(r.infer_windows_per_s)} windows/s`,
    `${r.backend} vs ${nt}: ${ratio(r.train_samples_per_s, r.torch_train_samples_per_s)} wall, `
      + `${ratio(r.train_samples_per_cpu_s, r.torch_train_samples_per_cpu_s)} per CPU-s`,
    `${r.backend} vs PyTorch (1 thread): ${ratio(r.train_samples_per_s, r.torch_train_samples_per_s_1thread)} wall, `
      + `${ratio(r.train_samples_per_cpu_s, r.torch_train_samples_per_cpu_s_1thread)} per CPU-s`,
    `${r.backend} data parallel (${r.data_parallel_replicas ?? '-'} threads) vs ${nt}: ${ratio(r.train_samples_per_s_data_parallel, r.torch_train_samples_per_s)} wall, `
      + `${ratio(r.train_samples_per_cpu_s_data_parallel, r.torch_train_samples_per_cpu_s)} per CPU-s; vs ${r.backend} 1 thread: ${ratio(r.train_samples_per_s_data_parallel, r.train_samples_per_s)}`,
  );
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const log = (m: string) => console.error(m);
  const r = await benchTrain(quick ? { steps: 5, warmup: 1, purejsSteps: 1, log } : { log });
  console.log(formatBenchTrain(r));
  console.log(JSON.stringify(r));
}
