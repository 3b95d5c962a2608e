/**
 * DCT-II with orthonormal scaling, as `scipy.fftpack.dct(x, type=2, norm='ortho')` (librosa's mfcc):
 * y[k] = s(k)·Σₙ x[n]·cos(πk(2n+1)/(2N)), s(0) = √(1/N), s(k>0) = √(2/N).
 */

/** The first nOut rows of the N-point orthonormal DCT-II, row-major: m[k·n + i]. */
export function dctOrthoMatrix(nOut: number, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`DCT size must be an integer ≥ 1, got ${n}`);
  if (!Number.isInteger(nOut) || nOut < 1 || nOut > n) {
    throw new RangeError(`DCT outputs must be an integer 1..${n}, got ${nOut}`);
  }
  const m = new Float64Array(nOut * n);
  for (let k = 0; k < nOut; k++) {
    const s = Math.sqrt((k === 0 ? 1 : 2) / n);
    for (let i = 0; i < n; i++) m[k * n + i] = s * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
  }
  return m;
}

/**
 * The matrix that turns a frame's nMels log-mel energies into its nMfcc features: the first nMfcc rows of
 * the orthonormal DCT-II (MFCCs), or, when the spec has no DCT (dctType null), the nMels × nMels identity
 * (the features are the log-mel energies themselves).
 */
export function featureMatrix(spec: { dctType: 2 | null; nMfcc: number; nMels: number }): Float64Array {
  if (spec.dctType !== null) return dctOrthoMatrix(spec.nMfcc, spec.nMels);
  const m = new Float64Array(spec.nMels * spec.nMels);
  for (let i = 0; i < spec.nMels; i++) m[i * spec.nMels + i] = 1;
  return m;
}

/** out[k] = Σᵢ m[k·n + i]·x[xOffset + i] for k < nOut; m from dctOrthoMatrix(nOut, n). */
export function applyDct(
  m: Float64Array, nOut: number, n: number,
  x: Float64Array | Float32Array, xOffset: number,
  out: Float32Array | Float64Array, outOffset: number,
): void {
  for (let k = 0; k < nOut; k++) {
    let acc = 0;
    const row = k * n;
    for (let i = 0; i < n; i++) acc += m[row + i] * x[xOffset + i];
    out[outOffset + k] = acc;
  }
}
