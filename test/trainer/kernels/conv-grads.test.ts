import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { expectClose, keepBackend, randomArray, runOn } from './on-backends.ts';

interface Case {
  n: number; h: number; w: number; ci: number; co: number;
  kh: number; kw: number; stride: 1 | 2; pad: 'same' | 'valid';
}

// Odd sizes, both strides and paddings, and the DS-CNN's three kernel shapes (10×4 first layer, 3×3, 1×1).
const CASES: Case[] = [
  { n: 2, h: 9, w: 7, ci: 3, co: 5, kh: 3, kw: 3, stride: 1, pad: 'same' },
  { n: 2, h: 9, w: 7, ci: 3, co: 5, kh: 3, kw: 3, stride: 2, pad: 'same' },
  { n: 2, h: 9, w: 7, ci: 3, co: 5, kh: 3, kw: 3, stride: 2, pad: 'valid' },
  { n: 3, h: 5, w: 6, ci: 8, co: 4, kh: 1, kw: 1, stride: 1, pad: 'same' },
  { n: 3, h: 5, w: 6, ci: 8, co: 4, kh: 1, kw: 1, stride: 2, pad: 'valid' },
  { n: 2, h: 21, w: 13, ci: 1, co: 6, kh: 10, kw: 4, stride: 2, pad: 'same' },
  { n: 2, h: 21, w: 13, ci: 2, co: 3, kh: 10, kw: 4, stride: 1, pad: 'valid' },
];

const label = (c: Case) => `${c.n}×${c.h}×${c.w}×${c.ci} k${c.kh}×${c.kw} s${c.stride} ${c.pad}`;

/** dX, dW of Σ conv(x, w)·r: exercises Conv2DBackpropInput / Conv2DBackpropFilter with tfjs' own attrs. */
function convGrads(c: Case, depthwise: boolean, mult = 1): () => tf.Tensor[] {
  const wShape: [number, number, number, number] = depthwise ? [c.kh, c.kw, c.ci, mult] : [c.kh, c.kw, c.ci, c.co];
  const seed = label(c) + (depthwise ? 'dw' : 'conv');
  return () => {
    const x = tf.tensor4d(randomArray(c.n * c.h * c.w * c.ci, seed + 'x'), [c.n, c.h, c.w, c.ci]);
    const w = tf.tensor4d(randomArray(wShape.reduce((a, b) => a * b), seed + 'w'), wShape);
    const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => (depthwise
      ? tf.depthwiseConv2d(a, b, c.stride, c.pad) : tf.conv2d(a, b, c.stride, c.pad));
    const yShape = conv(x, w).shape;
    const r = tf.tensor(randomArray(yShape.reduce((a, b) => a * b), seed + 'r'), yShape);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w]);
  };
}

describe('trainer/kernels: convolution gradients on wasm match the cpu backend', () => {
  keepBackend();

  for (const c of CASES) {
    it(`conv2d ${label(c)}`, async () => {
      const [dxCpu, dwCpu] = await runOn('cpu', convGrads(c, false));
      const [dxWasm, dwWasm] = await runOn('wasm', convGrads(c, false));
      expectClose(dxWasm, dxCpu, 'dX');
      expectClose(dwWasm, dwCpu, 'dW');
    });
    it(`depthwise ${label(c)}`, async () => {
      const [dxCpu, dwCpu] = await runOn('cpu', convGrads(c, true));
      const [dxWasm, dwWasm] = await runOn('wasm', convGrads(c, true));
      expectClose(dxWasm, dxCpu, 'dX');
      expectClose(dwWasm, dwCpu, 'dW');
    });
  }

  it('depthwise with channel multiplier 2 and 9 channels (the scalar tail paths)', async () => {
    const c: Case = { n: 2, h: 7, w: 5, ci: 9, co: 18, kh: 3, kw: 3, stride: 1, pad: 'same' };
    const [dxCpu, dwCpu] = await runOn('cpu', convGrads(c, true, 2));
    const [dxWasm, dwWasm] = await runOn('wasm', convGrads(c, true, 2));
    expectClose(dxWasm, dxCpu, 'dX');
    expectClose(dwWasm, dwCpu, 'dW');
  });

  it('depthwise with 11 channels (8-wide block plus a 3-channel tail)', async () => {
    const c: Case = { n: 2, h: 7, w: 5, ci: 11, co: 11, kh: 3, kw: 3, stride: 1, pad: 'same' };
    const [dxCpu, dwCpu] = await runOn('cpu', convGrads(c, true));
    const [dxWasm, dwWasm] = await runOn('wasm', convGrads(c, true));
    expectClose(dxWasm, dxCpu, 'dX');
    expectClose(dwWasm, dwCpu, 'dW');
  });

  it('rejects NCHW with a message naming the kernel and the value', async () => {
    await runOn('wasm', () => []);
    const x = tf.zeros([1, 4, 4, 2]);
    const dy = tf.zeros([1, 4, 4, 3]);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
      { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [1, 1, 2, 3] }))
      .to.throw(/Conv2DBackpropFilter: dataFormat must be NHWC, got NCHW/);
    tf.dispose([x, dy]);
  });
});
