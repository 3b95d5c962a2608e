import * as tf from '@tensorflow/tfjs';
import { buildWindowMlp, type WindowMlpConfig } from './model.ts';

/** Member m of an ensemble trains from seed + m · MEMBER_SEED_STEP (member 0 from the run's own seed). */
export const MEMBER_SEED_STEP = 1000;

/**
 * The architecture of K window MLPs of architecture `a` joined into one (`joinWindowMlps`): every hidden
 * layer K times as wide.
 */
export function joinedArchitecture(a: WindowMlpConfig, k: number): WindowMlpConfig {
  return { ...a, hidden: a.hidden.map((h) => h * k) };
}

/**
 * One window MLP that computes the mean logit of K window MLPs of the same architecture, exactly (in float):
 * the first hidden layer's kernels side by side (every member reads the same input), each later hidden layer
 * block-diagonal (member k's units see only member k's units), the classifier's kernels stacked and divided
 * by K, its bias the members' mean. sigmoid(mean logit) is the ensemble's decision; the result is a plain
 * window MLP, so the exporter, the int8 reference and the board run it unchanged.
 */
export function joinWindowMlps(members: tf.LayersModel[], a: WindowMlpConfig): tf.LayersModel {
  const k = members.length;
  if (k < 1) throw new RangeError('joinWindowMlps: no members');
  const weights = members.map((m) => m.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array })));
  const joined = buildWindowMlp(joinedArchitecture(a, k));
  const out: tf.Tensor[] = [];
  // Layers in order: hidden 0..L-1, then the classifier; each is [kernel, bias].
  const layers = a.hidden.length + 1;
  let inUnits = a.rows * a.coeffs;
  for (let l = 0; l < layers; l++) {
    const last = l === layers - 1;
    const units = last ? 1 : a.hidden[l];
    const rowsPer = l === 0 ? inUnits : a.hidden[l - 1];
    const rows = l === 0 ? inUnits : rowsPer * k;
    const cols = last ? 1 : units * k;
    const kernel = new Float32Array(rows * cols);
    const bias = new Float32Array(cols);
    for (let m = 0; m < k; m++) {
      const w = weights[m][2 * l].data, b = weights[m][2 * l + 1].data;
      const r0 = l === 0 ? 0 : m * rowsPer;
      const c0 = last ? 0 : m * units;
      for (let r = 0; r < rowsPer; r++) {
        for (let c = 0; c < units; c++) kernel[(r0 + r) * cols + c0 + c] = last ? w[r * units + c] / k : w[r * units + c];
      }
      for (let c = 0; c < units; c++) bias[c0 + c] += last ? b[c] / k : b[c];
    }
    out.push(tf.tensor2d(kernel, [rows, cols]), tf.tensor1d(bias));
    inUnits = units;
  }
  joined.setWeights(out);
  tf.dispose(out);
  return joined;
}
