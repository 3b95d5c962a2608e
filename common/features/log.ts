/**
 * librosa.power_to_db with ref = 1.0: 10·log10(max(S, amin)), then, if topDb is given,
 * max(x, max(all x) − topDb) over the whole array (one clip: librosa's clamp is clip-relative).
 */

export interface PowerToDbParams {
  /** Floor on the power before the log, > 0. librosa's default 1e-10 (= −100 dB). */
  amin: number;
  /** Clamp to this many dB below the array's maximum; null = no clamp. */
  topDb: number | null;
}

/** In place: values[i] ← 10·log10(max(values[i], amin)); then the topDb clamp. Returns values. */
export function powerToDbInPlace<T extends Float64Array | Float32Array>(values: T, p: PowerToDbParams): T {
  if (!(p.amin > 0)) throw new RangeError(`amin must be > 0, got ${p.amin}`);
  if (p.topDb !== null && !(p.topDb >= 0)) throw new RangeError(`topDb must be ≥ 0 or null, got ${p.topDb}`);
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = 10 * Math.log10(values[i] > p.amin ? values[i] : p.amin);
    values[i] = v;
    if (v > max) max = v;
  }
  if (p.topDb !== null) clampBelowInPlace(values, max - p.topDb);
  return values;
}

/** In place: values[i] ← max(values[i], floor). */
export function clampBelowInPlace(values: Float64Array | Float32Array, floor: number): void {
  for (let i = 0; i < values.length; i++) if (values[i] < floor) values[i] = floor;
}
