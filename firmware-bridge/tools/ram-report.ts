/**
 * RAM of the production QEMU image (`make qemu`, no boot benchmark) for a model export: arm-none-eabi-size's
 * totals and every RAM symbol from `arm-none-eabi-nm --size-sort`, largest first, as a Markdown table. The stack
 * is the linker script's region (its measured high-water mark: the board LOGs it; test/firmware/qemu-board.test.ts
 * prints and checks it). Prints figures; asserts nothing.
 *
 *   node --import tsx firmware-bridge/tools/ram-report.ts [--model-dir models/tiny/export] [--kernels m4|ref]
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const FB = resolve(import.meta.dirname, '..');
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};

const modelDir = resolve(arg('--model-dir', 'models/tiny/export'));
const kernels = arg('--kernels', 'm4');
execFileSync('make', ['-s', '-C', FB, 'qemu', `MODEL_DIR=${modelDir}`, `KERNELS=${kernels}`], { stdio: 'inherit' });
const elf = join(FB, `build/qemu${kernels === 'ref' ? '-ref' : ''}/gunshot-board.elf`);
const size = execFileSync('arm-none-eabi-size', [elf], { encoding: 'utf8' });
const [text, data, bss] = size.split('\n')[1].trim().split(/\s+/).map(Number);
console.log(`model: ${modelDir}, KERNELS=${kernels}`);
console.log(`arm-none-eabi-size: text ${text}, data ${data}, bss ${bss} (stack included) → static RAM ${data + bss} B (${((data + bss) / 1024).toFixed(1)} KiB), flash ${text + data} B`);
const nm = execFileSync('arm-none-eabi-nm', ['--size-sort', '-S', '-r', elf], { encoding: 'utf8' });
const rows = nm.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f.length === 4 && /^[bBdD]$/.test(f[2]))
  .map(([, sz, , name]) => [name, parseInt(sz, 16)] as const);
const syms = execFileSync('arm-none-eabi-nm', ['-S', elf], { encoding: 'utf8' });
const stack = /^([0-9a-f]+) [aA] _stack_size$/m.exec(syms) ?? /^([0-9a-f]+) \w _stack_size$/m.exec(syms);
const stackBytes = stack ? parseInt(stack[1], 16) : NaN;
console.log('\n| symbol | bytes |\n| --- | --- |');
const shown = rows.filter(([, n]) => n >= 16);
for (const [name, n] of shown) console.log(`| ${name} | ${n} |`);
const small = rows.filter(([, n]) => n < 16).reduce((a, [, n]) => a + n, 0);
console.log(`| ${rows.length - shown.length} symbols below 16 B | ${small} |`);
console.log(`| stack (linker region, _stack_size) | ${stackBytes} |`);
console.log(`| total (data + bss) | ${data + bss} |`);
