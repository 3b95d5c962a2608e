/**
 * Benchmark of the Cortex-M4F build: builds firmware-bridge/build/qemu/gunshot-board.elf against a model
 * export (default: a random DS-CNN with TINY_DSCNN's size, 32 channels × 4 blocks), boots it in
 * `qemu-system-arm -M mps2-an386 -icount shift=0` (1 instruction = 1 ns of virtual time, so the board's µs
 * clock counts thousands of instructions), and prints the instructions per MFCC frame and per inference it
 * reports at boot, a latency estimate at 64 MHz, and flash/RAM from arm-none-eabi-size. Prints figures;
 * asserts nothing.
 *
 *   node --import tsx firmware-bridge/tools/qemu-bench.ts [--model-dir DIR] [--channels 32] [--blocks 4] [--mhz 64] [--cpi 1.0]
 */
import { execFileSync, spawn } from 'node:child_process';
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

async function main(): Promise<void> {
  const channels = Number(arg('--channels', '32'));
  const blocks = Number(arg('--blocks', '4'));
  const mhz = Number(arg('--mhz', '64'));
  const cpi = Number(arg('--cpi', '1.0'));
  let modelDir = arg('--model-dir', '');
  if (!modelDir) {
    modelDir = join(FB, 'build/bench-export');
    writeFirmwareSources(modelDir, {
      qmodel: randomQModel({ seed: 'bench', channels, blocks }), featureSpec: DEFAULT_FEATURE_SPEC,
      norm: randomNorm(DEFAULT_FEATURE_SPEC.nMfcc, 'bench'), window: DEFAULT_WINDOW,
    });
  }
  execFileSync('make', ['-s', '-C', FB, 'qemu', `MODEL_DIR=${resolve(modelDir)}`], { stdio: 'inherit' });
  const elf = join(FB, 'build/qemu/gunshot-board.elf');
  const size = execFileSync('arm-none-eabi-size', [elf], { encoding: 'utf8' });
  const [text, data, bss] = size.split('\n')[1].trim().split(/\s+/).map(Number);
  const q = spawn('qemu-system-arm', ['-M', 'mps2-an386', '-display', 'none', '-monitor', 'none', '-serial', 'stdio',
    '-icount', 'shift=0', '-kernel', elf], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((res, rej) => {
    let buf = '';
    const t = setTimeout(() => rej(new Error('no bench line from the board within 30 s')), 30000);
    q.stdout!.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      const m = buf.match(/bench frame_us=\d+ inference_us=\d+ score=-?\d+/);
      if (m) { clearTimeout(t); res(m[0]); }
    });
  });
  q.kill();
  const frameUs = Number(/frame_us=(\d+)/.exec(line)![1]);
  const inferUs = Number(/inference_us=(\d+)/.exec(line)![1]);
  const perFrame = frameUs * 1000;
  const perInference = inferUs * 1000;
  const windowInstr = perInference + DEFAULT_WINDOW.hopFrames * perFrame;
  const ms = (instr: number) => ((instr * cpi) / (mhz * 1e3)).toFixed(1);
  console.log(`model: ${modelDir}${arg('--model-dir', '') ? '' : ` (random DS-CNN, ${channels} channels, ${blocks} blocks)`}`);
  console.log(`flash (text+data): ${text + data} B   RAM (data+bss, incl. 16 KiB stack): ${data + bss} B`);
  console.log(`instructions per MFCC frame: ${perFrame}   per inference: ${perInference}`);
  console.log(`per window hop (${DEFAULT_WINDOW.hopFrames} frames + 1 inference): ${windowInstr} instructions`);
  console.log(`at ${mhz} MHz, CPI ${cpi}: frame ${ms(perFrame)} ms, inference ${ms(perInference)} ms, hop budget ${(DEFAULT_WINDOW.hopFrames * DEFAULT_FEATURE_SPEC.hopLength / 16).toFixed(0)} ms → load ${(100 * (windowInstr * cpi) / (mhz * 1e6 * DEFAULT_WINDOW.hopFrames * DEFAULT_FEATURE_SPEC.hopLength / 16000)).toFixed(0)} %`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
