import { Worker } from 'node:worker_threads';
import { makeEpoch, type EpochBatch, type EpochRecipe } from './epoch-data.ts';

/** Supplies epochs of examples; `prefetch` starts preparing one before it is asked for. */
export interface EpochSource {
  get(epoch: number): Promise<EpochBatch>;
  prefetch(epoch: number): void;
  close(): Promise<void>;
  /** 'worker' or 'inline'. */
  mode: string;
}

/**
 * Prepares epochs in a worker thread (double-buffered: epoch k+1 is augmented while epoch k trains), or
 * inline when workers are unavailable. Both give identical data (makeEpoch is deterministic per epoch).
 */
export function createEpochSource(recipe: EpochRecipe, n: number, useWorker = true): EpochSource {
  if (!useWorker) {
    return { mode: 'inline', get: async (e) => makeEpoch(recipe, e, n), prefetch: () => {}, close: async () => {} };
  }
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { entry: new URL('./epoch-worker.ts', import.meta.url).href },
  });
  worker.postMessage({ recipe });
  const pending = new Map<number, Promise<EpochBatch>>();
  const waiters = new Map<number, { resolve: (b: EpochBatch) => void; reject: (e: Error) => void }>();
  worker.on('message', (m: { epoch: number; x: Float32Array; y: Float32Array }) => {
    waiters.get(m.epoch)?.resolve({ x: m.x, y: m.y });
    waiters.delete(m.epoch);
  });
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure = err;
    for (const w of waiters.values()) w.reject(err);
    waiters.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => { if (code !== 0) fail(new Error(`epoch worker exited with code ${code}`)); });
  const request = (epoch: number): Promise<EpochBatch> => {
    if (failure) return Promise.reject(failure);
    let p = pending.get(epoch);
    if (!p) {
      p = new Promise<EpochBatch>((resolve, reject) => waiters.set(epoch, { resolve, reject }));
      pending.set(epoch, p);
      worker.postMessage({ epoch, n });
    }
    return p;
  };
  return {
    mode: 'worker',
    get: async (epoch) => {
      const b = await request(epoch);
      pending.delete(epoch);
      return b;
    },
    // A failed prefetch surfaces at the matching get(); do not let it be an unhandled rejection meanwhile.
    prefetch: (epoch) => { request(epoch).catch(() => {}); },
    close: async () => { await worker.terminate(); },
  };
}
