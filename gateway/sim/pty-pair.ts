// A pseudo-terminal pair from socat: two stable symlinks whose bytes cross over, standing in for a USB
// serial cable. Killing the pair is "unplugging"; starting a new pair on the same links is "replugging".
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';

export interface PtyPair {
  /** Gateway side (symlink to /dev/pts/N). */
  a: string;
  /** Board side. */
  b: string;
  /** Kills socat; both ends vanish. */
  close(): Promise<void>;
}

export async function openPtyPair(a: string, b: string, timeoutMs = 5000): Promise<PtyPair> {
  // raw,echo=0: a byte-transparent line, as a USB CDC port is.
  const child: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => { stderr += c; });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const t0 = Date.now();
  while (!(existsSync(a) && existsSync(b))) {
    if (child.exitCode !== null || Date.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`socat did not create ${a} and ${b} within ${timeoutMs} ms: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    a, b,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The /dev/pts/N behind a link, for logs. */
export const ptsOf = (link: string) => (existsSync(link) ? realpathSync(link) : link);
