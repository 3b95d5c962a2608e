/**
 * Folds a global average pool into the Dense layer after it: mean over the H·W positions of an NHWC
 * [1, H, W, C] tensor, then dense(C → out), equals one dense over the H·W·C flattened inputs whose weight
 * for input (p, c) is w[c][o] / (H·W) — exactly, in real arithmetic. TFLite and TFLite Micro FULLY_CONNECTED
 * read a [1, H, W, C] input as H·W·C values in NHWC order, so the int8 graph needs no MEAN op: MEAN is the one
 * op whose int8 rounding differs between TFLite Micro (truncating integer mean) and TFLite (round to nearest)
 * with no build switch to align them, and the fold also removes the pooled tensor's own rounding.
 */

export interface FoldedDense {
  /** [H·W·C, out] in tfjs layout (row = NHWC flat index p·C + c). */
  kernel: Float64Array;
  kernelShape: [number, number];
}

/** `kernel` is the Dense kernel [C, out] (tfjs layout); `pooledShape` the pool's input [1, H, W, C]. */
export function foldGlobalAveragePool(kernel: Float64Array, kernelShape: number[], pooledShape: number[]): FoldedDense {
  const [n, h, w, c] = pooledShape;
  const [inN, outN] = kernelShape;
  if (pooledShape.length !== 4 || n !== 1) throw new RangeError(`foldGlobalAveragePool: pooled input must be [1, H, W, C], got [${pooledShape}]`);
  if (inN !== c) throw new RangeError(`foldGlobalAveragePool: dense has ${inN} inputs but the pool gives ${c} channels ([${pooledShape}])`);
  if (kernel.length !== inN * outN) throw new RangeError(`foldGlobalAveragePool: kernel has ${kernel.length} values, shape [${kernelShape}] needs ${inN * outN}`);
  const positions = h * w;
  const folded = new Float64Array(positions * c * outN);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < c * outN; i++) folded[p * c * outN + i] = kernel[i] / positions;
  }
  return { kernel: folded, kernelShape: [positions * c, outN] };
}
