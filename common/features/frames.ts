/**
 * Framing, as librosa's `stft`: frame t covers samples [t·hop, t·hop + nFft) of the (optionally padded)
 * signal. With `center`, the signal is padded with nFft/2 zeros on each side (librosa 0.9.2's
 * `pad_mode='constant'`), so frame t is centred on sample t·hop.
 */

export interface FramingParams {
  /** FFT size, in samples. */
  nFft: number;
  /** Hop between frames, in samples. */
  hopLength: number;
  /** Pad nFft/2 zeros on both sides (librosa `center=True`). */
  center: boolean;
}

/**
 * Number of frames librosa returns for a signal of `length` samples:
 * center false: 1 + floor((length − nFft)/hop), or 0 if the signal is shorter than nFft (librosa raises there);
 * center true: 1 + floor(length/hop).
 */
export function frameCount(length: number, p: FramingParams): number {
  if (p.center) return 1 + Math.floor(length / p.hopLength);
  if (length < p.nFft) return 0;
  return 1 + Math.floor((length - p.nFft) / p.hopLength);
}

/** Index, in the unpadded signal, of the first sample of frame t (negative when centred frames reach before 0). */
export function frameStart(t: number, p: FramingParams): number {
  return t * p.hopLength - (p.center ? p.nFft / 2 : 0);
}

/**
 * Writes `window[from..to) · signal[...]` of frame t into out[from..to) and leaves the rest of `out`
 * untouched (callers keep it zero: outside the window's support librosa multiplies by 0 anyway).
 * Samples outside the signal read as 0 (the constant padding).
 */
export function windowFrameInto(
  signal: Float32Array, t: number, p: FramingParams, window: Float64Array,
  from: number, to: number, out: Float64Array,
): void {
  const start = frameStart(t, p);
  const n = signal.length;
  const lo = Math.max(from, -start);
  const hi = Math.min(to, n - start);
  for (let i = from; i < lo && i < to; i++) out[i] = 0;
  for (let i = lo; i < hi; i++) out[i] = window[i] * signal[start + i];
  for (let i = Math.max(hi, from); i < to; i++) out[i] = 0;
}
