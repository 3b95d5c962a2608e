/**
 * An int8-quantised model as the exporter builds it, before it is written as a .tflite flatbuffer or as C.
 * Layouts follow TFLite exactly: activations NHWC; Conv2D filters [outC, kh, kw, inC]; DepthwiseConv2D
 * filters [1, kh, kw, C] (depth multiplier 1); FullyConnected weights [out, in]. Quantisation follows
 * TFLite's int8 spec: real = scale · (q − zeroPoint); per-channel scales along `quantizedDimension` for
 * conv/depthwise filters (zero point 0), per-tensor elsewhere; biases int32 with scale inScale·wScale[c].
 * FULLY_CONNECTED reads its input flattened to [batches, weights.shape[1]] whatever the input's rank (as
 * TFLite and TFLite Micro do); the DS-CNN's global average pool is folded into it (quantize/fold-pool.ts).
 */
export type QDType = 'int8' | 'int32';

export interface QTensor {
  name: string;
  shape: number[];
  dtype: QDType;
  /** One scale per tensor, or one per channel along `quantizedDimension`. */
  scale: number[];
  zeroPoint: number[];
  /** Channel axis of per-channel scales (0 for conv filters, 3 for depthwise filters). */
  quantizedDimension: number;
  /** Constant data (weights, biases); absent for activations. */
  data?: Int8Array | Int32Array;
}

export type QActivation = 'none' | 'relu' | 'relu6';

interface QOpBase { inputs: number[]; outputs: number[] }

export type QOp =
  | (QOpBase & { kind: 'conv2d'; strideH: number; strideW: number; padding: 'same' | 'valid'; activation: QActivation })
  | (QOpBase & { kind: 'depthwise_conv2d'; strideH: number; strideW: number; padding: 'same' | 'valid'; activation: QActivation })
  | (QOpBase & { kind: 'fully_connected'; activation: QActivation })
  | (QOpBase & { kind: 'logistic' })
  | (QOpBase & { kind: 'reshape' });

/** inputs of conv2d/depthwise/fully_connected: [input, filter, bias]; indices into `tensors`. */
export interface QModel {
  tensors: QTensor[];
  ops: QOp[];
  inputs: number[];
  outputs: number[];
  /** Free-form description written into the flatbuffer. */
  description: string;
}
