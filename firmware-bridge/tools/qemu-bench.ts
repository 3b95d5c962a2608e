/**
 * Benchmark of the Cortex-M4F build: builds the boot-benchmark image (`make qemu-bench`, never the production
 * image) against a model export (default: a random DS-CNN with TINY_DSCNN's size, 32 channels × 4 blocks), once
 * per kernel set (`--kernels ref,m4`: the portable reference kernels and the DSP-extension kernels), boots each
 * in `qemu-system-arm -M mps2-an386 -icount shift=0` (1 instruction = 1 ns of virtual time, so the board's µs
 * clock counts thousands of instructions) and prints, side by side, the instructions per MFCC frame, per
 * inference and per window normalisation (window_norm.c), ms per window at `--mhz` (one instruction per cycle, `--cpi` to scale), and the production
 * image's flash/RAM (`make qemu`, arm-none-eabi-size). `--before REV` adds, in the same run, a column for the
 * firmware as it was at git revision REV (its firmware-bridge/ extracted with `git archive` into build/, its own
 * `make qemu` image, and its boot benchmark: part of that image before issue 17, `make qemu-bench` since).
 * Per-layer and cycle-weighted figures: qemu-mix.ts. Prints figures; asserts nothing.
 *
 *   node --import tsx firmware-bridge/tools/qemu-bench.ts [--model-dir DIR] [--kernels ref,m4] [--before REV]
 *       [--channels 32] [--blocks 4] [--mhz 64] [--cpi 1.0] [--json]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { DEFAULT_WINDOW } from '../../trainer/model-meta.ts';
import { randomQModel } from './random-qmodel.ts';
import { randomNorm, writeFirmwareSources } from './write-export.ts';

const FB = resolve(import.meta.dirname, '..');
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};

export interface BenchRun {
  kernels: string;
  frameInstr: number;
  inferenceInstr: number;
  /** Instructions of one window normalisation (window_norm.c); undefined if the image does not report it. */
  normInstr?: number;
  flash: number;
  ram: number;
}

/** Boots an image and returns its serial output up to the bench LOG line. */
async function bootBench(elf: string): Promise<string> {
  const q = spawn('qemu-system-arm', ['-M', 'mps2-an386', '-display', 'none', '-monitor', 'none', '-serial', 'stdio',
    '-icount', 'shift=0', '-kernel', elf], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    return await new Promise<string>((res, rej) => {
      let buf = '';
      const t = setTimeout(() => rej(new Error(`no bench lines from ${elf} within 60 s`)), 60000);
      q.stdout!.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        // The whole line, norm fields included (they may arrive in a later chunk); an older image's line
        // stops after score, so that alone is accepted after a grace period.
        if (/bench frame_us=\d+ inference_us=\d+ score=-?\d+ n_layers=\d+ norm_runs=\d+ norm_us=\d+/.test(buf)) { clearTimeout(t); res(buf); }
        else if (/bench frame_us=\d+ inference_us=\d+ score=-?\d+/.test(buf)) setTimeout(() => { clearTimeout(t); res(buf); }, 2000);
      });
    });
  } finally {
    q.kill();
  }
}

/** One window normalisation's instructions from the bench line (`norm_runs` calls timed together), if printed. */
function normInstr(out: string): number | undefined {
  const m = /norm_runs=(\d+) norm_us=(\d+)/.exec(out);
  return m ? Math.round((Number(m[2]) * 1000) / Number(m[1])) : undefined;
}

export async function benchKernels(modelDir: string, kernels: string): Promise<BenchRun> {
  const md = `MODEL_DIR=${resolve(modelDir)}`;
  execFileSync('make', ['-s', '-C', FB, 'qemu-bench', 'qemu', md, `KERNELS=${kernels}`], { stdio: 'inherit' });
  const suffix = kernels === 'ref' ? '-ref' : '';
  const size = execFileSync('arm-none-eabi-size', [join(FB, `build/qemu${suffix}/gunshot-board.elf`)], { encoding: 'utf8' });
  const [text, data, bss] = size.split('\n')[1].trim().split(/\s+/).map(Number);
  const out = await bootBench(join(FB, `build/qemu-bench${suffix}/gunshot-board.elf`));
  const frameUs = Number(/frame_us=(\d+)/.exec(out)![1]);
  const inferUs = Number(/inference_us=(\d+)/.exec(out)![1]);
  return { kernels, frameInstr: frameUs * 1000, inferenceInstr: inferUs * 1000, normInstr: normInstr(out), flash: text + data, ram: data + bss };
}

/** The firmware at git revision `rev`: its own tree and image, its boot benchmark in the image as it then was. */
export async function benchRevision(modelDir: string, rev: string): Promise<BenchRun> {
  const dir = join(FB, 'build', `rev-${rev}`);
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', 'git -C "$1" archive "$2" firmware-bridge | tar -x -C "$3"', 'sh', resolve(FB, '..'), rev, dir]);
  const fb = join(dir, 'firmware-bridge');
  // Since issue 17 the boot benchmark is its own image (`make qemu-bench`, M4 kernels by default); before, it was
  // part of `make qemu`.
  const ownBench = /^qemu-bench:/m.test(readFileSync(join(fb, 'Makefile'), 'utf8'));
  execFileSync('make', ['-s', '-C', fb, 'qemu', ...(ownBench ? ['qemu-bench'] : []), `MODEL_DIR=${resolve(modelDir)}`], { stdio: 'inherit' });
  const elf = join(fb, 'build/qemu/gunshot-board.elf');
  const size = execFileSync('arm-none-eabi-size', [elf], { encoding: 'utf8' });
  const [text, data, bss] = size.split('\n')[1].trim().split(/\s+/).map(Number);
  const out = await bootBench(ownBench ? join(fb, 'build/qemu-bench/gunshot-board.elf') : elf);
  return {
    kernels: `${rev} (before)`, frameInstr: Number(/frame_us=(\d+)/.exec(out)![1]) * 1000,
    inferenceInstr: Number(/inference_us=(\d+)/.exec(out)![1]) * 1000, normInstr: normInstr(out), flash: text + data, ram: data + bss,
  };
}

async function main(): Promise<void> {
  const channels = Number(arg('--channels', '32'));
  const blocks = Number(arg('--blocks', '4'));
  const mhz = Number(arg('--mhz', '64'));
  const cpi = Number(arg('--cpi', '1.0'));
  const kernelSets = arg('--kernels', 'ref,m4').split(',');
  let modelDir = arg('--model-dir', '');
  if (!modelDir) {
    modelDir = join(FB, 'build/bench-export');
    writeFirmwareSources(modelDir, {
      qmodel: randomQModel({ seed: 'bench', channels, blocks }), featureSpec: DEFAULT_FEATURE_SPEC,
      norm: randomNorm(DEFAULT_FEATURE_SPEC.nMfcc, 'bench'), window: DEFAULT_WINDOW,
    });
  }
  const runs: BenchRun[] = [];
  const before = arg('--before', '');
  if (before) runs.push(await benchRevision(modelDir, before));
  for (const k of kernelSets) runs.push(await benchKernels(modelDir, k));
  const hop = DEFAULT_WINDOW.hopFrames;
  const hopMs = (hop * DEFAULT_FEATURE_SPEC.hopLength * 1000) / DEFAULT_FEATURE_SPEC.sampleRateHz;
  const ms = (instr: number) => (instr * cpi) / (mhz * 1e3);
  // A revision whose bench does not time the window normalisation gets this tree's figure if its window_norm.c is
  // the same file (it runs once per window either way), and 0 if it has none.
  const current = runs.find((r) => r.normInstr !== undefined)?.normInstr ?? 0;
  const notes: string[] = [];
  for (const r of runs) {
    if (r.normInstr !== undefined || !before) continue;
    const same = (() => {
      try {
        execFileSync('git', ['-C', resolve(FB, '..'), 'diff', '--quiet', before, '--', 'firmware-bridge/core/window_norm.c']);
        return execFileSync('git', ['-C', resolve(FB, '..'), 'ls-tree', before, 'firmware-bridge/core/window_norm.c'], { encoding: 'utf8' }).trim() !== '';
      } catch {
        return false;
      }
    })();
    r.normInstr = same ? current : 0;
    notes.push(same ? `${r.kernels}: its bench does not time window_norm.c, which is unchanged; this tree's figure is used`
      : `${r.kernels}: no window_norm.c (or a different one), counted as 0`);
  }
  const windowInstr = (r: BenchRun) => r.inferenceInstr + hop * r.frameInstr + (r.normInstr ?? 0);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ modelDir, mhz, cpi, runs: runs.map((r) => ({ ...r, windowInstr: windowInstr(r), windowMs: ms(windowInstr(r)) })) }));
    return;
  }
  console.log(`model: ${modelDir}${arg('--model-dir', '') ? '' : ` (random DS-CNN, ${channels} channels, ${blocks} blocks)`}`);
  console.log(`window = 1 inference + ${hop} MFCC frames (one hop, ${hopMs} ms of audio) + 1 window reduce (centring, or statistics for a stats model); ms at ${mhz} MHz, CPI ${cpi}`);
  for (const n of notes) console.log(`note: ${n}`);
  const head = ['figure', ...runs.map((r) => `kernels=${r.kernels}`)];
  const rows: string[][] = [
    ['instructions per MFCC frame', ...runs.map((r) => String(r.frameInstr))],
    ['instructions per inference', ...runs.map((r) => String(r.inferenceInstr))],
    ['instructions per window reduce (centring or statistics)', ...runs.map((r) => String(r.normInstr))],
    ['instructions per window', ...runs.map((r) => String(windowInstr(r)))],
    ['ms per inference', ...runs.map((r) => ms(r.inferenceInstr).toFixed(1))],
    ['ms per window', ...runs.map((r) => ms(windowInstr(r)).toFixed(1))],
    [`load (of the ${hopMs} ms hop)`, ...runs.map((r) => `${((100 * ms(windowInstr(r))) / hopMs).toFixed(0)} %`)],
    ['production image flash (text+data) B', ...runs.map((r) => String(r.flash))],
    ['production image static RAM (data+bss, stack included) B', ...runs.map((r) => String(r.ram))],
  ];
  const table = (h: string[], rs: string[][]) => [h, h.map(() => '---'), ...rs].map((r) => `| ${r.join(' | ')} |`).join('\n');
  console.log(table(head, rows));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
