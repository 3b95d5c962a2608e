import * as tf from '@tensorflow/tfjs';
import { convInfo, type ConvGradAttrs } from './conv-info.ts';
import { f32, wasmBackend } from './wasm-heap.ts';

const NAME = 'DepthwiseConv2dNativeBackpropInput';

/**
 * dX of an NHWC depthwise convolution on the wasm backend: each output gradient is scattered back through
 * the fh·fw taps onto the input positions it read (so strides and padding need no special cases), channels
 * innermost. Each dX element receives at most fh·fw·mult terms, so Float32 accumulation is enough.
 */
export function depthwiseBackpropInput(args: {
  inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = wasmBackend(args.backend, NAME);
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvGradAttrs & { inputShape: number[] };
  const info = convInfo(NAME, attrs.inputShape, filter.shape, attrs, true);
  const { batchSize: n, inHeight: inH, inWidth: inW, inChannels: ci, outHeight: outH, outWidth: outW,
    outChannels: co, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw,
    dilationHeight: dh, dilationWidth: dwd } = info;
  const mult = co / ci;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const out = backend.makeOutput(attrs.inputShape.slice(), 'float32');
  const dx = f32(backend, out, NAME);
  dx.fill(0);
  const g = f32(backend, dy, NAME);
  const w = f32(backend, filter, NAME);
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
            const wo = (kh * fw + kw) * co;
            if (mult === 1) {
              for (let c = 0; c < ci; c++) dx[xo + c] += g[go + c] * w[wo + c];
            } else {
              for (let c = 0; c < ci; c++) {
                let s = 0;
                for (let m = 0; m < mult; m++) s += g[go + c * mult + m] * w[wo + c * mult + m];
                dx[xo + c] += s;
              }
            }
          }
        }
      }
    }
  }
  return out;
}

export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as unknown as tf.KernelFunc,
};
