import * as tf from '@tensorflow/tfjs';
import { barrierWait, type BarrierMemory } from './barrier.ts';

/** tfjs-core's NamedTensor (not re-exported by @tensorflow/tfjs). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** Memory shared by every replica of one data-parallel run. */
export interface AllReduceMemory {
  /**
   * Gradient exchange: two slots (by step parity) × parties × params float32 values. Two slots let a fast
   * replica write step s while a slow one still reads step s − 1: it cannot be further ahead, because
   * writing step s needs the barrier of step s − 1, which the slow one reaches only after reading s − 2.
   */
  grads: Float32Array;
  /** The barrier every replica passes once per step, after writing its gradients. */
  barrier: BarrierMemory;
}

/** Floats `AllReduceMemory.grads` needs for `parties` replicas of a model with `params` trainable values. */
export function allReduceLength(parties: number, params: number): number {
  return 2 * parties * params;
}

/**
 * The optimizer each data-parallel replica trains with: it publishes this replica's gradients (scaled by
 * `shardWeight`, its share of the batch), waits for every replica, sums all of them in rank order — the
 * same float32 additions in the same order on every replica, so every replica gets the same bits — and
 * hands the sum to `inner`. Replicas that start equal therefore stay equal, and the sum is the gradient of
 * the whole batch's mean loss (each replica's loss is the mean over its shard).
 *
 * Contract: every replica calls applyGradients once per step with the trainable variables in the same
 * order (tfjs-layers' trainOnBatch passes them in the model's order; a replica with no rows in a step
 * passes zeros: `zeroGradients`).
 */
export class AllReduceOptimizer extends tf.Optimizer {
  static get className(): string { return 'AllReduce'; }

  /** This replica's rows in the current step / rows of the whole batch; set before each step. */
  shardWeight = 1;
  private step = 0;

  constructor(
    readonly inner: tf.Optimizer,
    private readonly mem: AllReduceMemory,
    readonly rank: number,
    readonly parties: number,
    readonly params: number,
  ) {
    super();
    if (!(Number.isInteger(parties) && parties >= 1 && Number.isInteger(rank) && rank >= 0 && rank < parties)) {
      throw new RangeError(`AllReduceOptimizer: rank must be in 0..parties − 1 and parties ≥ 1, got rank ${rank} of ${parties}`);
    }
    if (mem.grads.length !== allReduceLength(parties, params)) {
      throw new RangeError(`AllReduceOptimizer: shared gradient memory holds ${mem.grads.length} floats, expected 2 × ${parties} × ${params}`);
    }
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const slot = (this.step % 2) * this.parties * this.params;
    const mine = slot + this.rank * this.params;
    const w = Math.fround(this.shardWeight);
    let off = 0;
    for (const { name, tensor } of list) {
      const g = tensor.dataSync() as Float32Array;
      if (off + g.length > this.params) throw new RangeError(`AllReduceOptimizer: gradients exceed the ${this.params} shared parameters at ${name}`);
      for (let i = 0; i < g.length; i++) this.mem.grads[mine + off + i] = g[i] * w;
      off += g.length;
    }
    if (off !== this.params) throw new RangeError(`AllReduceOptimizer: got ${off} gradient values, the shared memory is laid out for ${this.params}`);
    barrierWait(this.mem.barrier, this.parties, undefined, `replica ${this.rank}, step ${this.step}`);
    const summed: NamedTensor[] = [];
    off = 0;
    for (const { name, tensor } of list) {
      const sum = new Float32Array(tensor.size);
      for (let r = 0; r < this.parties; r++) {
        const from = slot + r * this.params + off;
        for (let i = 0; i < sum.length; i++) sum[i] += this.mem.grads[from + i];
      }
      summed.push({ name, tensor: tf.tensor(sum, tensor.shape, 'float32') });
      off += sum.length;
    }
    this.step++;
    try {
      this.inner.applyGradients(summed);
    } finally {
      tf.dispose(summed.map((s) => s.tensor));
    }
  }

  override dispose(): void {
    this.inner.dispose();
    super.dispose();
  }

  override async getWeights(): Promise<NamedTensor[]> { return this.inner.getWeights(); }
  override async setWeights(weights: NamedTensor[]): Promise<void> { return this.inner.setWeights(weights); }
  getConfig(): tf.serialization.ConfigDict { return this.inner.getConfig(); }
}

/** Zero gradients for `variables`, for a replica whose shard of a step is empty. The caller disposes them. */
export function zeroGradients(variables: tf.Variable[]): NamedTensor[] {
  return variables.map((v) => ({ name: v.name, tensor: tf.zeros(v.shape, 'float32') }));
}
