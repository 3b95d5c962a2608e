import * as tf from '@tensorflow/tfjs';

/** The subset of tfjs' Conv2DInfo the gradient kernels read (NHWC, dilation 1 for regular convolutions). */
export type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** Attributes shared by the convolution gradient kernels, as tfjs-core's gradient functions pass them. */
export interface ConvGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: [number, number] | number;
  dataFormat?: 'NHWC' | 'NCHW';
}

/**
 * Shape bookkeeping via tfjs' own `computeConv2DInfo`, so padding ('same'/'valid'/explicit) and output
 * sizes are exactly those the forward kernel used. Only NHWC is accepted: the wasm backend's forward
 * convolutions are NHWC-only too.
 */
export function convInfo(
  kernel: string, xShape: number[], filterShape: number[], attrs: ConvGradAttrs, depthwise: boolean,
): ConvInfo {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new RangeError(`${kernel}: dataFormat must be NHWC, got ${attrs.dataFormat}`);
  }
  if (xShape.length !== 4 || filterShape.length !== 4) {
    throw new RangeError(`${kernel}: input and filter must be rank 4, got [${xShape}] and [${filterShape}]`);
  }
  const dil = attrs.dilations ?? 1;
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides, dil, attrs.pad, attrs.dimRoundingMode, depthwise, 'channelsLast',
  );
}
