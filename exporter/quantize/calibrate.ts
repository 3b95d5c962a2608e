/**
 * Activation ranges for post-training quantisation: runs the float model on representative normalised
 * windows and records, per tapped layer output, the min and max — or, with `percentile` < 100, the
 * percentile of the values on each side (clipping rare outliers for a finer scale).
 */
import * as tf from '@tensorflow/tfjs';

export interface CalibrationOptions {
  /** Percentile kept on each side, 50 < p ≤ 100; defaults to 100 (plain min/max). */
  percentile?: number;
  /** Windows per predict() call; defaults to 64. */
  batchSize?: number;
}

export interface Range { min: number; max: number }

function percentileOf(sorted: Float32Array, p: number): number {
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))));
  return sorted[idx];
}

/**
 * Returns [inputRange, ...tapRanges]. `windows` are [frames·coeffs] normalised windows; `inputShape` the
 * model's input shape without the batch axis.
 */
export function calibrateRanges(model: tf.LayersModel, taps: string[], windows: Float32Array[], inputShape: number[], opts: CalibrationOptions = {}): Range[] {
  const percentile = opts.percentile ?? 100;
  const batchSize = opts.batchSize ?? 64;
  if (!(percentile > 50 && percentile <= 100)) throw new RangeError(`calibration percentile must be in (50, 100], got ${percentile}`);
  if (windows.length === 0) throw new RangeError('calibration needs at least one window, got 0');
  const per = inputShape.reduce((a, b) => a * b, 1);
  for (const [i, w] of windows.entries()) {
    if (w.length !== per) throw new RangeError(`calibration window ${i} has ${w.length} values, the model input needs ${per}`);
  }
  const sub = tf.model({ inputs: model.inputs, outputs: taps.map((t) => model.getLayer(t).output as tf.SymbolicTensor) });
  const keep = percentile < 100;
  const mins = new Array<number>(taps.length + 1).fill(Infinity);
  const maxs = new Array<number>(taps.length + 1).fill(-Infinity);
  const all: number[][] = taps.map(() => []);
  const inputs: number[] = [];
  const track = (k: number, v: ArrayLike<number>, sink?: number[]) => {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x < mins[k]) mins[k] = x;
      if (x > maxs[k]) maxs[k] = x;
      if (sink) sink.push(x);
    }
  };
  for (let start = 0; start < windows.length; start += batchSize) {
    const batch = windows.slice(start, start + batchSize);
    const flat = new Float32Array(batch.length * per);
    batch.forEach((w, i) => flat.set(w, i * per));
    track(0, flat, keep ? inputs : undefined);
    const outs = tf.tidy(() => {
      const r = sub.predict(tf.tensor(flat, [batch.length, ...inputShape]));
      return (Array.isArray(r) ? r : [r]).map((t) => t.dataSync() as Float32Array);
    });
    outs.forEach((o, k) => track(k + 1, o, keep ? all[k] : undefined));
  }
  if (!keep) return mins.map((min, k) => ({ min, max: maxs[k] }));
  return [inputs, ...all].map((vals) => {
    const sorted = Float32Array.from(vals).sort();
    return { min: percentileOf(sorted, 100 - percentile), max: percentileOf(sorted, percentile) };
  });
}
