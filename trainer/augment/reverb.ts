import FFT from 'fft.js';
import type { Rng } from './rng.ts';

/**
 * Synthetic impulse responses. Indoor: a direct path followed by exponentially decaying Gaussian noise
 * with the given RT60 (Sabine-style diffuse tail). Outdoor: the direct path plus a few discrete echoes
 * (ground and building facades, 5–150 ms later, attenuated by distance), which is what a street pole hears.
 */
export function indoorImpulseResponse(rt60S: number, sampleRateHz: number, rng: Rng): Float32Array {
  if (!(rt60S > 0 && rt60S <= 3)) throw new RangeError(`rt60 must be in (0, 3] s, got ${rt60S}`);
  const n = Math.min(Math.round(rt60S * sampleRateHz), sampleRateHz);
  const ir = new Float32Array(n);
  const decay = Math.log(1000) / (rt60S * sampleRateHz); // −60 dB after rt60
  for (let i = 1; i < n; i++) ir[i] = rng.normal() * Math.exp(-decay * i) * 0.25;
  ir[0] = 1;
  return ir;
}

export function outdoorImpulseResponse(sampleRateHz: number, rng: Rng): Float32Array {
  const n = Math.round(0.16 * sampleRateHz);
  const ir = new Float32Array(n);
  ir[0] = 1;
  const echoes = 1 + rng.int(4);
  for (let e = 0; e < echoes; e++) {
    const at = Math.round(rng.uniform(0.005, 0.15) * sampleRateHz);
    ir[Math.min(at, n - 1)] += rng.uniform(0.1, 0.6) * (rng.chance(0.2) ? -1 : 1);
  }
  return ir;
}

/** Linear convolution truncated to x's length (FFT overlap of the whole signal; one FFT library). */
export function convolve(x: Float32Array, ir: Float32Array): Float32Array {
  let size = 1;
  while (size < x.length + ir.length) size <<= 1;
  const fft = new FFT(size);
  const a = new Float64Array(size);
  const b = new Float64Array(size);
  a.set(x);
  b.set(ir);
  const A = fft.createComplexArray() as number[];
  const B = fft.createComplexArray() as number[];
  fft.realTransform(A, a);
  fft.completeSpectrum(A);
  fft.realTransform(B, b);
  fft.completeSpectrum(B);
  for (let k = 0; k < size; k++) {
    const re = A[2 * k] * B[2 * k] - A[2 * k + 1] * B[2 * k + 1];
    const im = A[2 * k] * B[2 * k + 1] + A[2 * k + 1] * B[2 * k];
    A[2 * k] = re;
    A[2 * k + 1] = im;
  }
  const out = fft.createComplexArray() as number[];
  fft.inverseTransform(out, A);
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = out[2 * i];
  return y;
}
