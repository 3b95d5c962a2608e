// What the data-parallel coordinator (trainer.ts) and its replicas (replica-worker.ts) say to each other.
import type { BackendName } from '../backend/index.ts';
import type { LossSpec } from '../loss.ts';
import type { ModelArchitecture } from '../model.ts';

/** A replica's start-up data (workerData.init). The typed arrays live on SharedArrayBuffers. */
export interface ReplicaInit {
  rank: number;
  parties: number;
  architecture: ModelArchitecture;
  lossSpec: LossSpec;
  learningRate: number;
  backend: BackendName;
  /** Trainable float32 values of the model: the all-reduce layout. */
  params: number;
  grads: Float32Array;
  barrier: Int32Array;
  /** The epoch's windows (examples × frames × coeffs) and labels/targets, written by the coordinator. */
  x: Float32Array;
  y: Float32Array;
}

export type ToReplica =
  | { type: 'set-weights'; weights: Float32Array[] }
  | { type: 'epoch'; n: number; batch: number; learningRate: number }
  | { type: 'get-weights' };

export type FromReplica =
  | { type: 'ready' }
  | { type: 'batch'; index: number; loss: number }
  | { type: 'epoch-done'; lossSum: number }
  | { type: 'weights'; weights: Float32Array[] }
  | { type: 'error'; message: string };

/** Rows [from, to) of the batch [start, end) that replica `rank` of `parties` trains on: contiguous, sizes differ by ≤ 1. */
export function shardOf(start: number, end: number, rank: number, parties: number): [number, number] {
  const m = end - start;
  const base = Math.floor(m / parties), extra = m % parties;
  const from = start + rank * base + Math.min(rank, extra);
  return [from, from + base + (rank < extra ? 1 : 0)];
}
