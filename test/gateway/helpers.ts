// Shared helpers for the gateway's end-to-end tests: temp dirs, polling, socat availability.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

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
