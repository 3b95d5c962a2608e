// Data-parallel training on several cores: the tfjs wasm backend runs on one thread under Node, so each
// core gets a replica (a worker thread with its own backend and model copy) that trains on a shard of
// every batch; the replicas sum their gradients through shared memory (AllReduceOptimizer) and step
// together. The main thread keeps its own model for validation and saving, refreshed after each epoch.
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../backend/index.ts';
import type { LossSpec } from '../loss.ts';
import { architectureInput, type ModelArchitecture } from '../model.ts';
import { allReduceLength } from './all-reduce-optimizer.ts';
import { createBarrierMemory } from './barrier.ts';
import type { FromReplica, ReplicaInit, ToReplica } from './protocol.ts';
import { mergeReplicaWeights, modelWeightArrays, setModelWeights } from './weights.ts';

export interface DataParallelOptions {
  /** Replicas (worker threads, one per core to use), 2..16. */
  replicas: number;
  /** The model every replica builds; its initial weights are then overwritten with `model`'s. */
  architecture: ModelArchitecture;
  /** The training loss, as data (functions do not cross threads). */
  lossSpec: LossSpec;
  /** Adam's initial learning rate (each epoch may set another). */
  learningRate: number;
  /** The replicas' backend: 'wasm' (or 'cpu'); tfjs-node runs its own thread pool and is not replicated. */
  backend: BackendName;
  /** Most examples one epoch holds: sizes the shared input memory. */
  maxExamples: number;
}

/** Replicas of one model that train it together; see the module comment. */
export class DataParallelTrainer {
  private constructor(
    private readonly workers: Worker[],
    private readonly x: Float32Array,
    private readonly y: Float32Array,
    private readonly model: tf.LayersModel,
    private readonly rowSize: number,
    private readonly maxExamples: number,
  ) {}

  /**
   * Starts `opts.replicas` replicas of `model` (same architecture, same weights) and resolves once all
   * are ready. `model` is the main thread's copy: `syncInto` refreshes it from the replicas.
   */
  static async start(model: tf.LayersModel, opts: DataParallelOptions): Promise<DataParallelTrainer> {
    const { replicas, architecture } = opts;
    if (!(Number.isInteger(replicas) && replicas >= 2 && replicas <= 16)) throw new RangeError(`data-parallel replicas must be an integer 2..16, got ${replicas}`);
    if (opts.backend === 'node') throw new RangeError("data-parallel training replicates the wasm or cpu backend; tfjs-node ('node') already uses every core");
    if (!(Number.isInteger(opts.maxExamples) && opts.maxExamples >= 1)) throw new RangeError(`maxExamples must be an integer ≥ 1, got ${opts.maxExamples}`);
    const [rows, coeffs] = architectureInput(architecture);
    const rowSize = rows * coeffs;
    const params = model.trainableWeights.reduce((s, w) => s + tf.util.sizeFromShape(w.shape as number[]), 0);
    const shared = {
      grads: new Float32Array(new SharedArrayBuffer(allReduceLength(replicas, params) * 4)),
      barrier: createBarrierMemory(),
      x: new Float32Array(new SharedArrayBuffer(opts.maxExamples * rowSize * 4)),
      y: new Float32Array(new SharedArrayBuffer(opts.maxExamples * 4)),
    };
    const entry = new URL('./replica-worker.ts', import.meta.url).href;
    const workers = Array.from({ length: replicas }, (_, rank) => {
      const init: ReplicaInit = {
        rank, parties: replicas, architecture, lossSpec: opts.lossSpec, learningRate: opts.learningRate,
        backend: opts.backend, params, ...shared,
      };
      return new Worker(new URL('../worker-boot.mjs', import.meta.url), { workerData: { entry, init } });
    });
    const trainer = new DataParallelTrainer(workers, shared.x, shared.y, model, rowSize, opts.maxExamples);
    try {
      await trainer.all(() => null, 'ready');
      await trainer.setWeights(modelWeightArrays(model));
    } catch (e) {
      await trainer.close();
      throw e;
    }
    return trainer;
  }

  /**
   * Trains one epoch on the first `n` examples of `x` (n × frames × coeffs) and `y` in batches of `batch`,
   * each batch split across the replicas; `onBatch` sees each batch's index and replica 0's loss on its
   * shard. Resolves to the epoch's mean loss over all rows. The main model is not touched: call syncInto.
   */
  async trainEpoch(x: Float32Array, y: Float32Array, n: number, batch: number, learningRate: number,
    onBatch: (index: number, shardLoss: number) => void = () => {}): Promise<number> {
    if (!(Number.isInteger(n) && n >= 1 && n <= this.maxExamples)) throw new RangeError(`epoch examples must be an integer 1..${this.maxExamples}, got ${n}`);
    if (x.length < n * this.rowSize || y.length < n) throw new RangeError(`epoch data holds ${x.length / this.rowSize} windows and ${y.length} targets, fewer than n = ${n}`);
    if (!(Number.isInteger(batch) && batch >= 1)) throw new RangeError(`batch must be an integer ≥ 1, got ${batch}`);
    this.x.set(x.subarray(0, n * this.rowSize));
    this.y.set(y.subarray(0, n));
    const done = await this.all((m, rank) => {
      if (m.type === 'batch' && rank === 0) onBatch(m.index, m.loss);
      return m.type === 'epoch-done' ? m : null;
    }, 'epoch-done', { type: 'epoch', n, batch, learningRate });
    const lossSum = done.reduce((s, d) => s + d.lossSum, 0);
    return lossSum / n;
  }

  /** The replicas' merged weights (mergeReplicaWeights), in model.getWeights() order. */
  async weights(): Promise<Float32Array[]> {
    const got = await this.all((m) => (m.type === 'weights' ? m.weights : null), 'weights', { type: 'get-weights' });
    return mergeReplicaWeights(got, this.model.weights.map((w) => w.name), this.model.weights.map((w) => w.trainable));
  }

  /**
   * Sets the main model to the replicas' merged weights, and the replicas too (so their batch-norm
   * statistics restart equal); returns the merged weights.
   */
  async syncInto(): Promise<Float32Array[]> {
    const merged = await this.weights();
    setModelWeights(this.model, merged);
    await this.setWeights(merged);
    return merged;
  }

  /** Sets every replica's weights (model.getWeights() order). */
  async setWeights(weights: Float32Array[]): Promise<void> {
    await this.all(() => null, 'ready', { type: 'set-weights', weights });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /**
   * Sends `msg` (if any) to every replica and resolves with each one's answer of type `until`, as
   * `pick` maps it; rejects on the first replica error, exit or error message (the others are then
   * stuck at a barrier: the caller closes the trainer).
   */
  private all<T>(pick: (m: FromReplica, rank: number) => T | null, until: FromReplica['type'], msg?: ToReplica): Promise<T[]> {
    return Promise.all(this.workers.map((w, rank) => new Promise<T>((resolve, reject) => {
      const off = () => { w.off('message', onMessage); w.off('error', onError); w.off('exit', onExit); };
      const onMessage = (m: FromReplica) => {
        if (m.type === 'error') { off(); reject(new Error(m.message)); return; }
        const v = pick(m, rank);
        if (m.type === until) { off(); resolve(v as T); }
      };
      const onError = (e: Error) => { off(); reject(new Error(`data-parallel replica ${rank} failed: ${e.message}`)); };
      const onExit = (code: number) => { off(); reject(new Error(`data-parallel replica ${rank} exited with code ${code}`)); };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      if (msg) w.postMessage(msg);
    })));
  }
}
