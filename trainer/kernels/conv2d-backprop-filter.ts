import * as tf from '@tensorflow/tfjs';
import { convInfo, type ConvGradAttrs } from './conv-info.ts';
import { f32, runWasmKernel, wasmBackend } from './wasm-heap.ts';

const NAME = 'Conv2DBackpropFilter';

/**
 * dW of an NHWC 2-D convolution on the wasm backend, as one matrix product the backend runs in XNNPACK:
 * dW[k, co] = Σ_r cols[r, k] · dY[r, co], r over (batch, outRow, outCol), k over (kh, kw, ci) — the
 * filter's own memory order, so the product's [K, Co] result *is* the filter gradient. For a 1×1,
 * stride-1, unpadded convolution `cols` is X itself (no copy); otherwise an im2col buffer is filled in JS,
 * with zeros where the window reaches into padding. Dilation must be 1 (as tfjs' conv2d gradient requires).
 */
export function conv2dBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = wasmBackend(args.backend, NAME);
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvGradAttrs & { filterShape: number[] };
  const info = convInfo(NAME, x.shape, attrs.filterShape, attrs, false);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new RangeError(`${NAME}: dilations must be 1, got [${info.dilationHeight}, ${info.dilationWidth}]`);
  }
  const { batchSize: n, inHeight: inH, inWidth: inW, inChannels: ci, outHeight: outH, outWidth: outW,
    outChannels: co, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const rows = n * outH * outW;
  const k = fh * fw * ci;
  const dy2d: tf.TensorInfo = { dataId: dy.dataId, shape: [1, rows, co], dtype: dy.dtype };
  const direct = fh === 1 && fw === 1 && sh === 1 && sw === 1 && padTop === 0 && padLeft === 0
    && outH === inH && outW === inW;
  let cols: tf.TensorInfo;
  if (direct) {
    cols = { dataId: x.dataId, shape: [1, rows, k], dtype: x.dtype };
  } else {
    cols = backend.makeOutput([1, rows, k], 'float32');
    const c = f32(backend, cols, NAME);
    const xs = f32(backend, x, NAME);
    let r = 0;
    for (let b = 0; b < n; b++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++, r++) {
          let o = r * k;
          for (let kh = 0; kh < fh; kh++) {
            const ih = oh * sh + kh - padTop;
            if (ih < 0 || ih >= inH) { c.fill(0, o, o + fw * ci); o += fw * ci; continue; }
            for (let kw = 0; kw < fw; kw++) {
              const iw = ow * sw + kw - padLeft;
              if (iw < 0 || iw >= inW) { c.fill(0, o, o + ci); o += ci; continue; }
              const xo = ((b * inH + ih) * inW + iw) * ci;
              for (let q = 0; q < ci; q++) c[o++] = xs[xo + q];
            }
          }
        }
      }
    }
  }
  const dw = runWasmKernel('BatchMatMul', backend, { a: cols, b: dy2d }, { transposeA: true, transposeB: false });
  if (!direct) backend.disposeData(cols.dataId);
  return { dataId: dw.dataId, shape: attrs.filterShape.slice(), dtype: 'float32' };
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
