// The bench's PyTorch plumbing and its table, without timing anything: fake interpreters (tiny sh scripts)
// stand in for python so the tests run in milliseconds and need no torch.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchTrain, formatBenchTrain, runTorchReference, TORCH_REFERENCE, type BenchTrainResult } from '../../scripts/bench-train.ts';

/** Writes an executable sh script into `dir` and returns its path. */
function fakePython(dir: string, name: string, body: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return p;
}

// Echoes the --threads it was given as torch would report it; `report` overrides it.
const ECHO_THREADS = (report = '$t') => `t=0; while [ $# -gt 0 ]; do [ "$1" = --threads ] && t=$2; shift; done
echo "{\\"train_samples_per_s\\": 100, \\"train_samples_per_cpu_s\\": 50, \\"threads\\": ${report}}"`;

describe('scripts/bench-train: PyTorch reference runs', () => {
  let dir: string;
  const spec = { cfg: TORCH_REFERENCE, batch: 4, warmup: 0, steps: 1 };
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-train-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes --threads to the script and returns the figures with the interpreter that ran', () => {
    const py = fakePython(dir, 'py-echo', ECHO_THREADS());
    expect(runTorchReference([py], { ...spec, threads: 2 })).to.deep.equal({ train: 100, trainCpu: 50, threads: 2, python: py });
    expect(runTorchReference([py], { ...spec, threads: 1 })?.threads).to.equal(1);
  });

  it('skips interpreters without torch (exit 3) or missing, and is null when none has torch', () => {
    const noTorch = fakePython(dir, 'py-notorch', 'echo \'{"error": "import torch failed"}\'; exit 3');
    const py = fakePython(dir, 'py-echo2', ECHO_THREADS());
    const missing = path.join(dir, 'no-such-python');
    expect(runTorchReference([missing, noTorch, py], { ...spec, threads: 2 })?.python).to.equal(py);
    expect(runTorchReference([missing, noTorch], { ...spec, threads: 2 })).to.equal(null);
  });

  it('throws when torch ran with another thread count than asked, or the script failed', () => {
    const stuck = fakePython(dir, 'py-stuck', ECHO_THREADS('1'));
    expect(() => runTorchReference([stuck], { ...spec, threads: 2 })).to.throw(/torch ran with 1 threads, asked for 2/);
    const broken = fakePython(dir, 'py-broken', 'echo "boom" >&2; exit 1');
    expect(() => runTorchReference([broken], { ...spec, threads: 1 })).to.throw(/exited 1: boom/);
  });

  it('rejects a torchThreads option out of range before measuring anything', async () => {
    let err: unknown;
    try { await benchTrain({ torchThreads: 0 }); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(RangeError);
    expect((err as Error).message).to.match(/torchThreads must be an integer 1\.\.256, got 0/);
  });
});

describe('scripts/bench-train: table', () => {
  const r: BenchTrainResult = {
    train_samples_per_s: 490, train_samples_per_cpu_s: 500, tiny_train_samples_per_s: 750,
    train_samples_per_s_purejs: 1.5, torch_train_samples_per_s: 700, torch_train_samples_per_cpu_s: 350,
    torch_threads: 2, torch_train_samples_per_s_1thread: 490 / 0.7 / 1.5, torch_train_samples_per_cpu_s_1thread: 400,
    train_vs_torch: 0.7, train_vs_torch_1thread: 1.05, infer_windows_per_s: 3000, backend: 'wasm',
    train_samples_per_s_data_parallel: 840, train_samples_per_cpu_s_data_parallel: 430,
    tiny_train_samples_per_s_data_parallel: 1200, data_parallel_replicas: 2, data_parallel_speedup: 840 / 490,
    train_vs_torch_data_parallel: 1.2,
  };

  it('shows both PyTorch runs and the ratio against each, labelling wasm single-threaded', () => {
    const t = formatBenchTrain(r);
    expect(t).to.match(/^tfjs wasm \(1 thread\), 64ch 49×10 +490\.0 +500\.0$/m);
    expect(t).to.match(/^PyTorch \(2 threads\), 64ch +700\.0 +350\.0$/m);
    expect(t).to.match(/^PyTorch \(1 thread\), 64ch +466\.7 +400\.0$/m);
    expect(t).to.match(/^wasm vs PyTorch \(2 threads\): 0\.70× wall, 1\.43× per CPU-s$/m);
    expect(t).to.match(/^wasm vs PyTorch \(1 thread\): 1\.05× wall, 1\.25× per CPU-s$/m);
  });

  it('shows the data-parallel figures against PyTorch on all cores and against one thread', () => {
    const t = formatBenchTrain(r);
    expect(t).to.match(/^tfjs wasm data parallel \(2 threads\), 64ch +840\.0 +430\.0$/m);
    expect(t).to.match(/^tfjs wasm data parallel \(2 threads\), tiny +1200\.0$/m);
    expect(t).to.match(/^wasm data parallel \(2 threads\) vs PyTorch \(2 threads\): 1\.20× wall, 1\.23× per CPU-s; vs wasm 1 thread: 1\.71×$/m);
  });

  it('rejects 1 replica (0 skips, 2..16 measure) before measuring anything', async () => {
    const err = await benchTrain({ replicas: 1 }).then(() => null, (e: Error) => e);
    expect(err?.message).to.match(/replicas must be 0 \(skip\) or 2\.\.16, got 1/);
  });

  it('prints n/a where torch is absent', () => {
    const t = formatBenchTrain({ ...r, torch_train_samples_per_s: null, torch_train_samples_per_cpu_s: null, torch_threads: null,
      torch_train_samples_per_s_1thread: null, torch_train_samples_per_cpu_s_1thread: null, train_vs_torch: null, train_vs_torch_1thread: null });
    expect(t).to.match(/^PyTorch \(- threads\), 64ch +n\/a +n\/a$/m);
    expect(t).to.match(/^wasm vs PyTorch \(1 thread\): n\/a wall, n\/a per CPU-s$/m);
  });
});
