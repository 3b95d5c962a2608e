/**
 * TFLite's padding for SAME/VALID (kernels/padding.h `ComputePaddingHeightWidth`, dilation 1):
 * output = ceil(in / stride) for SAME, ceil((in − k + 1) / stride) for VALID; the padding before is
 * floor(total / 2), the extra odd pixel goes after — the same split TensorFlow and tfjs use.
 */
export function outputSize(inSize: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  if (!(inSize >= 1 && kernel >= 1 && stride >= 1)) {
    throw new RangeError(`outputSize: in, kernel, stride must be >= 1, got ${inSize}, ${kernel}, ${stride}`);
  }
  return padding === 'same' ? Math.ceil(inSize / stride) : Math.ceil((inSize - kernel + 1) / stride);
}

/** Padding before (top/left) in pixels. */
export function paddingBefore(inSize: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  if (padding === 'valid') return 0;
  const out = outputSize(inSize, kernel, stride, padding);
  const total = Math.max((out - 1) * stride + kernel - inSize, 0);
  return Math.floor(total / 2);
}
