import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { FusedAdamOptimizer, adamOptimizer } from '../../trainer/optimizer-adam.ts';
import { keepBackend, randomArray, runOn } from './kernels/on-backends.ts';

const SHAPES: number[][] = [[], [7], [3, 5], [3, 3, 4, 2], [1, 1, 6, 9]];

/** Makes the backend current (wasm with the training kernels, or cpu). */
async function use(backend: 'cpu' | 'wasm'): Promise<void> {
  await runOn(backend, () => []);
}

/** One set of variables, the same initial values for every call with the same `tag`. */
function variables(prefix: string): tf.Variable[] {
  return SHAPES.map((shape, k) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return tf.variable(tf.tensor(randomArray(n, `init${k}`), shape), true, `${prefix}_${k}`);
  });
}

/**
 * A loss whose gradients differ per element and per step and depend on the values (so any drift between
 * two optimizers would grow): Σ c·w² + sin(d·w), with c, d fixed per variable.
 */
function lossOf(vars: tf.Variable[]): () => tf.Scalar {
  const coeffs = vars.map((v, k) => [tf.tensor(randomArray(v.size, `c${k}`), v.shape), tf.tensor(randomArray(v.size, `d${k}`), v.shape)]);
  return () => tf.addN(vars.map((w, k) => tf.sum(tf.add(tf.mul(coeffs[k][0], tf.square(w)), tf.sin(tf.mul(coeffs[k][1], w)))))) as tf.Scalar;
}

/** Worst per-element |a − b| / max(|a|, |b|) (0 when both are 0). */
function worstRelative(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
    if (scale > 0) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  }
  return worst;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`trainer/optimizer-adam: FusedAdamOptimizer vs tf.train.adam on ${backend}`, () => {
    keepBackend();

    it('gives the same parameters after each of 20 steps (5 shapes; learning rate changed mid-way)', async () => {
      await use(backend);
      const ref = variables(`ref_${backend}`);
      const ours = variables(`ours_${backend}`);
      const refOpt = tf.train.adam(0.01);
      const ourOpt = new FusedAdamOptimizer({ learningRate: 0.01 });
      const refLoss = lossOf(ref);
      const ourLoss = lossOf(ours);
      let worst = 0;
      for (let step = 1; step <= 20; step++) {
        if (step === 11) {
          (refOpt as unknown as { learningRate: number }).learningRate = 0.003;
          ourOpt.learningRate = 0.003;
        }
        refOpt.minimize(refLoss, false, ref);
        ourOpt.minimize(ourLoss, false, ours);
        for (let k = 0; k < ref.length; k++) {
          const r = worstRelative(ours[k].dataSync() as Float32Array, ref[k].dataSync() as Float32Array);
          expect(r, `step ${step}, variable ${k} shape [${SHAPES[k]}]`).to.be.at.most(1e-6);
          worst = Math.max(worst, r);
        }
      }
      expect(ourOpt.iterations).to.equal(20);
      // The parameters moved (the comparison is not between two untouched sets).
      const moved = worstRelative(ours[2].dataSync() as Float32Array, randomArray(15, 'init2'));
      expect(moved).to.be.greaterThan(1e-3);
      refOpt.dispose();
      ourOpt.dispose();
      tf.dispose([...ref, ...ours]);
    });

    it('leaks no tensors across steps', async () => {
      await use(backend);
      const vars = variables(`leak_${backend}`);
      const opt = new FusedAdamOptimizer();
      const loss = lossOf(vars);
      opt.minimize(loss, false, vars);
      const before = tf.memory().numTensors;
      for (let step = 0; step < 20; step++) opt.minimize(loss, false, vars);
      expect(tf.memory().numTensors).to.equal(before);
      tf.dispose(vars);
    });

    it('leaves tensors that shared the old value (clones) unchanged', async () => {
      await use(backend);
      const [w] = variables(`clone_${backend}`).slice(3, 4);
      const kept = w.clone(); // on wasm, Identity shares the variable's memory (kernels/identity.ts)
      const before = Float32Array.from(kept.dataSync());
      const opt = new FusedAdamOptimizer({ learningRate: 0.1 });
      opt.applyGradients([{ name: w.name, tensor: tf.onesLike(w) }]);
      expect(Array.from(kept.dataSync())).to.deep.equal(Array.from(before));
      expect(worstRelative(w.dataSync() as Float32Array, before)).to.be.greaterThan(1e-3);
      tf.dispose([w, kept]);
    });

    it("restores from tfjs Adam's getWeights and continues as tfjs Adam restored the same way; saves in its layout", async () => {
      await use(backend);
      const a = variables(`saveA_${backend}`);
      const b = variables(`saveB_${backend}`);
      const c = variables(`saveC_${backend}`);
      const trainedOpt = tf.train.adam(0.01);
      const lossA = lossOf(a);
      for (let s = 0; s < 5; s++) trainedOpt.minimize(lossA, false, a);
      b.forEach((v, k) => v.assign(a[k]));
      c.forEach((v, k) => v.assign(a[k]));
      // tfjs returns its own moment variables (not copies) plus a fresh 'iter' scalar.
      const saved = await trainedOpt.getWeights();
      const refOpt = tf.train.adam(0.01);
      const ourOpt = new FusedAdamOptimizer({ learningRate: 0.01 });
      await refOpt.setWeights(saved);
      await ourOpt.setWeights(saved);
      saved[0].tensor.dispose();
      expect(ourOpt.iterations).to.equal(5);
      const lossB = lossOf(b);
      const lossC = lossOf(c);
      for (let s = 0; s < 5; s++) {
        refOpt.minimize(lossB, false, b);
        ourOpt.minimize(lossC, false, c);
      }
      for (let k = 0; k < b.length; k++) {
        expect(worstRelative(c[k].dataSync() as Float32Array, b[k].dataSync() as Float32Array), `variable ${k}`).to.be.at.most(1e-6);
      }
      const ours = await ourOpt.getWeights();
      const refs = await refOpt.getWeights();
      expect(ours.map((w) => w.name)).to.deep.equal(refs.map((w) => w.name));
      for (let k = 0; k < refs.length; k++) {
        const what = `${refs[k].name} after 10 steps`;
        expect(worstRelative(ours[k].tensor.dataSync() as Float32Array, refs[k].tensor.dataSync() as Float32Array), what).to.be.at.most(1e-6);
      }
      tf.dispose([ours.map((w) => w.tensor), refs[0].tensor]);
      tf.dispose([...a, ...b, ...c]);
      [trainedOpt, refOpt, ourOpt].forEach((o) => o.dispose());
    });
  });
}

describe('trainer/optimizer-adam: adamOptimizer', () => {
  keepBackend();

  it("'auto' is fused on wasm and tf.train.adam on cpu; impl overrides; bad settings are named", async () => {
    await use('wasm');
    // tf.Optimizer's Symbol.hasInstance is duck-typed (any optimizer passes instanceof): compare classes.
    expect(adamOptimizer({ impl: 'auto' }).constructor).to.equal(FusedAdamOptimizer);
    expect(adamOptimizer({ impl: 'tfjs' }).constructor).to.not.equal(FusedAdamOptimizer);
    await use('cpu');
    const cpuOpt = adamOptimizer({ impl: 'auto', learningRate: 0.02 });
    expect(cpuOpt.constructor).to.not.equal(FusedAdamOptimizer);
    expect(cpuOpt.getConfig()).to.deep.include({ learningRate: 0.02, beta1: 0.9, beta2: 0.999 });
    expect(adamOptimizer({ impl: 'fused' }).constructor).to.equal(FusedAdamOptimizer);
    expect(() => adamOptimizer({ impl: 'sgd' as 'auto' })).to.throw(/one of auto, fused, tfjs, got sgd/);
    expect(() => adamOptimizer({ learningRate: 0 })).to.throw(/learningRate must be finite and > 0, got 0/);
    expect(() => adamOptimizer({ beta2: 1 })).to.throw(/beta2 must be in \[0, 1\), got 1/);
  });

  it('trains a compiled layers model (trainOnBatch) to the same weights as tf.train.adam on wasm', async () => {
    await use('wasm');
    const build = () => {
      const m = tf.sequential({ layers: [
        tf.layers.dense({ inputShape: [6], units: 5, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.batchNormalization(),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ] });
      return m;
    };
    const x = tf.tensor2d(randomArray(32 * 6, 'x'), [32, 6]);
    const y = tf.tensor2d(Array.from(randomArray(32, 'y'), (v) => (v > 0 ? 1 : 0)), [32, 1]);
    const ref = build();
    const ours = build();
    ref.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
    ours.compile({ optimizer: adamOptimizer({ learningRate: 0.01, impl: 'fused' }), loss: 'binaryCrossentropy' });
    const losses: number[] = [];
    for (let s = 0; s < 20; s++) {
      await ref.trainOnBatch(x, y);
      losses.push(await ours.trainOnBatch(x, y) as number);
    }
    expect(losses[19]).to.be.lessThan(losses[0]);
    const rw = ref.getWeights();
    const ow = ours.getWeights();
    expect(ow.length).to.equal(rw.length);
    for (let k = 0; k < rw.length; k++) {
      expect(worstRelative(ow[k].dataSync() as Float32Array, rw[k].dataSync() as Float32Array), `weight ${k} (${rw[k].shape})`).to.be.at.most(1e-5);
    }
    tf.dispose([x, y]);
    ref.dispose();
    ours.dispose();
  });
});
