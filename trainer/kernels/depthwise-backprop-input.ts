import * as tf from '@tensorflow/tfjs';
import { convInfo, type ConvGradAttrs, type ConvInfo } from './conv-info.ts';
import { f32, runWasmKernel, wasmBackend, type WasmBackendLike } from './wasm-heap.ts';

const NAME = 'DepthwiseConv2dNativeBackpropInput';

/**
 * dX of an NHWC depthwise convolution on the wasm backend.
 *
 * Stride 1, dilation 1, multiplier 1 (every depthwise layer of the DS-CNN): dX is the forward depthwise
 * convolution of dY with the filter rotated 180° and padding (f−1−pad) on each side, which the backend runs
 * in XNNPACK. Otherwise: each output gradient is scattered back through its taps onto the input positions
 * it read (strides and padding need no special cases), channels innermost.
 */
export function depthwiseBackpropInput(args: {
  inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = wasmBackend(args.backend, NAME);
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvGradAttrs & { inputShape: number[] };
  const info = convInfo(NAME, attrs.inputShape, filter.shape, attrs, true);
  const { top, bottom, left, right } = info.padInfo;
  const fh = info.filterHeight;
  const fw = info.filterWidth;
  const transposable = info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1
    && info.dilationWidth === 1 && info.outChannels === info.inChannels
    && Math.max(top, bottom) <= fh - 1 && Math.max(left, right) <= fw - 1;
  return transposable ? viaForward(backend, dy, filter, info) : scatter(backend, dy, filter, info, attrs.inputShape);
}

function viaForward(backend: WasmBackendLike, dy: tf.TensorInfo, filter: tf.TensorInfo, info: ConvInfo): tf.TensorInfo {
  const { filterHeight: fh, filterWidth: fw, inChannels: c } = info;
  const { top, bottom, left, right } = info.padInfo;
  const rot = backend.makeOutput(filter.shape.slice(), 'float32');
  const r = f32(backend, rot, NAME);
  const w = f32(backend, filter, NAME);
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      const src = ((fh - 1 - kh) * fw + (fw - 1 - kw)) * c;
      r.set(w.subarray(src, src + c), (kh * fw + kw) * c);
    }
  }
  const pad = [[0, 0], [fh - 1 - top, fh - 1 - bottom], [fw - 1 - left, fw - 1 - right], [0, 0]];
  const dx = runWasmKernel('DepthwiseConv2dNative', backend, { x: dy, filter: rot },
    { strides: 1, pad: pad as unknown as tf.NamedAttrMap[string], dilations: 1 });
  backend.disposeData(rot.dataId);
  return dx;
}

function scatter(
  backend: WasmBackendLike, dy: tf.TensorInfo, filter: tf.TensorInfo, info: ConvInfo, inputShape: number[],
): tf.TensorInfo {
  const { batchSize: n, inHeight: inH, inWidth: inW, inChannels: ci, outHeight: outH, outWidth: outW,
    outChannels: co, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw,
    dilationHeight: dh, dilationWidth: dwd } = info;
  const mult = co / ci;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const out = backend.makeOutput(inputShape.slice(), 'float32');
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
  return out;
}

export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as unknown as tf.KernelFunc,
};
