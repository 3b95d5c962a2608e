/**
 * Exact instruction counts and a cycle-approximate figure of the Cortex-M4 build, per phase and per layer, from
 * QEMU's execution trace. Builds `make qemu-bench` (per `--kernels`, default ref,m4), boots it with
 * `-d in_asm,exec,nochain` (every translated block's disassembly, then one line per block executed; no -icount,
 * whose budget splits blocks and would blur the replay), stops when
 * the boot bench has run, and replays the trace: instructions between the boot bench's marks
 * (qemu/boot_bench.h: MFCC frame, inference, then each layer alone) are counted and weighted by Cortex-M4 cycle
 * counts (ARM Cortex-M4 TRM instruction timing, as reproduced in TI SWCU192 Table 3-25):
 *   ALU, multiply, multiply-accumulate incl. SMLAD/SMLAL/SMLABB, SXTB16, saturate, IT: 1
 *   LDR/STR single (any width): 2, or 1 right after another single load/store (address/data phases pipeline)
 *   LDRD/STRD: 3; LDM/STM/PUSH/POP: 1 + registers (+ P with PC); VLDM/VSTM/VPUSH/VPOP: 1 + registers
 *   branches: 1 + P when taken (P = 2, the middle of the TRM's 1..3 refill), 1 when not (taken = the next
 *   block does not start at the fall-through address); SDIV/UDIV: 7 (TRM 2..12); VDIV/VSQRT: 14; VMLA-type: 3.
 * No wait states (the figure is the core's; flash wait states on a real part add to it). Prints figures;
 * asserts nothing.
 *
 *   node --import tsx firmware-bridge/tools/qemu-mix.ts [--model-dir DIR] [--kernels ref,m4] [--mhz 64] [--hot N]
 * --hot N also lists the N blocks that execute the most instructions in the inference (or, with --hot-layer L,
 * in layer L's own run; with --hot-frame, in the MFCC frame), with their code.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_WINDOW } from '../../trainer/model-meta.ts';

const FB = resolve(import.meta.dirname, '..');
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const P = 2;

interface Insn { addr: number; size: number; mn: string; ops: string }
interface Tally { instr: number; cycles: number; classes: Map<string, number> }
const tally = (): Tally => ({ instr: 0, cycles: 0, classes: new Map() });

function regCount(ops: string): number {
  const m = /\{([^}]*)\}/.exec(ops);
  if (!m) return 1;
  let n = 0;
  for (const part of m[1].split(',')) {
    const r = /([rsd])(\d+)\s*-\s*[rsd](\d+)/.exec(part.trim());
    n += r ? Number(r[3]) - Number(r[2]) + 1 : 1;
  }
  return n;
}

/** Class and cycles of one instruction; `prevLS` = the previous instruction was a single load/store. */
function classify(i: Insn, taken: boolean, prevLS: boolean): [string, number, boolean] {
  const mn = i.mn.replace(/\.(w|n)$/, '');
  const base = mn.replace(/(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)$/, '');
  if (/^(ldrd|strd)$/.test(base)) return ['load/store double', 3, false];
  if (/^(ldm|stm|ldmia|stmia|ldmdb|stmdb|push|pop)/.test(mn)) {
    const pc = /pc/.test(i.ops);
    return ['load/store multiple', 1 + regCount(i.ops) + (pc ? P : 0), false];
  }
  if (/^(vldm|vstm|vpush|vpop)/.test(mn)) return ['FP load/store multiple', 1 + regCount(i.ops), false];
  if (/^(vldr|vstr)/.test(mn)) return ['FP load/store', prevLS ? 1 : 2, true];
  if (/^(ldr|str)/.test(mn)) return ['load/store', prevLS ? 1 : 2, true];
  if (/^(b|bl|blx|bx|cbz|cbnz|tbb|tbh)$/.test(base) || /^b(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)$/.test(mn)) {
    return [taken ? 'branch taken' : 'branch not taken', taken ? 1 + P : 1, false];
  }
  if (/^(sdiv|udiv)$/.test(base)) return ['divide', 7, false];
  if (/^(vdiv|vsqrt)/.test(mn)) return ['FP divide/sqrt', 14, false];
  if (/^(vmla|vmls|vnmla|vnmls|vfma|vfms|vfnma|vfnms)/.test(mn)) return ['FP multiply-accumulate', 3, false];
  if (/^v/.test(mn)) return ['FP other', 1, false];
  if (/^(smlad|smladx|smlsd|smlabb|smlabt|smlatb|smlatt|smlal|smull|umull|umlal|mul|mla|mls|smmul|smmla|smlald|smulbb|smultt|smulbt|smultb)/.test(mn)) return ['multiply (incl. SMLAD)', 1, false];
  if (/^(sxtb16|sxtab16|uxtb16|sxtb|sxth|uxtb|uxth|pkhbt|pkhtb|ssat|usat)/.test(mn)) return ['extend/pack/saturate', 1, false];
  if (/^(pc|pop)/.test(i.ops) && /^(mov|add)/.test(mn) && /\bpc\b/.test(i.ops.split(',')[0])) return ['branch taken', 1 + P, false];
  return ['ALU/other', 1, false];
}

const hot = new Map<Insn[], number>();
const hotPhase = process.argv.includes('--hot-frame') ? 0 : process.argv.includes('--hot-layer') ? 3 + Number(arg('--hot-layer', '0')) : 1;

async function traceRun(modelDir: string, kernels: string): Promise<{ phases: Tally[]; marks: number }> {
  execFileSync('make', ['-s', '-C', FB, 'qemu-bench', `MODEL_DIR=${resolve(modelDir)}`, `KERNELS=${kernels}`], { stdio: 'inherit' });
  const dir = join(FB, `build/qemu-bench${kernels === 'ref' ? '-ref' : ''}`);
  const elf = join(dir, 'gunshot-board.elf');
  const nm = execFileSync('arm-none-eabi-nm', [elf], { encoding: 'utf8' });
  const markAddr = parseInt(/^([0-9a-f]+) T ge_boot_bench_mark$/m.exec(nm)![1], 16) & ~1;
  const log = join(dir, 'trace.log');
  const q = spawn('qemu-system-arm', ['-M', 'mps2-an386', '-display', 'none', '-monitor', 'none', '-serial', 'stdio',
    '-d', 'in_asm,exec,nochain', '-D', log, '-kernel', elf], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((res, rej) => {
    let buf = '';
    const t = setTimeout(() => rej(new Error('no bench line within 300 s')), 300000);
    q.stdout!.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (/bench frame_us=\d+/.test(buf)) { clearTimeout(t); res(); }
    });
  });
  q.kill();
  await new Promise((r) => q.once('exit', r));
  // Blocks by their host code address (the Trace line's first field): a guest pc can be translated again
  // with another length, a host block never changes. A block's first execution follows its disassembly.
  const tbs = new Map<string, Insn[]>();
  let pending: Insn[] | null = null;
  const phases: Tally[] = [];
  let current: Insn[] | null = null;
  let marks = 0;
  let phase = -1;
  let prev: Insn[] | undefined;
  let prevLS = false;
  const rl = createInterface({ input: createReadStream(log, 'latin1'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.startsWith('IN:')) { current = []; continue; }
    if (current) {
      const m = /^0x([0-9a-f]+):\s+((?:[0-9a-f]{4}\s?)+)\s+(\S+)\s*(.*)$/.exec(line);
      if (m) {
        const size = m[2].trim().split(/\s+/).length * 2;
        current.push({ addr: parseInt(m[1], 16), size, mn: m[3], ops: m[4] });
        continue;
      }
      if (current.length) pending = current;
      current = null;
    }
    if (!line.startsWith('Trace')) continue;
    const tm = /^Trace \d+: (0x[0-9a-f]+) \[[0-9a-f]+\/([0-9a-f]+)\//.exec(line)!;
    const pc = parseInt(tm[2], 16);
    if (pending && !tbs.has(tm[1])) tbs.set(tm[1], pending);
    pending = null;
    // The block that ran before this one now knows whether its last branch was taken.
    if (prev && phase >= 0) {
      const t = phases[phase];
      const last = prev[prev.length - 1];
      if (phase === hotPhase) hot.set(prev, (hot.get(prev) ?? 0) + prev.length);
      for (const i of prev) {
        const [cls, cyc, ls] = classify(i, i === last ? pc !== last.addr + last.size : false, prevLS);
        prevLS = ls;
        t.instr++;
        t.cycles += cyc;
        t.classes.set(cls, (t.classes.get(cls) ?? 0) + 1);
      }
    }
    // A mark is a call into ge_boot_bench_mark (an interrupt returning into it re-runs its block: not a mark).
    const callee = prev?.[prev.length - 1];
    if (pc === markAddr && callee && /^bl/.test(callee.mn) && parseInt(/#?0x([0-9a-f]+)/.exec(callee.ops)?.[1] ?? '-1', 16) === markAddr) {
      phase = marks++;
      phases[phase] = tally();
    }
    prev = tbs.get(tm[1]);
  }
  rmSync(log, { force: true });
  return { phases, marks };
}

async function main(): Promise<void> {
  const modelDir = arg('--model-dir', 'models/tiny/export');
  const mhz = Number(arg('--mhz', '64'));
  const kernelSets = arg('--kernels', 'ref,m4').split(',');
  const runs = [];
  for (const k of kernelSets) runs.push({ k, ...(await traceRun(modelDir, k)) });
  const hop = DEFAULT_WINDOW.hopFrames;
  const ms = (c: number) => (c / (mhz * 1e3)).toFixed(1);
  const table = (h: string[], rs: string[][]) => [h, h.map(() => '---'), ...rs].map((r) => `| ${r.join(' | ')} |`).join('\n');
  console.log(`model: ${modelDir}; window = 1 inference + ${hop} MFCC frames + 1 window normalisation; ms at ${mhz} MHz`);
  // Phase k runs from mark k to mark k+1: 0 = MFCC frame, 1 = inference, 2 = setup of the layer runs, 3.. = layers.
  const rows: string[][] = [];
  // Then 3 + n_layers = one window normalisation (window_norm.c), from the last layer's end mark to the next.
  const nLayers = runs[0].marks - 5;
  const fig = (r: (typeof runs)[0], f: (t: Tally) => number) => {
    const frame = r.phases[0], inf = r.phases[1], norm = r.phases[3 + nLayers];
    return [f(frame), f(inf), f(norm), f(inf) + hop * f(frame) + f(norm)];
  };
  for (const [label, f] of [['instructions', (t: Tally) => t.instr], ['cycles (weighted)', (t: Tally) => t.cycles]] as const) {
    rows.push([`${label} per MFCC frame`, ...runs.map((r) => String(fig(r, f)[0]))]);
    rows.push([`${label} per inference`, ...runs.map((r) => String(fig(r, f)[1]))]);
    rows.push([`${label} per window normalisation`, ...runs.map((r) => String(fig(r, f)[2]))]);
    rows.push([`${label} per window`, ...runs.map((r) => String(fig(r, f)[3]))]);
    rows.push([`ms per window at ${mhz} MHz (${label})`, ...runs.map((r) => ms(fig(r, f)[3]))]);
  }
  console.log(table(['figure', ...runs.map((r) => `kernels=${r.k}`)], rows));
  console.log('\nper layer (each layer run alone after the timed inference):');
  const lrows: string[][] = [];
  for (let i = 0; i < nLayers; i++) {
    lrows.push([String(i), ...runs.flatMap((r) => [String(r.phases[3 + i].instr), String(r.phases[3 + i].cycles)])]);
  }
  console.log(table(['layer', ...runs.flatMap((r) => [`${r.k} instr`, `${r.k} cycles`])], lrows));
  console.log('\ninference by instruction class (instructions / cycles):');
  const nHot = Number(arg('--hot', '0'));
  if (nHot > 0) {
    console.log(`\nhottest blocks of the inference (last kernel set run):`);
    for (const [tb, n] of [...hot.entries()].sort((a, b) => b[1] - a[1]).slice(0, nHot)) {
      console.log(`-- ${n} instructions executed, block at 0x${tb[0].addr.toString(16)}`);
      for (const i of tb) console.log(`   ${i.addr.toString(16)}  ${i.mn} ${i.ops}`);
    }
  }
  const classes = [...new Set(runs.flatMap((r) => [...r.phases[1].classes.keys()]))].sort();
  console.log(table(['class', ...runs.map((r) => `kernels=${r.k}`)], classes.map((c) => [c, ...runs.map((r) => {
    const n = r.phases[1].classes.get(c) ?? 0;
    return `${n} (${((100 * n) / r.phases[1].instr).toFixed(1)} %)`;
  })])));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
