import * as tf from '@tensorflow/tfjs';
import { buildDsCnn, TINY_DSCNN } from '../../../trainer/model.ts';
import { expectClose, keepBackend, randomArray, runOn } from './on-backends.ts';

// Small enough for the cpu backend to take well under a second; keeps every layer kind of the real model
// (10×4 stride-2 conv, depthwise 3×3, pointwise 1×1, training-mode batch norm, pooling, dense).
const CFG = { ...TINY_DSCNN, channels: 8, blocks: 2, dropout: 0 };
const BATCH = 4;

/** Gradients of the mean BCE loss w.r.t. every trainable weight, weights set from fixed arrays. */
function modelGrads(): tf.Tensor[] {
  const model = buildDsCnn(CFG);
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(randomArray(w.size, `w${i}`), w.shape).mul(0.5)));
  const x = tf.tensor4d(randomArray(BATCH * CFG.frames * CFG.coeffs, 'x'), [BATCH, CFG.frames, CFG.coeffs, 1]);
  const y = tf.tensor2d([1, 0, 0, 1], [BATCH, 1]);
  const { grads } = tf.variableGrads(() => {
    const p = model.apply(x, { training: true }) as tf.Tensor;
    return tf.losses.sigmoidCrossEntropy(y, tf.log(tf.div(p, tf.sub(1, p))));
  }, model.trainableWeights.map((w) => w.read() as tf.Variable));
  const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
  const out = names.map((n) => grads[n]);
  model.dispose();
  return out;
}

describe('trainer/kernels: whole DS-CNN gradients on wasm match cpu', () => {
  keepBackend();

  it(`every trainable weight's gradient (batch ${BATCH}, ${CFG.channels} channels, ${CFG.blocks} blocks)`, async () => {
    const ref = await runOn('cpu', modelGrads);
    const got = await runOn('wasm', modelGrads);
    ref.forEach((r, i) => expectClose(got[i], r, `weight ${i}`));
  });
});
