import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../trainer/backend/index.ts';
import { buildDsCnn, TINY_DSCNN, type DsCnnConfig } from '../../trainer/model.ts';
import { FusedAdamOptimizer } from '../../trainer/optimizer-adam.ts';
import {
  barrierWait, createBarrierMemory, DataParallelTrainer, mergeReplicaWeights, modelWeightArrays, setModelWeights, shardOf,
} from '../../trainer/data-parallel/index.ts';
import { makeRng } from '../../common/synth/rng.ts';

/** Small enough for a test, with every layer kind of the real model (BN included); no dropout (seeded masks). */
const ARCH: DsCnnConfig = { ...TINY_DSCNN, channels: 8, blocks: 2, dropout: 0, seed: 7 };
const ROW = ARCH.frames * ARCH.coeffs;

function randomData(n: number, seed: string): { x: Float32Array; y: Float32Array } {
  const rng = makeRng(seed);
  return {
    x: Float32Array.from({ length: n * ROW }, () => rng.uniform(-2, 2)),
    y: Float32Array.from({ length: n }, () => (rng.chance(0.4) ? 1 : 0)),
  };
}

/** Records the gradients trainOnBatch computes instead of applying them (the model stays as it was). */
class GradientRecorder extends tf.Optimizer {
  static get className(): string { return 'GradientRecorder'; }
  recorded: Float32Array[] = [];
  applyGradients(g: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(g) ? g.map((e) => e.tensor) : Object.keys(g).map((k) => g[k]);
    this.recorded = list.map((t) => Float32Array.from(t.dataSync() as Float32Array));
  }
  getConfig(): tf.serialization.ConfigDict { return {}; }
}

describe('data-parallel training', function () {
  this.timeout(120_000);
  before(async () => { await selectBackend({ prefer: 'wasm' }); });

  it('shardOf splits a batch into contiguous shards whose sizes differ by at most one', () => {
    for (const [start, end, parties] of [[0, 64, 2], [64, 101, 2], [10, 13, 3], [0, 1, 2], [5, 5, 4], [0, 7, 16]]) {
      const shards = Array.from({ length: parties }, (_, r) => shardOf(start, end, r, parties));
      expect(shards[0][0]).to.equal(start);
      expect(shards[parties - 1][1]).to.equal(end);
      for (let r = 1; r < parties; r++) expect(shards[r][0]).to.equal(shards[r - 1][1]);
      const sizes = shards.map(([a, b]) => b - a);
      expect(Math.max(...sizes) - Math.min(...sizes)).to.be.at.most(1);
    }
  });

  it('a barrier of one party passes; one whose others never come times out naming who waited', () => {
    const mem = createBarrierMemory();
    barrierWait(mem, 1);
    barrierWait(mem, 1);
    expect(Atomics.load(mem, 1)).to.equal(2);
    expect(() => barrierWait(createBarrierMemory(), 2, 30, 'replica 0, step 3')).to.throw(/replica 0, step 3 waited 30 ms for 2 parties, 1 arrived/);
    expect(() => barrierWait(mem, 0)).to.throw(RangeError, /parties must be an integer ≥ 1, got 0/);
  });

  it('mergeReplicaWeights averages the non-trainable weights and refuses replicas whose trainable weights differ', () => {
    const a = [Float32Array.of(1, 2), Float32Array.of(0, 4)];
    const b = [Float32Array.of(1, 2), Float32Array.of(2, 8)];
    const merged = mergeReplicaWeights([a, b], ['conv/kernel', 'bn/moving_mean'], [true, false]);
    expect(Array.from(merged[0])).to.deep.equal([1, 2]);
    expect(Array.from(merged[1])).to.deep.equal([1, 6]);
    const c = [Float32Array.of(1, 2.5), Float32Array.of(0, 0)];
    expect(() => mergeReplicaWeights([a, c], ['conv/kernel', 'bn/moving_mean'], [true, false]))
      .to.throw(/replicas diverged: conv\/kernel\[1\] is 2 on replica 0, 2.5 on replica 1/);
  });

  it('two replicas take exactly the step of one process on the summed half-batch gradients', async () => {
    const batch = 10; // two shards of 5
    const steps = 3;
    const { x, y } = randomData(batch * steps, 'dp-exact');
    const main = buildDsCnn(ARCH);
    const initial = modelWeightArrays(main);
    const dp = await DataParallelTrainer.start(main, {
      replicas: 2, architecture: ARCH, lossSpec: { kind: 'bce' }, learningRate: 0.01, backend: 'wasm', maxExamples: batch * steps,
    });
    let merged: Float32Array[];
    try {
      await dp.trainEpoch(x, y, batch * steps, batch, 0.01);
      merged = await dp.syncInto(); // also checks the replicas' trainable weights are bit-identical
    } finally {
      await dp.close();
    }

    // The reference, in this thread: per step, each shard's gradient as trainOnBatch computes it, scaled by
    // 1/2 and summed in shard order, then one Adam step on the sum.
    const ref = buildDsCnn(ARCH);
    setModelWeights(ref, initial);
    const recorder = new GradientRecorder();
    ref.compile({ optimizer: recorder, loss: 'binaryCrossentropy' });
    const adam = new FusedAdamOptimizer({ learningRate: 0.01 });
    const vars = ref.trainableWeights.map((w) => w.read() as tf.Variable);
    for (let s = 0; s < steps; s++) {
      const sums = vars.map((v) => new Float32Array(v.size));
      for (const [from, to] of [shardOf(s * batch, (s + 1) * batch, 0, 2), shardOf(s * batch, (s + 1) * batch, 1, 2)]) {
        const xs = tf.tensor4d(x.subarray(from * ROW, to * ROW), [to - from, ARCH.frames, ARCH.coeffs, 1]);
        const ys = tf.tensor2d(y.subarray(from, to), [to - from, 1]);
        await ref.trainOnBatch(xs, ys);
        tf.dispose([xs, ys]);
        recorder.recorded.forEach((g, i) => { for (let k = 0; k < g.length; k++) sums[i][k] += g[k] * Math.fround(0.5); });
      }
      const grads = vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(sums[i], v.shape) }));
      adam.applyGradients(grads);
      tf.dispose(grads.map((g) => g.tensor));
    }
    const trainable = main.weights.map((w) => w.trainable);
    const refWeights = modelWeightArrays(ref);
    let compared = 0;
    main.weights.forEach((w, i) => {
      if (!trainable[i]) return;
      expect(Array.from(merged[i]), w.name).to.deep.equal(Array.from(refWeights[i]));
      expect(Array.from(merged[i]), `${w.name} moved`).to.not.deep.equal(Array.from(initial[i]));
      compared++;
    });
    expect(compared).to.equal(vars.length);
    // The main thread's model now holds the merged weights.
    expect(modelWeightArrays(main).map((a) => Array.from(a))).to.deep.equal(merged.map((a) => Array.from(a)));
    main.dispose();
    ref.dispose();
  });

  it('a short last batch with fewer rows than replicas still steps every replica together', async () => {
    const main = buildDsCnn(ARCH);
    const { x, y } = randomData(9, 'dp-short');
    const dp = await DataParallelTrainer.start(main, {
      replicas: 3, architecture: ARCH, lossSpec: { kind: 'focal', gamma: 2, alpha: 0.25 }, learningRate: 0.01, backend: 'wasm', maxExamples: 9,
    });
    try {
      const loss = await dp.trainEpoch(x, y, 8, 6, 0.01); // batches of 6 and 2 rows: replica 2 gets none of the second
      expect(loss).to.be.finite;
      expect(loss).to.be.greaterThan(0);
      await dp.syncInto(); // throws if the replicas' trainable weights differ
      const err = await dp.trainEpoch(x, y, 10, 6, 0.01).then(() => null, (e: Error) => e);
      expect(err?.message).to.match(/epoch examples must be an integer 1\.\.9, got 10/);
    } finally {
      await dp.close();
      main.dispose();
    }
  });

  it('a replica that fails to start rejects start() with its reason (start closes the others; a live one would keep mocha from exiting)', async () => {
    const main = buildDsCnn(ARCH);
    try {
      const err = await DataParallelTrainer.start(main, {
        replicas: 2, architecture: ARCH, lossSpec: { kind: 'focal', gamma: 20, alpha: 0.25 }, learningRate: 0.01, backend: 'wasm', maxExamples: 4,
      }).then(() => null, (e: Error) => e);
      expect(err?.message).to.match(/replica [01] failed: focal gamma must be 0\.\.10, got 20/);
    } finally {
      main.dispose();
    }
  });

  it('refuses a replica count outside 2..16 and the tfjs-node backend', async () => {
    const main = buildDsCnn(ARCH);
    const opts = { replicas: 1, architecture: ARCH, lossSpec: { kind: 'bce' as const }, learningRate: 0.01, backend: 'wasm' as const, maxExamples: 4 };
    try {
      await DataParallelTrainer.start(main, opts).then(() => expect.fail('started with 1 replica'), (e: Error) => expect(e.message).to.match(/replicas must be an integer 2\.\.16, got 1/));
      await DataParallelTrainer.start(main, { ...opts, replicas: 2, backend: 'node' }).then(() => expect.fail('started on node'), (e: Error) => expect(e.message).to.match(/tfjs-node/));
    } finally {
      main.dispose();
    }
  });
});
