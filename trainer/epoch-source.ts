import { Worker } from 'node:worker_threads';
import type { Clip } from '../common/data/types.ts';
import type { ExamplePools } from './examples.ts';
import { inputSize } from './windows.ts';
import { EPOCH_CHUNK, epochChunks, makeEpoch, type EpochBatch, type EpochRecipe } from './epoch-data.ts';

/** Supplies epochs of examples; `prefetch` starts preparing one before it is asked for. */
export interface EpochSource {
  get(epoch: number): Promise<EpochBatch>;
  prefetch(epoch: number): void;
  close(): Promise<void>;
  /** 'inline', 'worker' or 'pool of N workers'. */
  mode: string;
}

/**
 * Prepares epochs while the main thread trains:
 * - `workers` 0: inline, on the main thread (nothing prepared ahead);
 * - 1: in one worker thread, double-buffered (epoch k+1 is augmented while epoch k trains); the same data
 *   as inline (makeEpoch's sequential stream);
 * - ≥ 2: a pool of worker threads sharing the chunks of each epoch (makeEpochChunk), the next epoch's
 *   chunks queued behind the current one's. Chunked epochs are the same for every pool size, but differ
 *   from the sequential stream of 0 and 1.
 * The clips' audio is moved to shared memory once, so workers read it without each holding a copy.
 */
export function createEpochSource(recipe: EpochRecipe, n: number, workers = 1): EpochSource {
  if (!(Number.isInteger(workers) && workers >= 0 && workers <= 64)) throw new RangeError(`epoch workers must be an integer 0..64, got ${workers}`);
  if (workers === 0) {
    return {
      mode: 'inline', get: async (e) => makeEpoch(recipe, e, n), prefetch: () => {}, close: async () => {},
    };
  }
  const shared = shareAudio(recipe);
  const threads = Array.from({ length: workers }, () => {
    const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./epoch-worker.ts', import.meta.url).href },
    });
    w.postMessage({ recipe: shared });
    return w;
  });
  const rowSize = inputSize(recipe.meta.window, recipe.meta.featureSpec.nMfcc);
  const chunked = workers > 1;

  interface Job { x: Float32Array; y: Float32Array; left: number; promise: Promise<EpochBatch>; resolve: (b: EpochBatch) => void; reject: (e: Error) => void }
  const jobs = new Map<number, Job>();
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure = err;
    for (const j of jobs.values()) j.reject(err);
  };
  threads.forEach((w, i) => {
    w.on('message', (m: { epoch: number; chunk?: number; x: Float32Array; y: Float32Array }) => {
      const job = jobs.get(m.epoch);
      if (job) {
        const at = (m.chunk ?? 0) * EPOCH_CHUNK;
        if (m.chunk === undefined) { job.x = m.x; job.y = m.y; } else { job.x.set(m.x, at * rowSize); job.y.set(m.y, at); }
        if (--job.left === 0) job.resolve({ x: job.x, y: job.y });
      }
    });
    w.on('error', (e) => fail(e));
    w.on('exit', (code) => { if (code !== 0) fail(new Error(`epoch worker ${i} exited with code ${code}`)); });
  });
  const request = (epoch: number): Promise<EpochBatch> => {
    if (failure) return Promise.reject(failure);
    let job = jobs.get(epoch);
    if (!job) {
      let resolve!: (b: EpochBatch) => void, reject!: (e: Error) => void;
      const promise = new Promise<EpochBatch>((res, rej) => { resolve = res; reject = rej; });
      promise.catch(() => {}); // a failed prefetch surfaces at the matching get(), not as an unhandled rejection
      const chunks = chunked ? epochChunks(n) : 1;
      job = {
        x: chunked ? new Float32Array(n * rowSize) : new Float32Array(0), y: chunked ? new Float32Array(n) : new Float32Array(0),
        left: chunks, promise, resolve, reject,
      };
      jobs.set(epoch, job);
      // Every chunk is handed out now, round-robin: a worker queues its messages and works through them
      // alone. Handing a chunk to whichever worker is idle would need the main thread's event loop, which
      // training keeps busy for a whole epoch (its awaits resolve as microtasks), so workers would idle.
      for (let c = 0; c < chunks; c++) threads[c % threads.length].postMessage(chunked ? { epoch, chunk: c, n } : { epoch, n });
    }
    return job.promise;
  };
  return {
    mode: workers === 1 ? 'worker' : `pool of ${workers} workers`,
    get: async (epoch) => {
      const b = await request(epoch);
      jobs.delete(epoch);
      return b;
    },
    prefetch: (epoch) => { request(epoch).catch(() => {}); },
    close: async () => { await Promise.all(threads.map((w) => w.terminate())); },
  };
}

/** Copies a Float32Array into shared memory (a worker then reads it in place instead of cloning it). */
function toShared(a: Float32Array): Float32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const s = new Float32Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

/** The recipe with every clip's samples in shared memory (clips copied, not changed). */
function shareAudio(r: EpochRecipe): EpochRecipe {
  const memo = new Map<Float32Array, Float32Array>();
  const share = (a: Float32Array) => { let s = memo.get(a); if (!s) { s = toShared(a); memo.set(a, s); } return s; };
  const clips = (list: Clip[]): Clip[] => list.map((c) => ({ ...c, samples: share(c.samples) }));
  const pools = (p: ExamplePools): ExamplePools => ({
    positives: clips(p.positives), negatives: clips(p.negatives), positiveSources: p.positiveSources.map(clips),
  });
  return {
    ...r,
    pools: pools(r.pools),
  };
}
