/** The float outputs of one layer of a tfjs model, one row per window (for logit calibration). */
import * as tf from '@tensorflow/tfjs';

export function tapRows(model: tf.LayersModel, tap: string, windows: Float32Array[], inputShape: number[], batchSize = 64): Float32Array[] {
  const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(tap).output as tf.SymbolicTensor });
  const per = inputShape.reduce((a, b) => a * b, 1);
  const rows: Float32Array[] = [];
  for (let start = 0; start < windows.length; start += batchSize) {
    const batch = windows.slice(start, start + batchSize);
    const flat = new Float32Array(batch.length * per);
    batch.forEach((w, i) => flat.set(w, i * per));
    const out = tf.tidy(() => (sub.predict(tf.tensor(flat, [batch.length, ...inputShape])) as tf.Tensor).dataSync() as Float32Array);
    const width = out.length / batch.length;
    for (let i = 0; i < batch.length; i++) rows.push(out.slice(i * width, (i + 1) * width));
  }
  return rows;
}
