/** The scalars of one Adam step, each already a float32 value (Math.fround), as tfjs's tensors hold them. */
export interface AdamStepScalars {
  /** β1 and 1 − β1. */
  beta1: number;
  oneMinusBeta1: number;
  /** β2 and 1 − β2. */
  beta2: number;
  oneMinusBeta2: number;
  /** 1 − β1^t and 1 − β2^t, the bias corrections of step t (from tfjs's float32 running products). */
  biasCorrection1: number;
  biasCorrection2: number;
  /** ε added to √v̂. */
  epsilon: number;
  /** −learning rate. */
  negLearningRate: number;
}

const fr = Math.fround;

/**
 * One Adam step over one variable, element by element, in the order and float32 rounding of tfjs-core
 * 4.22's AdamOptimizer.applyGradients (dist/optimizers/adam_optimizer.js): each tensor op there rounds its
 * result to float32, so each is one Math.fround here (a float32 op done in double and rounded once gives
 * the correctly rounded float32 result for + − × ÷ √). Updates the moments `m`, `v` in place and writes
 * the new value to `out`; `out` may not alias `w`, `g`, `m` or `v` (the caller passes fresh memory).
 */
export function adamUpdate(s: AdamStepScalars, w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, out: Float32Array): void {
  const n = w.length;
  if (g.length !== n || m.length !== n || v.length !== n || out.length !== n) {
    throw new RangeError(`adamUpdate: lengths must all equal the variable's ${n}, got gradient ${g.length}, m ${m.length}, v ${v.length}, out ${out.length}`);
  }
  const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection1, biasCorrection2, epsilon, negLearningRate } = s;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = fr(fr(m[i] * beta1) + fr(gi * oneMinusBeta1));
    const vi = fr(fr(v[i] * beta2) + fr(fr(gi * gi) * oneMinusBeta2));
    m[i] = mi;
    v[i] = vi;
    const mHat = fr(mi / biasCorrection1);
    const vHat = fr(vi / biasCorrection2);
    const step = fr(fr(mHat / fr(fr(Math.sqrt(vHat)) + epsilon)) * negLearningRate);
    out[i] = step + w[i]; // the store rounds to float32
  }
}
