import type { Rng } from '../../common/synth/rng.ts';

export type NoiseColour = 'white' | 'pink' | 'brown';

/**
 * Coloured Gaussian noise of unit RMS. Pink uses Paul Kellet's economy filter (−3 dB/octave within
 * ±0.5 dB over the audio band); brown is leaky-integrated white noise (−6 dB/octave).
 */
export function colouredNoise(n: number, colour: NoiseColour, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  if (colour === 'white') {
    for (let i = 0; i < n; i++) out[i] = rng.normal();
  } else if (colour === 'pink') {
    let b0 = 0, b1 = 0, b2 = 0;
    for (let i = 0; i < n; i++) {
      const w = rng.normal();
      b0 = 0.99765 * b0 + w * 0.099046;
      b1 = 0.963 * b1 + w * 0.2965164;
      b2 = 0.57 * b2 + w * 1.0526913;
      out[i] = b0 + b1 + b2 + w * 0.1848;
    }
  } else {
    let y = 0;
    for (let i = 0; i < n; i++) {
      y = 0.995 * y + rng.normal() * 0.1;
      out[i] = y;
    }
  }
  return normaliseRms(out);
}

export function rms(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, x.length));
}

function normaliseRms(x: Float32Array): Float32Array {
  const r = rms(x);
  if (r > 0) for (let i = 0; i < x.length; i++) x[i] /= r;
  return x;
}
