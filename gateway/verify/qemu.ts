// An emulated Cortex-M4 board for verification: qemu-system-arm (mps2-an386) running a firmware ELF with
// its UART on a pseudo-terminal, as test/firmware/qemu-board.test.ts starts it. The ELF must be built
// from the same export as the model folder: `make -C firmware-bridge qemu MODEL_DIR=<model>/export`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface QemuBoard {
  /** The pty QEMU connected the board's UART to. */
  path: string;
  stop(): Promise<void>;
}

/** Starts QEMU on `elf`; resolves once it printed its pty (within `timeoutMs`, default 10000). */
export async function startQemuBoard(elf: string, timeoutMs = 10000): Promise<QemuBoard> {
  if (!existsSync(elf)) throw new Error(`${elf}: not found; build it with \`make -C firmware-bridge qemu MODEL_DIR=<model>/export\``);
  const child: ChildProcess = spawn('qemu-system-arm', ['-M', 'mps2-an386', '-display', 'none', '-monitor', 'none', '-serial', 'pty', '-kernel', elf],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  let out = '';
  try {
    const path = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`qemu-system-arm printed no pty within ${timeoutMs} ms: ${out.trim() || 'no output'}`)), timeoutMs);
      child.once('error', (e) => { clearTimeout(t); reject(new Error(`cannot start qemu-system-arm: ${e.message}`)); });
      child.once('exit', (code) => { clearTimeout(t); reject(new Error(`qemu-system-arm exited (${code}) before connecting its UART: ${out.trim()}`)); });
      const on = (d: Buffer) => {
        out += d.toString();
        const m = /redirected to (\/dev\/\S+)/.exec(out);
        if (m) { clearTimeout(t); resolve(m[1]); }
      };
      child.stdout!.on('data', on);
      child.stderr!.on('data', on);
    });
    return { path, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
