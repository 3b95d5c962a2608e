/**
 * Profiler of ONE training step (forward + loss + gradients + Adam update) of the DS-CNN, on the fast
 * backend the trainer and the bench select, with the bench's model, optimizer, loss and batch
 * (scripts/bench-train.ts trainingSetup). The step is wrapped in tf.profile and its kernels are summed by
 * kernel name. Run: `npm run profile -- [--arch tiny|ref] [--batch 64] [--top 15] [--json]`.
 *
 * How the times arise (tfjs-core 4.22, dist/profiler.js and engine.js): every kernel run inside tf.profile
 * goes through Profiler.profileKernel, which asks backend.time(f). The wasm (and cpu) backend's time() is
 * util.now() around the synchronous kernel function, so kernelTimeMs is the kernel's real compute time on
 * these backends (a GPU backend could return {error} instead: such calls are counted as untimed, never as
 * 0 ms). What no kernel accounts for — the engine's tape and gradient bookkeeping in JS, tensor
 * allocation and disposal, the profiler's own records — is the step's wall time minus the kernels' sum,
 * reported as the coverage. Several steps are profiled one by one and every figure is a median over them
 * (ProfileTrainOptions.repeat); the step is also timed unprofiled to show the profiler's own cost.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../trainer/backend/index.ts';
import { TINY_DSCNN, type DsCnnConfig } from '../trainer/model.ts';
import { checkIntRange, TORCH_REFERENCE, trainingSetup } from './bench-train.ts';

/** What aggregateKernels reads of one tf.profile() kernel record (tf.profile has resolved its promises). */
export interface ProfiledKernel {
  /** Registered kernel name (e.g. 'Conv2DBackpropFilter'), or a tf.customGrad scope's name. */
  name: string;
  /** Milliseconds the backend timed, or the backend's timer error. */
  kernelTimeMs: number | { error: string };
}

/** One profiled training step: tf.profile's kernel records and the step's wall time. */
export interface ProfiledStep {
  kernels: readonly ProfiledKernel[];
  /** Wall time of the step, ms, > 0. */
  stepMs: number;
}

/** One kernel name's calls in a step (medians over the steps given, see aggregateKernels). */
export interface KernelRow {
  name: string;
  /** Time of its timed calls in the step, ms. */
  totalMs: number;
  /** totalMs / the step's wall time, 0..1. */
  shareOfStep: number;
  /** totalMs / the sum over all kernels, 0..1. */
  shareOfKernels: number;
  /** Invocations in the step. */
  calls: number;
  /** Invocations without a time (the backend returned a timer error); not in totalMs. */
  untimedCalls: number;
}

/** A training step's kernels summed by name. */
export interface KernelSummary {
  /** Steps the figures are medians over. */
  steps: number;
  /** Wall time of the step, ms. */
  stepMs: number;
  /** Sum of the rows' totalMs, ms. */
  kernelMs: number;
  /** kernelMs / stepMs: the part of the step spent inside kernels. */
  coverage: number;
  /** Sum of the rows' calls (scopes excluded). */
  calls: number;
  /** Sum of the rows' untimedCalls. */
  untimedCalls: number;
  /** By totalMs, largest first; ties by name. */
  rows: KernelRow[];
  /**
   * Records that are not registered kernels: tf.customGrad scopes, whose time contains the kernels they
   * ran, which have their own records. Left out of every sum so nothing is counted twice.
   */
  scopes: { name: string; totalMs: number; calls: number }[];
}

/** Lower median (an observed value, never an average of two): what every figure over several steps is. */
export function lowerMedian(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('lowerMedian of no values (profile-train)');
  return [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
}

interface Tally { totalMs: number; calls: number; untimedCalls: number }

/** One step's records summed by name, kernels and scopes apart. */
function tallyStep(step: ProfiledStep, isKernel: (name: string) => boolean): { kernels: Map<string, Tally>; scopes: Map<string, Tally> } {
  if (!(Number.isFinite(step.stepMs) && step.stepMs > 0)) throw new RangeError(`stepMs must be a finite number > 0, got ${step.stepMs} (aggregateKernels)`);
  const kernels = new Map<string, Tally>();
  const scopes = new Map<string, Tally>();
  for (const k of step.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' && Number.isFinite(k.kernelTimeMs) ? k.kernelTimeMs : null;
    const into = isKernel(k.name) ? kernels : scopes;
    const t = into.get(k.name) ?? { totalMs: 0, calls: 0, untimedCalls: 0 };
    t.calls++;
    if (ms == null) t.untimedCalls++;
    else t.totalMs += ms;
    into.set(k.name, t);
  }
  return { kernels, scopes };
}

/**
 * Sums each step's records (tf.profile's ProfileInfo.kernels) by kernel name, then takes, per name, the
 * lower median over the steps of its time and calls (0 in a step it did not run in), and the lower median
 * of the step wall times. One step gives its plain sums. The median makes a figure robust to a
 * preemption or GC pause that lands in one step's kernel; the shares then relate medians, so they sum to
 * about, not exactly, the median step's coverage. `isKernel` tells registered kernels from customGrad
 * scopes (defaults to: everything is a kernel).
 */
export function aggregateKernels(steps: readonly ProfiledStep[], isKernel: (name: string) => boolean = () => true): KernelSummary {
  if (steps.length === 0) throw new RangeError('aggregateKernels needs at least one profiled step, got 0');
  const tallies = steps.map((st) => tallyStep(st, isKernel));
  const stepMs = lowerMedian(steps.map((st) => st.stepMs));
  const across = (pick: (t: { kernels: Map<string, Tally>; scopes: Map<string, Tally> }) => Map<string, Tally>) => {
    const names = new Set(tallies.flatMap((t) => [...pick(t).keys()]));
    return [...names].map((name) => {
      const per = tallies.map((t) => pick(t).get(name) ?? { totalMs: 0, calls: 0, untimedCalls: 0 });
      return {
        name,
        totalMs: lowerMedian(per.map((t) => t.totalMs)),
        calls: lowerMedian(per.map((t) => t.calls)),
        untimedCalls: lowerMedian(per.map((t) => t.untimedCalls)),
      };
    }).sort((a, b) => b.totalMs - a.totalMs || a.name.localeCompare(b.name));
  };
  const kernels = across((t) => t.kernels);
  const kernelMs = kernels.reduce((a, r) => a + r.totalMs, 0);
  const rows = kernels.map((r) => ({ ...r, shareOfStep: r.totalMs / stepMs, shareOfKernels: kernelMs > 0 ? r.totalMs / kernelMs : 0 }));
  return {
    steps: steps.length,
    stepMs,
    kernelMs,
    coverage: kernelMs / stepMs,
    calls: rows.reduce((a, r) => a + r.calls, 0),
    untimedCalls: rows.reduce((a, r) => a + r.untimedCalls, 0),
    rows,
    scopes: across((t) => t.scopes).map(({ name, totalMs, calls }) => ({ name, totalMs, calls })),
  };
}

/** The architectures `--arch` names. */
export const PROFILE_ARCHS = {
  /** The shipped model (trainer/model.ts): 32 channels, 49×13. */
  tiny: TINY_DSCNN,
  /** The bench's PyTorch reference: 64 channels, 49×10. */
  ref: TORCH_REFERENCE,
} as const satisfies Record<string, DsCnnConfig>;

export interface ProfileTrainOptions {
  /** Model to profile. Defaults to TINY_DSCNN. */
  cfg?: DsCnnConfig;
  /** Batch size, 1..1024. Defaults to 64 (the bench's). */
  batch?: number;
  /** Unprofiled steps before anything is measured (JIT, XNNPACK operator caches), 0..100. Defaults to 3. */
  warmup?: number;
  /**
   * Steps profiled, each alone in its own tf.profile, 1..50; figures are medians over them
   * (aggregateKernels). Defaults to 7: on a shared machine one step can catch a preemption or a GC pause
   * that lands in whichever kernel happens to run (a 64×32 MatMul took 10 ms in one step, Square 17 ms in
   * another where it usually takes 1.5).
   */
  repeat?: number;
  /** Unprofiled steps timed after the profiled ones, for the wall time without the profiler, 0..100. Defaults to 3. */
  referenceSteps?: number;
  /** Backend to prefer, as selectBackend takes it. Defaults to 'node' (falls back to wasm, then cpu). */
  prefer?: BackendName;
}

export interface ProfileTrainResult {
  /** tf.getBackend() name, e.g. 'wasm'. */
  backend: string;
  /** Whether wasm ran with SIMD (null for other backends). */
  simd: boolean | null;
  cfg: DsCnnConfig;
  batch: number;
  /** Lower median wall time of the unprofiled steps, ms (null when referenceSteps is 0). */
  unprofiledStepMs: number | null;
  /** Wall times of all profiled steps, ms, in the order run. */
  profiledStepsMs: number[];
  /** The profiled steps' kernels, medians over the steps. */
  summary: KernelSummary;
}

const checkRange = (name: string, v: number, lo: number, hi: number) => checkIntRange(name, v, lo, hi, 'profileTrainStep options');

/**
 * Selects the fast backend, then after the warm-up profiles `repeat` training steps of `cfg`, each alone in
 * its own tf.profile, and sums their kernels by name (medians over the steps); leaves the backend current.
 */
export async function profileTrainStep(opts: ProfileTrainOptions = {}): Promise<ProfileTrainResult> {
  const cfg = opts.cfg ?? TINY_DSCNN;
  const batch = checkRange('batch', opts.batch ?? 64, 1, 1024);
  const warmup = checkRange('warmup', opts.warmup ?? 3, 0, 100);
  const repeat = checkRange('repeat', opts.repeat ?? 7, 1, 50);
  const referenceSteps = checkRange('referenceSteps', opts.referenceSteps ?? 3, 0, 100);
  const sel = await selectBackend({ prefer: opts.prefer ?? 'node' });
  const { model, x, y } = trainingSetup(cfg, batch);
  try {
    for (let i = 0; i < warmup; i++) await model.trainOnBatch(x, y);
    const profiled: ProfiledStep[] = [];
    for (let i = 0; i < repeat; i++) {
      let stepMs = 0;
      // The clock runs inside the query so that tf.profile's own post-processing is not part of the step.
      const info = await tf.profile(async () => {
        const t0 = performance.now();
        await model.trainOnBatch(x, y); // awaits the loss value: the step has finished when this resolves
        stepMs = performance.now() - t0;
      });
      // tf.profile awaits every kernelTimeMs before it returns (engine.js profile()), so none is a promise here.
      const kernels = info.kernels.map((k) => ({ name: k.name, kernelTimeMs: k.kernelTimeMs as number | { error: string } }));
      profiled.push({ stepMs, kernels });
    }
    const unprofiled: number[] = [];
    for (let i = 0; i < referenceSteps; i++) {
      const t0 = performance.now();
      await model.trainOnBatch(x, y);
      unprofiled.push(performance.now() - t0);
    }
    const summary = aggregateKernels(profiled, (name) => tf.getKernel(name, sel.name) != null);
    return {
      backend: sel.name, simd: sel.simd, cfg, batch, profiledStepsMs: profiled.map((p) => p.stepMs),
      unprofiledStepMs: unprofiled.length ? lowerMedian(unprofiled) : null, summary,
    };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

/** The `top` largest kernels as a table, then the totals: kernel coverage of the step and the profiler's cost. */
export function formatProfile(r: ProfileTrainResult, top = 15): string {
  checkRange('top', top, 1, 10_000);
  const { summary: s } = r;
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  const rows: string[][] = [['kernel', 'ms', 'share of step', 'share of kernels', 'calls']];
  for (const k of s.rows.slice(0, top)) {
    rows.push([k.name, k.totalMs.toFixed(2), pct(k.shareOfStep), pct(k.shareOfKernels), `${k.calls}${k.untimedCalls ? ` (${k.untimedCalls} untimed)` : ''}`]);
  }
  const rest = s.rows.slice(top);
  if (rest.length > 0) {
    const ms = rest.reduce((a, k) => a + k.totalMs, 0);
    rows.push([`(${rest.length} more kernels)`, ms.toFixed(2), pct(ms / s.stepMs), pct(s.kernelMs > 0 ? ms / s.kernelMs : 0), `${rest.reduce((a, k) => a + k.calls, 0)}`]);
  }
  rows.push(['all kernels', s.kernelMs.toFixed(2), pct(s.coverage), pct(s.kernelMs > 0 ? 1 : 0), `${s.calls}`]);
  rows.push(['outside kernels (JS: tape, allocation, profiler)', (s.stepMs - s.kernelMs).toFixed(2), pct(1 - s.coverage), '', '']);
  const w = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((v, c) => (c === 0 ? v.padEnd(w[c]) : v.padStart(w[c]))).join('  ').trimEnd();
  const rule = '-'.repeat(w.reduce((a, b) => a + b + 2, -2));
  const { cfg } = r;
  const head = `one training step, ${r.backend}${r.simd ? ' (SIMD)' : ''}, DS-CNN ${cfg.channels} ch × ${cfg.blocks} blocks, `
    + `${cfg.frames}×${cfg.coeffs}, batch ${r.batch}: ${s.stepMs.toFixed(1)} ms profiled`
    + (s.steps > 1 ? ` (median of ${r.profiledStepsMs.map((t) => t.toFixed(0)).join('/')} ms; kernel figures are per-kernel medians over these ${s.steps} steps)` : '')
    + (r.unprofiledStepMs == null ? '' : `, ${r.unprofiledStepMs.toFixed(1)} ms unprofiled (median)`);
  const lines = [head, line(rows[0]), rule, ...rows.slice(1, -2).map(line), rule, ...rows.slice(-2).map(line)];
  if (s.untimedCalls > 0) lines.push(`${s.untimedCalls} kernel call(s) had no time from the backend: not in the sums`);
  if (s.scopes.length > 0) lines.push(`customGrad scopes left out (their kernels are listed): ${s.scopes.map((c) => `${c.name} ×${c.calls}`).join(', ')}`);
  return lines.join('\n');
}

function intArg(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${flag} must be an integer, got ${v}`);
    return n;
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const program = new Command('profile-train')
    .description('Profile one DS-CNN training step with tf.profile and sum its kernels by name')
    .addOption(new Option('--arch <arch>', 'tiny = shipped 32-ch model, ref = 64-ch bench reference').choices(['tiny', 'ref']).default('tiny'))
    .option('--batch <n>', 'batch size, 1..1024', intArg('--batch'), 64)
    .option('--warmup <n>', 'unprofiled warm-up steps, 0..100', intArg('--warmup'), 3)
    .option('--repeat <n>', 'steps profiled one by one, figures are medians over them, 1..50', intArg('--repeat'), 7)
    .option('--top <n>', 'kernels listed in the table', intArg('--top'), 15)
    .option('--json', 'print one JSON object instead of the table')
    .parse();
  const o = program.opts<{ arch: keyof typeof PROFILE_ARCHS; batch: number; warmup: number; repeat: number; top: number; json?: boolean }>();
  const r = await profileTrainStep({ cfg: PROFILE_ARCHS[o.arch], batch: o.batch, warmup: o.warmup, repeat: o.repeat });
  console.log(o.json ? JSON.stringify({ arch: o.arch, ...r }) : formatProfile(r, o.top));
}
