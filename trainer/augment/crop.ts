import type { Rng } from '../../common/synth/rng.ts';

/** Index of the centre of the loudest 10 ms block: where the shot (or the bang) is. */
export function loudestSample(x: Float32Array, sampleRateHz: number): number {
  const block = Math.max(1, Math.round(0.01 * sampleRateHz));
  let best = 0;
  let bestE = -1;
  for (let s = 0; s < x.length; s += block) {
    let e = 0;
    const end = Math.min(x.length, s + block);
    for (let i = s; i < end; i++) e += x[i] * x[i];
    if (e > bestE) { bestE = e; best = s + ((end - s) >> 1); }
  }
  return best;
}

/**
 * Cuts a window of `length` samples from a clip the way a sensor's sliding window would see it.
 * With `keepEvent`, the clip's loudest instant lands uniformly in [5%, 90%] of the window (the shot can be
 * anywhere, but is always inside); otherwise the offset is uniform over the clip. Parts of the window
 * outside the clip are zeros (the caller's noise fills them).
 */
export function cropWindow(x: Float32Array, length: number, keepEvent: boolean, sampleRateHz: number, rng: Rng): Float32Array {
  if (length <= 0) throw new RangeError(`window length must be > 0, got ${length}`);
  const out = new Float32Array(length);
  let start: number; // clip index at window position 0 (may be negative)
  if (keepEvent) {
    const peak = loudestSample(x, sampleRateHz);
    const at = Math.floor(rng.uniform(0.05, 0.9) * length);
    start = peak - at;
  } else if (x.length > length) {
    start = rng.int(0, x.length - length);
  } else {
    start = -rng.int(0, length - x.length);
  }
  const from = Math.max(0, start);
  const to = Math.min(x.length, start + length);
  if (to > from) out.set(x.subarray(from, to), from - start);
  return out;
}
