import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../trainer/backend/index.ts';
import { expectClose, keepBackend, randomArray, runOn } from './on-backends.ts';

const SHAPE: [number, number, number, number] = [3, 5, 7, 11]; // 11 channels: one 8-wide block + a tail
const C = SHAPE[3];
const SIZE = SHAPE.reduce((a, b) => a * b);

/** Training-mode batch norm as tfjs-layers does it: moments over N, H, W, then tf.batchNorm. */
function bnTrainingGrads(composed: boolean): () => tf.Tensor[] {
  return () => {
    const x = tf.tensor4d(randomArray(SIZE, 'bn-x'), SHAPE).mul(2).add(0.5);
    const gamma = tf.tensor1d(randomArray(C, 'bn-g')).add(1.5);
    const beta = tf.tensor1d(randomArray(C, 'bn-b'));
    const r = tf.tensor4d(randomArray(SIZE, 'bn-r'), SHAPE);
    const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, [0, 1, 2]);
      // The composed form uses only elementwise ops, so its gradient is tfjs-core's own chain rule —
      // an independent reference for the replacement FusedBatchNorm gradient.
      const y = composed
        ? tf.add(tf.mul(tf.mul(tf.sub(a, mean), tf.rsqrt(tf.add(variance, 1e-3))), g), b)
        : tf.batchNorm(a as tf.Tensor4D, mean, variance, b, g, 1e-3);
      return tf.sum(tf.mul(y, r));
    };
    return tf.grads(f)([x, gamma, beta]);
  };
}

describe('trainer/kernels: batch norm and channel reductions', () => {
  keepBackend();

  it('the tile-free FusedBatchNorm gradient equals the chain rule of the composed formula (cpu)', async () => {
    await selectBackend({ prefer: 'wasm' }); // registers the replacement gradient
    const ref = await runOn('cpu', bnTrainingGrads(true));
    const got = await runOn('cpu', bnTrainingGrads(false));
    ['dx', 'dgamma', 'dbeta'].forEach((what, i) => expectClose(got[i], ref[i], what));
  });

  it('training-mode batch norm gradients on wasm match cpu', async () => {
    const ref = await runOn('cpu', bnTrainingGrads(false));
    const got = await runOn('wasm', bnTrainingGrads(false));
    ['dx', 'dgamma', 'dbeta'].forEach((what, i) => expectClose(got[i], ref[i], what));
  });

  it('Sum and Mean over leading axes (fast path) and over other axes (backend fallback) match cpu', async () => {
    const f = () => {
      const x = tf.tensor4d(randomArray(SIZE, 'red'), SHAPE);
      return [
        tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1, 2]), tf.sum(x, [0, 1, 2], true),
        tf.sum(x.reshape([SIZE / C, C]), 0), tf.sum(x, [1, 2]), tf.mean(x, -1), tf.sum(x),
      ];
    };
    const ref = await runOn('cpu', f);
    const got = await runOn('wasm', f);
    ref.forEach((r, i) => expectClose(got[i], r, `reduction ${i}`, 1e-5));
  });

  it('Sum and Mean gradients equal dy broadcast over the reduced axes (÷ reduced size for Mean)', async () => {
    await selectBackend({ prefer: 'wasm' }); // registers the replacement gradients
    const f = () => {
      const x = tf.tensor4d(randomArray(SIZE, 'rg'), SHAPE);
      const r = tf.tensor2d(randomArray(SHAPE[0] * C, 'rg-r'), [SHAPE[0], C]);
      const [dSum] = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(tf.sum(a, [1, 2]), r)))([x]);
      const [dMean] = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(tf.mean(a, [1, 2]), r)))([x]);
      const expected = tf.mul(tf.onesLike(x), r.reshape([SHAPE[0], 1, 1, C]));
      return [dSum, dMean, expected, tf.div(expected, SHAPE[1] * SHAPE[2])];
    };
    for (const backend of ['cpu', 'wasm'] as const) {
      const [dSum, dMean, eSum, eMean] = await runOn(backend, f);
      expectClose(dSum, eSum, `${backend} dSum`, 1e-6);
      expectClose(dMean, eMean, `${backend} dMean`, 1e-6);
    }
  });

  it('FusedBatchNorm forward with per-channel and full-shape parameters matches cpu', async () => {
    const f = () => {
      const x = tf.tensor4d(randomArray(SIZE, 'fwd'), SHAPE);
      const v = (s: string) => tf.tensor1d(randomArray(C, s));
      const full = (s: string) => tf.tensor4d(randomArray(SIZE, s), SHAPE);
      return [
        tf.batchNorm(x, v('m'), v('v').abs(), v('o'), v('s'), 1e-3),
        tf.batchNorm(x, v('m').reshape([1, 1, 1, C]), v('v').abs().reshape([1, 1, 1, C])),
        tf.batchNorm(x, full('fm'), full('fv').abs(), undefined, full('fs'), 1e-3), // backend fallback
      ];
    };
    const ref = await runOn('cpu', f);
    const got = await runOn('wasm', f);
    ref.forEach((r, i) => expectClose(got[i], r, `batchNorm ${i}`, 1e-5));
  });
});
