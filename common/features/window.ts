/**
 * Analysis window, as librosa's `stft` builds it: `scipy.signal.get_window('hann', winLength, fftbins=True)`
 * (the periodic Hann), then `librosa.util.pad_center(w, size=nFft)`: zero-padded to nFft with the extra
 * zero on the right when nFft − winLength is odd.
 */

/** Periodic Hann of length n: w[i] = 0.5 − 0.5·cos(2πi/n). Throws a RangeError unless n is an integer ≥ 1. */
export function periodicHann(n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`window length must be an integer ≥ 1, got ${n}`);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/** Offset of a winLength window centred in nFft samples (librosa pad_center: floor((nFft − winLength)/2)). */
export function windowOffset(winLength: number, nFft: number): number {
  return Math.floor((nFft - winLength) / 2);
}

/** The periodic Hann of winLength, centred and zero-padded to nFft, as librosa uses it. */
export function paddedHann(winLength: number, nFft: number): Float64Array {
  if (!Number.isInteger(nFft) || winLength > nFft) {
    throw new RangeError(`window length must be 1..nFft (${nFft}), got ${winLength}`);
  }
  const out = new Float64Array(nFft);
  out.set(periodicHann(winLength), windowOffset(winLength, nFft));
  return out;
}
