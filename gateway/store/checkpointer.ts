// Moves SQLite's WAL checkpoints off the thread that ingests. By default SQLite checkpoints inside the
// commit that pushes the WAL past 1000 pages: the committing thread copies the WAL into the database
// file and fsyncs both, which on the gateway is the event loop (measured: ~40 % of SQLite ingest time at
// 5000 detections/s). Here a worker thread with its own connection runs PASSIVE checkpoints on a timer
// (a PASSIVE checkpoint never blocks the writer), and the writer's own autocheckpoint is raised to a
// backstop that only a stalled worker lets the WAL reach. Durability is unchanged: a commit is in the
// WAL either way, and the WAL is what survives a killed process.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { Db } from './db.ts';

export interface CheckpointerOptions {
  /** Time between two PASSIVE checkpoints of the worker, ms; defaults to 1000; range 50..60000. */
  intervalMs?: number;
  /** The writer's own autocheckpoint, WAL pages (4 KiB each), reached only when the worker falls behind; defaults to 20000 (≈ 80 MB); range 1000..1000000. */
  backstopPages?: number;
  /** Checkpoint failures (e.g. an I/O error); defaults to ignoring them (the backstop still bounds the WAL). */
  onError?(message: string): void;
}

// CommonJS source of the worker: `eval` workers cannot import the TypeScript sources.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(err.message); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/** Starts checkpointing `db` (a WAL-mode file database at `path`) from a worker; `stop` waits for it to close. */
export function startCheckpointer(db: Db, path: string, o: CheckpointerOptions = {}): { stop(): Promise<void> } {
  const intervalMs = o.intervalMs ?? 1000, backstopPages = o.backstopPages ?? 20000;
  if (!(Number.isInteger(intervalMs) && intervalMs >= 50 && intervalMs <= 60000)) throw new RangeError(`checkpoint intervalMs must be 50..60000, got ${intervalMs} (${path})`);
  if (!(Number.isInteger(backstopPages) && backstopPages >= 1000 && backstopPages <= 1_000_000)) {
    throw new RangeError(`checkpoint backstopPages must be 1000..1000000, got ${backstopPages} (${path})`);
  }
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') throw new RangeError(`checkpointer needs a WAL-mode database, got ${path}`);
  db.pragma(`wal_autocheckpoint = ${backstopPages}`);
  const worker = new Worker(WORKER, {
    eval: true, workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), path, intervalMs },
  });
  worker.unref();
  worker.on('message', (m: string) => o.onError?.(`WAL checkpoint of ${path} failed: ${m}`));
  worker.on('error', (err) => { db.pragma('wal_autocheckpoint = 1000'); o.onError?.(`WAL checkpointer of ${path} stopped: ${err.message}`); });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Referenced again while it closes: an unreferenced worker would let a process with nothing else to
      // do exit before the wait ends (exit code 13, an unsettled top-level await).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
