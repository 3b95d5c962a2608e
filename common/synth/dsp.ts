// Signal building blocks shared by the generators: noise, RBJ biquads, envelopes, FFT convolution.
import FFT from 'fft.js';
import type { Rng } from './rng.ts';

/**
 * White noise with unit variance, uniformly distributed (√3·(2u−1)): spectrally identical to Gaussian white
 * noise and several times cheaper; every filtered use of it becomes Gaussian-like anyway (central limit).
 * The samples come from a mulberry32 generator seeded by one draw of `rng` — ARC4 per sample was the
 * largest cost of corpus generation — so the result is still a pure function of `rng`'s state.
 */
export function whiteNoise(n: number, rng: Rng): Float32Array {
  const x = new Float32Array(n);
  let state = Math.floor(rng.next() * 4294967296) >>> 0;
  const k = Math.sqrt(3) / 2147483648;
  for (let i = 0; i < n; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    x[i] = (((t ^ (t >>> 14)) >>> 0) - 2147483648) * k;
  }
  return x;
}

export type BiquadKind = 'lowpass' | 'highpass' | 'bandpass';

/**
 * Filters `x` in place with an RBJ-cookbook biquad (Direct Form I). `q` defaults to 1/√2 (Butterworth for
 * low/high-pass). The centre/cutoff is clamped below Nyquist so distance-driven cutoffs never blow up.
 */
export function biquad(x: Float32Array, kind: BiquadKind, freqHz: number, rateHz: number, q = Math.SQRT1_2): Float32Array {
  const f = Math.min(Math.max(freqHz, 5), 0.45 * rateHz);
  const w = (2 * Math.PI * f) / rateHz;
  const alpha = Math.sin(w) / (2 * q);
  const cw = Math.cos(w);
  let b0: number, b1: number, b2: number;
  if (kind === 'lowpass') [b0, b1, b2] = [(1 - cw) / 2, 1 - cw, (1 - cw) / 2];
  else if (kind === 'highpass') [b0, b1, b2] = [(1 + cw) / 2, -(1 + cw), (1 + cw) / 2];
  else [b0, b1, b2] = [alpha, 0, -alpha];
  const a0 = 1 + alpha;
  const a1 = -2 * cw;
  const a2 = 1 - alpha;
  const [c0, c1, c2, d1, d2] = [b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0];
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const y = c0 * x[i] + c1 * x1 + c2 * x2 - d1 * y1 - d2 * y2;
    x2 = x1; x1 = x[i]; y2 = y1; y1 = y;
    x[i] = y;
  }
  return x;
}

/** Multiplies `x` in place by exp(-t/tau) from sample `start` on (zero before it). */
export function expDecay(x: Float32Array, tauS: number, rateHz: number, start = 0): Float32Array {
  const k = Math.exp(-1 / (tauS * rateHz));
  let g = 1;
  for (let i = 0; i < x.length; i++) {
    if (i < start) x[i] = 0;
    else { x[i] *= g; g *= k; }
  }
  return x;
}

/** Adds `gain·src` into `dst` starting at sample `offset` (parts outside `dst` are dropped). */
export function addInto(dst: Float32Array, src: Float32Array, offset: number, gain = 1): void {
  const o = Math.round(offset);
  for (let i = Math.max(0, -o); i < src.length && o + i < dst.length; i++) dst[o + i] += gain * src[i];
}

/** Largest absolute value. */
export function peak(x: Float32Array): number {
  let p = 0;
  for (let i = 0; i < x.length; i++) p = Math.max(p, Math.abs(x[i]));
  return p;
}

/** Scales `x` in place so its peak is `target` (no-op on an all-zero signal). */
export function normalizePeak(x: Float32Array, target: number): Float32Array {
  const p = peak(x);
  if (p > 0) for (let i = 0; i < x.length; i++) x[i] *= target / p;
  return x;
}

/** A sine of `n` samples with frequency given per sample (so sweeps stay phase-continuous). */
export function sweptSine(n: number, rateHz: number, freqAt: (i: number) => number, phase0 = 0): Float32Array {
  const x = new Float32Array(n);
  let ph = phase0;
  for (let i = 0; i < n; i++) {
    x[i] = Math.sin(ph);
    ph += (2 * Math.PI * freqAt(i)) / rateHz;
  }
  return x;
}

/**
 * Sum of decaying sinusoids (modes of a struck object): each [freqHz, amplitude, decay tau in s]. Each mode
 * is a damped resonator y[i] = 2r·cos(w)·y[i−1] − r²·y[i−2] (exact for a·e^(−t/τ)·sin(wt), no sin per sample).
 */
export function modalStrike(modes: [number, number, number][], durationS: number, rateHz: number): Float32Array {
  const n = Math.max(2, Math.round(durationS * rateHz));
  const x = new Float32Array(n);
  for (const [f, a, tau] of modes) {
    if (f >= rateHz / 2) continue;
    const w = (2 * Math.PI * f) / rateHz;
    const r = Math.exp(-1 / (tau * rateHz));
    const c = 2 * r * Math.cos(w);
    const r2 = r * r;
    let y2 = 0;
    let y1 = a * r * Math.sin(w);
    x[1] += y1;
    for (let i = 2; i < n; i++) {
      const y = c * y1 - r2 * y2;
      x[i] += y;
      y2 = y1;
      y1 = y;
    }
  }
  return x;
}

const fftCache = new Map<number, FFT>();

/** Linear convolution y = x * h via fft.js (O(n log n); direct convolution of a reverb tail would be ~1e9 ops). */
export function fftConvolve(x: Float32Array, h: Float32Array): Float32Array {
  const outLen = x.length + h.length - 1;
  let size = 2;
  while (size < outLen) size *= 2;
  let fft = fftCache.get(size);
  if (!fft) {
    fft = new FFT(size);
    fftCache.set(size, fft);
  }
  const f = fft;
  const spec = (s: Float32Array) => {
    const padded = new Float64Array(size);
    padded.set(s);
    const out = new Float64Array(2 * size);
    f.realTransform(out, padded);
    f.completeSpectrum(out);
    return out;
  };
  const X = spec(x);
  const H = spec(h);
  for (let k = 0; k < size; k++) {
    const re = X[2 * k] * H[2 * k] - X[2 * k + 1] * H[2 * k + 1];
    const im = X[2 * k] * H[2 * k + 1] + X[2 * k + 1] * H[2 * k];
    X[2 * k] = re;
    X[2 * k + 1] = im;
  }
  const y = new Float64Array(2 * size);
  f.inverseTransform(y, X);
  const out = new Float32Array(outLen);
  for (let i = 0; i < outLen; i++) out[i] = y[2 * i];
  return out;
}
