import * as tf from '@tensorflow/tfjs';
import { convInfo, type ConvGradAttrs } from './conv-info.ts';
import { f32, wasmBackend } from './wasm-heap.ts';

const NAME = 'DepthwiseConv2dNativeBackpropFilter';

/**
 * dW of an NHWC depthwise convolution (filter [fh, fw, inC, mult]) on the wasm backend: a direct loop over
 * the heap with channels innermost, so every inner loop walks contiguous memory. Sums run in a Float64
 * accumulator (one row of taps per filter position) because each weight sums batch·outH·outW products.
 */
export function depthwiseBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = wasmBackend(args.backend, NAME);
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvGradAttrs & { filterShape: number[] };
  const info = convInfo(NAME, x.shape, attrs.filterShape, attrs, true);
  const { batchSize: n, inHeight: inH, inWidth: inW, inChannels: ci, outHeight: outH, outWidth: outW,
    outChannels: co, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw,
    dilationHeight: dh, dilationWidth: dwd } = info;
  const mult = co / ci;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const acc = new Float64Array(fh * fw * co);
  const out = backend.makeOutput(attrs.filterShape.slice(), 'float32');
  const xs = f32(backend, x, NAME);
  const g = f32(backend, dy, NAME);
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        const go = ((b * outH + oh) * outW + ow) * co;
        for (let kh = 0; kh < fh; kh++) {
          const ih = oh * sh + kh * dh - padTop;
          if (ih < 0 || ih >= inH) continue;
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * sw + kw * dwd - padLeft;
            if (iw < 0 || iw >= inW) continue;
            const xo = ((b * inH + ih) * inW + iw) * ci;
            const ao = (kh * fw + kw) * co;
            if (mult === 1) {
              for (let c = 0; c < ci; c++) acc[ao + c] += xs[xo + c] * g[go + c];
            } else {
              for (let c = 0; c < ci; c++) {
                const xv = xs[xo + c];
                for (let m = 0; m < mult; m++) acc[ao + c * mult + m] += xv * g[go + c * mult + m];
              }
            }
          }
        }
      }
    }
  }
  f32(backend, out, NAME).set(acc);
  return out;
}

export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter as unknown as tf.KernelFunc,
};
