/**
 * Mel scale and mel filterbank, exactly as librosa (core/convert.py `hz_to_mel`, `mel_to_hz`,
 * `mel_frequencies`, `fft_frequencies`; filters.py `mel` with `norm='slaney'`).
 */

/** Slaney (Auditory Toolbox) scale constants: linear below 1 kHz, logarithmic above. */
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

/** Hz → mel. htk: 2595·log10(1 + f/700); otherwise Slaney's scale (librosa's default). */
export function hzToMel(hz: number, htk: boolean): number {
  if (htk) return 2595 * Math.log10(1 + hz / 700);
  if (hz >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
  return hz / F_SP;
}

/** mel → Hz, the inverse of hzToMel for the same `htk`. */
export function melToHz(mel: number, htk: boolean): number {
  if (htk) return 700 * (Math.pow(10, mel / 2595) - 1);
  if (mel >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
  return F_SP * mel;
}

/** librosa.mel_frequencies: n points equally spaced in mel between fmin and fmax, returned in Hz. */
export function melFrequencies(n: number, fminHz: number, fmaxHz: number, htk: boolean): Float64Array {
  const lo = hzToMel(fminHz, htk);
  const hi = hzToMel(fmaxHz, htk);
  const out = new Float64Array(n);
  // np.linspace(lo, hi, n): lo + i·step, with the last point exactly hi.
  const step = n > 1 ? (hi - lo) / (n - 1) : 0;
  for (let i = 0; i < n; i++) out[i] = melToHz(i === n - 1 && n > 1 ? hi : lo + i * step, htk);
  return out;
}

/** librosa.fft_frequencies: centre frequency of each rfft bin, 0..sr/2 in nFft/2 + 1 steps. */
export function fftFrequencies(sampleRateHz: number, nFft: number): Float64Array {
  const n = nFft / 2 + 1;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = (k * sampleRateHz) / nFft;
  return out;
}

export interface MelFilterbankParams {
  /** Sampling rate, in Hz. */
  sampleRateHz: number;
  /** FFT size, in samples (even). */
  nFft: number;
  /** Number of mel bands. */
  nMels: number;
  /** Lowest band edge, in Hz. */
  fminHz: number;
  /** Highest band edge, in Hz. */
  fmaxHz: number;
  /** HTK mel formula (true) or Slaney's (false). */
  htk: boolean;
}

/**
 * librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk, norm='slaney') → nMels rows of nFft/2 + 1 weights.
 * Triangle i rises from mel_f[i] to mel_f[i+1] and falls to mel_f[i+2] (mel_f = mel_frequencies(nMels + 2)),
 * evaluated at the FFT bin frequencies, then scaled by 2/(mel_f[i+2] − mel_f[i]) so each has unit area in Hz.
 * Computed in float64 (librosa stores float32: the difference is below 1e-7 relative).
 */
export function melFilterbank(p: MelFilterbankParams): Float64Array[] {
  const fftFreqs = fftFrequencies(p.sampleRateHz, p.nFft);
  const melF = melFrequencies(p.nMels + 2, p.fminHz, p.fmaxHz, p.htk);
  const rows: Float64Array[] = [];
  for (let i = 0; i < p.nMels; i++) {
    const row = new Float64Array(fftFreqs.length);
    const fdLo = melF[i + 1] - melF[i];
    const fdHi = melF[i + 2] - melF[i + 1];
    const enorm = 2 / (melF[i + 2] - melF[i]);
    for (let k = 0; k < fftFreqs.length; k++) {
      const lower = -(melF[i] - fftFreqs[k]) / fdLo;
      const upper = (melF[i + 2] - fftFreqs[k]) / fdHi;
      row[k] = Math.max(0, Math.min(lower, upper)) * enorm;
    }
    rows.push(row);
  }
  return rows;
}

/** A filterbank row kept as its non-zero span, for a fast mel projection. */
export interface SparseFilter {
  /** First bin with a non-zero weight. */
  start: number;
  /** Weights of bins start..start + weights.length − 1. */
  weights: Float64Array;
}

/** Drops the leading and trailing zeros of each row (an all-zero row becomes an empty span). */
export function sparsifyFilterbank(rows: Float64Array[]): SparseFilter[] {
  return rows.map((row) => {
    let a = 0;
    while (a < row.length && row[a] === 0) a++;
    let b = row.length;
    while (b > a && row[b - 1] === 0) b--;
    return { start: a, weights: row.slice(a, b) };
  });
}
