// Shared helpers for the gateway's end-to-end tests: temp dirs, polling, socat availability.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

export function tempDir(prefix = 'gw-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls `check` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string, check: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 10000, everyMs = 25,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function requireSocat(): void {
  try { execFileSync('socat', ['-V'], { stdio: 'ignore' }); } catch {
    throw new Error('socat is required for the gateway end-to-end tests (apt-get install socat)');
  }
}

export const quietLog = { info: () => {}, warn: () => {} };

const ROOT = new URL('../../', import.meta.url).pathname;

/** Starts `gunshot-edge gateway` as a child process and resolves with its URL once it printed GATEWAY_READY. */
export function spawnGateway(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/gunshot-edge.js'), 'gateway', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => { out += c; });
  child.stderr!.on('data', (c) => { out += c; });
  return waitFor('GATEWAY_READY', () => {
    if (child.exitCode !== null) throw new Error(`gateway exited ${child.exitCode}: ${out}`);
    const m = /GATEWAY_READY (\S+)/.exec(out);
    return m ? { child, url: m[1], output: () => out } : null;
  }, 60000); // generous: a loaded CI box spends seconds compiling the TypeScript sources
}
