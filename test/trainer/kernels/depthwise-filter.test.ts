import * as tf from '@tensorflow/tfjs';
import { expectClose, keepBackend, randomArray, runOn } from './on-backends.ts';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  /** What the case exercises in trainer/kernels/depthwise-backprop-filter.ts. */
  why: string;
  x: [number, number, number, number];
  k: [number, number];
  mult?: number;
  strides?: [number, number];
  pad: Pad;
}

// The filter gradient has a fast path (three taps down a column at once, channel pairs) for 3-tall,
// stride-1, undilated kernels and a general path for the rest, with border rows and odd channels handled
// apart: each case below lands in a different combination of them.
const CASES: Case[] = [
  { why: "the DS-CNN's 3×3 'same' on its 25×7×32 maps (fast path, even channels)", x: [2, 25, 7, 32], k: [3, 3], pad: 'same' },
  { why: 'an odd channel count (channel pairs plus a lone channel)', x: [2, 9, 6, 11], k: [3, 3], pad: 'same' },
  { why: "'valid' padding (no border rows, only interior)", x: [2, 8, 7, 6], k: [3, 3], pad: 'valid' },
  { why: 'height 2, smaller than the kernel (no row has all three taps)', x: [3, 2, 5, 4], k: [3, 3], pad: 'same' },
  { why: 'stride 2 across only (fast path with strided columns)', x: [2, 9, 9, 10], k: [3, 3], strides: [1, 2], pad: 'same' },
  { why: 'stride 2 down (general path)', x: [2, 9, 7, 9], k: [3, 3], strides: [2, 1], pad: 'same' },
  { why: 'explicit asymmetric padding', x: [2, 8, 6, 8], k: [3, 3], pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { why: 'a 5×2 kernel (general path)', x: [2, 10, 6, 9], k: [5, 2], pad: 'same' },
  { why: 'channel multiplier 3', x: [2, 7, 5, 3], k: [3, 3], mult: 3, pad: 'same' },
];

const label = (c: Case) => `${c.x.join('×')} k${c.k.join('×')}${c.mult ? ` m${c.mult}` : ''} s${(c.strides ?? [1, 1]).join(',')}`
  + ` ${typeof c.pad === 'string' ? c.pad : JSON.stringify(c.pad)}`;

/** dX, dW of Σ depthwiseConv2d(x, w)·r, so tfjs passes its own attrs to the gradient kernels. */
function grads(c: Case): () => tf.Tensor[] {
  const wShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.mult ?? 1];
  const seed = label(c);
  const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.depthwiseConv2d(a, b, c.strides ?? 1, c.pad);
  return () => {
    const x = tf.tensor4d(randomArray(c.x.reduce((a, b) => a * b), seed + 'x'), c.x);
    const w = tf.tensor4d(randomArray(wShape.reduce((a, b) => a * b), seed + 'w'), wShape);
    const yShape = conv(x, w).shape;
    const r = tf.tensor(randomArray(yShape.reduce((a, b) => a * b), seed + 'r'), yShape);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w]);
  };
}

describe('trainer/kernels: depthwise filter gradient on wasm matches the cpu backend', () => {
  keepBackend();

  for (const c of CASES) {
    it(`${c.why}: ${label(c)}`, async () => {
      const [dxCpu, dwCpu] = await runOn('cpu', grads(c));
      const [dxWasm, dwWasm] = await runOn('wasm', grads(c));
      expectClose(dwWasm, dwCpu, 'dW');
      expectClose(dxWasm, dxCpu, 'dX');
    });
  }
});

/**
 * dW straight from the definition, for the dilated cases the cpu backend cannot check: tfjs' gradient of
 * depthwiseConv2d rejects dilations > 1, and the cpu kernel ignores them. 'same' padding as tfjs pads it.
 */
function naiveDw(x: Float32Array, dy: Float32Array, xs: number[], k: [number, number], d: [number, number]): Float64Array {
  const [n, h, w, c] = xs;
  const info = tf.backend_util.computeConv2DInfo(xs as [number, number, number, number], [k[0], k[1], c, 1], 1, d, 'same', undefined, true);
  const dw = new Float64Array(k[0] * k[1] * c);
  for (let b = 0; b < n; b++) for (let oh = 0; oh < info.outHeight; oh++) for (let ow = 0; ow < info.outWidth; ow++) {
    for (let kh = 0; kh < k[0]; kh++) for (let kw = 0; kw < k[1]; kw++) {
      const ih = oh + kh * d[0] - info.padInfo.top;
      const iw = ow + kw * d[1] - info.padInfo.left;
      if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
      for (let q = 0; q < c; q++) {
        dw[(kh * k[1] + kw) * c + q] += x[((b * h + ih) * w + iw) * c + q] * dy[((b * info.outHeight + oh) * info.outWidth + ow) * c + q];
      }
    }
  }
  return dw;
}

describe('trainer/kernels: dilated depthwise filter gradient on wasm matches the definition', () => {
  keepBackend();

  const dilated: { why: string; x: [number, number, number, number]; d: [number, number] }[] = [
    { why: 'dilation 2 both ways (general path)', x: [2, 9, 8, 5], d: [2, 2] },
    { why: 'dilation 2 across only (fast path with dilated columns)', x: [2, 7, 9, 6], d: [1, 2] },
  ];
  for (const c of dilated) {
    it(`${c.why}: ${c.x.join('×')} k3×3 d${c.d.join(',')} same`, async () => {
      const xv = randomArray(c.x.reduce((a, b) => a * b), `dil x ${c.x}`);
      const dyv = randomArray(c.x.reduce((a, b) => a * b), `dil dy ${c.x}`);
      const [got] = await runOn('wasm', () => {
        const x = tf.tensor4d(xv, c.x);
        const dy = tf.tensor4d(dyv, c.x);
        return [tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy },
          { strides: 1, pad: 'same', dilations: c.d, filterShape: [3, 3, c.x[3], 1] }) as tf.Tensor];
      });
      expectClose(got, Float32Array.from(naiveDw(xv, dyv, c.x, [3, 3], c.d)), 'dW');
    });
  }
});
