// Short-time level of a signal: the common ground of onset detection, cutting and measurement.

/** Level in dBFS of consecutive, non-overlapping frames of `frameLen` samples (last partial frame kept). */
export function frameLevelsDb(samples: Float32Array, frameLen: number): Float64Array {
  if (!Number.isInteger(frameLen) || frameLen < 1) throw new RangeError(`frameLevelsDb: frameLen must be an integer ≥ 1, got ${frameLen}`);
  const n = Math.ceil(samples.length / frameLen);
  const out = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    const a = f * frameLen;
    const b = Math.min(samples.length, a + frameLen);
    let e = 0;
    for (let i = a; i < b; i++) e += samples[i] * samples[i];
    // +1e-12 keeps digital silence finite (-120 dBFS) so differences stay defined.
    out[f] = 10 * Math.log10(e / (b - a) + 1e-12);
  }
  return out;
}
