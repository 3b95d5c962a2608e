import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { keepBackend, runOn } from './on-backends.ts';

/** Runs `f` on wasm (training kernels registered) and returns what it returns; tensors are left to `f`. */
async function onWasm<T>(f: () => T): Promise<T> {
  await runOn('wasm', () => []);
  return f();
}

describe('trainer/kernels: Cast on wasm', () => {
  keepBackend();

  it('float32 → float32 shares the memory (no copy) and keeps values, shape and dtype', async () => {
    await onWasm(() => {
      const x = tf.tensor2d([1.5, -2.25, 3, 0], [2, 2]);
      const y = tf.engine().runKernel('Cast', { x }, { dtype: 'float32' }) as tf.Tensor;
      expect(y.dtype).to.equal('float32');
      expect(y.shape).to.deep.equal([2, 2]);
      expect(y.dataId).to.equal(x.dataId);
      expect(Array.from(y.dataSync())).to.deep.equal([1.5, -2.25, 3, 0]);
      // The shared memory is reference-counted: freeing the input leaves the cast's result readable.
      x.dispose();
      expect(Array.from(y.dataSync())).to.deep.equal([1.5, -2.25, 3, 0]);
      y.dispose();
    });
  });

  it('float32 → int32 still converts (truncation toward zero, new memory)', async () => {
    await onWasm(() => {
      const x = tf.tensor1d([1.7, -2.7, 3.2, 0]);
      const y = tf.cast(x, 'int32');
      expect(y.dtype).to.equal('int32');
      expect(y.dataId).to.not.equal(x.dataId);
      expect(Array.from(y.dataSync())).to.deep.equal([1, -2, 3, 0]);
      tf.dispose([x, y]);
    });
  });

  it('bool → float32 still converts', async () => {
    await onWasm(() => {
      const x = tf.tensor1d([true, false, true], 'bool');
      const y = tf.cast(x, 'float32');
      expect(y.dtype).to.equal('float32');
      expect(Array.from(y.dataSync())).to.deep.equal([1, 0, 1]);
      tf.dispose([x, y]);
    });
  });

  it('int32 → int32 shares, and its gradient path (through a float32 cast) is unchanged', async () => {
    await onWasm(() => {
      const i = tf.tensor1d([4, -5], 'int32');
      const j = tf.cast(i, 'int32');
      expect(j.dataId).to.equal(i.dataId);
      expect(Array.from(j.dataSync())).to.deep.equal([4, -5]);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.cast(v, 'float32'), v)))(tf.tensor1d([2, 3]));
      expect(Array.from(g.dataSync())).to.deep.equal([4, 6]);
      tf.dispose([i, j, g]);
    });
  });

  it('leaves no tensor behind when a shared cast and its input are both freed', async () => {
    await onWasm(() => {
      const before = tf.memory().numTensors;
      const bytes = tf.memory().numBytes;
      const x = tf.ones([8, 8]);
      const y = tf.cast(x, 'float32');
      tf.dispose([x, y]);
      expect(tf.memory().numTensors).to.equal(before);
      expect(tf.memory().numBytes).to.equal(bytes);
    });
  });
});
