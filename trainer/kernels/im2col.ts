import type { ConvInfo } from './conv-info.ts';

/**
 * True when a convolution is a plain per-pixel matrix product: 1×1 filter, stride 1, no padding, so the
 * NHWC input viewed as [batch·H·W, inC] already is its im2col matrix.
 */
export function isPointwise(info: ConvInfo): boolean {
  return info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 && info.strideWidth === 1
    && info.padInfo.top === 0 && info.padInfo.left === 0
    && info.outHeight === info.inHeight && info.outWidth === info.inWidth;
}

/**
 * Fills `cols` ([batch·outH·outW, fh·fw·inC], row-major) with the input patch each output pixel reads, in
 * the filter's own (kh, kw, ci) order, with zeros where the window lies in padding. Dilation 1.
 */
export function im2col(x: Float32Array, cols: Float32Array, info: ConvInfo): void {
  const { batchSize: n, inHeight: inH, inWidth: inW, inChannels: ci, outHeight: outH, outWidth: outW,
    filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        for (let kh = 0; kh < fh; kh++) {
          const ih = oh * sh + kh - padTop;
          if (ih < 0 || ih >= inH) { cols.fill(0, o, o + fw * ci); o += fw * ci; continue; }
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * sw + kw - padLeft;
            if (iw < 0 || iw >= inW) { cols.fill(0, o, o + ci); o += ci; continue; }
            const xo = ((b * inH + ih) * inW + iw) * ci;
            for (let q = 0; q < ci; q++) cols[o++] = x[xo + q];
          }
        }
      }
    }
  }
}

/**
 * The adjoint of im2col: adds every row of `cols` back onto the input positions its patch came from.
 * `dx` must be zeroed by the caller. Each dx element receives at most fh·fw terms.
 */
export function col2im(cols: Float32Array, dx: Float32Array, info: ConvInfo): void {
  const { batchSize: n, inHeight: inH, inWidth: inW, inChannels: ci, outHeight: outH, outWidth: outW,
    filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        for (let kh = 0; kh < fh; kh++) {
          const ih = oh * sh + kh - padTop;
          if (ih < 0 || ih >= inH) { o += fw * ci; continue; }
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * sw + kw - padLeft;
            if (iw < 0 || iw >= inW) { o += ci; continue; }
            const xo = ((b * inH + ih) * inW + iw) * ci;
            for (let q = 0; q < ci; q++) dx[xo + q] += cols[o++];
          }
        }
      }
    }
  }
}
