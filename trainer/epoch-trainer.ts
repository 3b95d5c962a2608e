// One epoch of gradient steps, in the main thread or on data-parallel replicas (trainer/data-parallel/):
// the training loop in train.ts asks for an epoch and gets the same contract either way.
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './backend/index.ts';
import { DataParallelTrainer } from './data-parallel/index.ts';
import type { LossSpec } from './loss.ts';
import { architectureInput, type ModelArchitecture } from './model.ts';

export interface EpochTrainerOptions {
  /** The compiled model; after each epoch it holds the trained weights. */
  model: tf.LayersModel;
  /** The architecture the model was built from (replicas rebuild it). */
  architecture: ModelArchitecture;
  lossSpec: LossSpec;
  learningRate: number;
  batchSize: number;
  /** Most examples an epoch holds. */
  examplesPerEpoch: number;
  /** Data-parallel replicas; 1 trains in this thread. */
  replicas: number;
  /** Other busy threads (augmentation workers), only to warn about oversubscribed replicas. */
  otherThreads: number;
  /** tf.getBackend() name: 'wasm', 'cpu' or 'tensorflow' (tfjs-node, never replicated). */
  backend: string;
  log: (message: string) => void;
}

export interface EpochTrainer {
  /** 'main thread' or 'N data-parallel replicas'. */
  mode: string;
  /** Replicas that train: 1 in the main thread. */
  replicas: number;
  /**
   * Trains on the first `n` windows of x (n × frames × coeffs) with labels y, in batches; `onBatch`
   * gets the batch index and a running loss for progress. Resolves to the epoch's mean loss over every row.
   * `learningRate` is this epoch's.
   */
  train(x: Float32Array, y: Float32Array, n: number, learningRate: number, onBatch: (index: number, runningLoss: number) => void): Promise<number>;
  close(): Promise<void>;
}

/** Windows [from, to) of x as a [to − from, frames, coeffs, 1] tensor. */
function windowTensor(x: Float32Array, from: number, to: number, frames: number, coeffs: number): tf.Tensor4D {
  return tf.tensor4d(x.subarray(from * frames * coeffs, to * frames * coeffs), [to - from, frames, coeffs, 1]);
}

/** The batch's windows and labels as tensors. */
function batchTensors(x: Float32Array, y: Float32Array, from: number, to: number, arch: ModelArchitecture): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const [rows, coeffs] = architectureInput(arch);
  return { xs: windowTensor(x, from, to, rows, coeffs), ys: tf.tensor2d(y.subarray(from, to), [to - from, 1]) };
}

function inThread(o: EpochTrainerOptions): EpochTrainer {
  return {
    mode: 'main thread',
    replicas: 1,
    async train(x, y, n, learningRate, onBatch) {
      (o.model.optimizer as unknown as { learningRate: number }).learningRate = learningRate;
      let lossSum = 0;
      for (let from = 0, index = 0; from < n; from += o.batchSize, index++) {
        const to = Math.min(n, from + o.batchSize);
        const { xs, ys } = batchTensors(x, y, from, to, o.architecture);
        const loss = await o.model.trainOnBatch(xs, ys) as number;
        tf.dispose([xs, ys]);
        lossSum += loss * (to - from);
        onBatch(index, lossSum / to);
      }
      return lossSum / n;
    },
    close: async () => {},
  };
}

function replicated(o: EpochTrainerOptions, dp: DataParallelTrainer): EpochTrainer {
  return {
    mode: `${o.replicas} data-parallel replicas`,
    replicas: o.replicas,
    async train(x, y, n, learningRate, onBatch) {
      let shardLossSum = 0; // progress shows replica 0's running loss; the result is over every row
      const loss = await dp.trainEpoch(x, y, n, o.batchSize, learningRate, (index, shardLoss) => {
        shardLossSum += shardLoss;
        onBatch(index, shardLossSum / (index + 1));
      });
      await dp.syncInto();
      return loss;
    },
    close: () => dp.close(),
  };
}

/**
 * An epoch trainer for `o.model`: data-parallel when `o.replicas` > 1 on wasm or cpu, else in this
 * thread (tfjs-node already uses every core; asking it for replicas is logged and ignored).
 */
export async function createEpochTrainer(o: EpochTrainerOptions): Promise<EpochTrainer> {
  if (o.replicas <= 1) return inThread(o);
  if (o.backend === 'tensorflow') {
    o.log(`replicas: ${o.replicas} asked, 1 used (tfjs-node already trains on every core)`);
    return inThread(o);
  }
  const dp = await DataParallelTrainer.start(o.model, {
    replicas: o.replicas, architecture: o.architecture, lossSpec: o.lossSpec, learningRate: o.learningRate,
    backend: o.backend as BackendName, maxExamples: o.examplesPerEpoch,
  });
  o.log(`data parallel: ${o.replicas} replicas on the ${o.backend} backend, each training on 1/${o.replicas} of every batch`);
  const threads = o.replicas + o.otherThreads;
  if (threads > availableParallelism()) {
    o.log(`note: ${threads} busy threads (${o.replicas} replicas + ${o.otherThreads} augmenting) on ${availableParallelism()} cores: ` +
      'the replicas wait for each other at every step, so one descheduled replica stalls all (measured slower than 1 replica on 2 cores)');
  }
  return replicated(o, dp);
}
