/**
 * Folds an inference-mode BatchNormalization into the convolution before it:
 * y = γ·(conv(x) + b − μ)/√(σ² + ε) + β  =  conv'(x) + b'  with  W'[…, c] = W[…, c]·k[c],
 * b'[c] = (b[c] − μ[c])·k[c] + β[c],  k[c] = γ[c]/√(σ²[c] + ε). Done in float64.
 */
export interface BatchNormWeights {
  gamma: Float32Array | null;
  beta: Float32Array | null;
  movingMean: Float32Array;
  movingVariance: Float32Array;
  epsilon: number;
}

export interface FoldedConv {
  /** Weights with the output channel as the LAST axis (tfjs layout), scaled per channel. */
  kernel: Float64Array;
  bias: Float64Array;
}

/** `kernel` is in tfjs layout with the output channel last (conv [kh,kw,in,out], depthwise [kh,kw,C,1]). */
export function foldBatchNorm(kernel: Float32Array, bias: Float32Array | null, bn: BatchNormWeights, channels: number): FoldedConv {
  if (kernel.length % channels !== 0) throw new RangeError(`foldBatchNorm: kernel of ${kernel.length} values is not a multiple of ${channels} channels`);
  if (bn.movingMean.length !== channels) throw new RangeError(`foldBatchNorm: batch norm has ${bn.movingMean.length} channels, conv has ${channels}`);
  const k = new Float64Array(channels);
  const b = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const gamma = bn.gamma ? bn.gamma[c] : 1;
    const beta = bn.beta ? bn.beta[c] : 0;
    k[c] = gamma / Math.sqrt(bn.movingVariance[c] + bn.epsilon);
    b[c] = ((bias ? bias[c] : 0) - bn.movingMean[c]) * k[c] + beta;
  }
  const out = new Float64Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) out[i] = kernel[i] * k[i % channels];
  return { kernel: out, bias: b };
}
