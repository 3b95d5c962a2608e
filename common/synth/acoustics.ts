// Propagation and room acoustics applied to every synthetic event: distance, air absorption, outdoor
// reflections, indoor reverberation, and the cheap microphone at the end of the chain.
import { addInto, biquad, fftConvolve, normalizePeak, whiteNoise } from './dsp.ts';
import type { Rng } from './rng.ts';

/** Speed of sound in air at ~20 °C, m/s. */
export const SPEED_OF_SOUND = 343;

/**
 * Distance effect on an event recorded at 1 m: spherical spreading (1/r, −6 dB per doubling) and air
 * absorption, which grows with frequency (ISO 9613-1: ~0.01 dB/m at 2 kHz, ~0.1 dB/m at 8 kHz), modelled
 * as a 2nd-order low-pass whose cutoff falls from ~7 kHz at 10 m to ~1.5 kHz at 500 m.
 * Returns a new array; amplitude is relative (the corpus normalises levels afterwards, keeping the spectrum).
 */
export function propagate(x: Float32Array, distanceM: number, rateHz: number): Float32Array {
  const y = new Float32Array(x.length);
  const g = 1 / Math.max(1, distanceM);
  for (let i = 0; i < x.length; i++) y[i] = x[i] * g;
  const cutoff = 7000 / Math.pow(1 + distanceM / 40, 0.6);
  return biquad(y, 'lowpass', cutoff, rateHz);
}

/**
 * Outdoor reflections (building façades, the ground): 1–4 delayed, weaker, duller copies. A reflector at
 * extra path length L arrives L/c later; its level drops by spreading and by the wall's absorption.
 */
export function outdoorEchoes(x: Float32Array, rng: Rng, rateHz: number): Float32Array {
  const y = Float32Array.from(x);
  const count = rng.int(1, 4);
  for (let k = 0; k < count; k++) {
    const extraPathM = rng.uniform(3, 120);
    const copy = biquad(Float32Array.from(x), 'lowpass', rng.uniform(1500, 5000), rateHz);
    addInto(y, copy, (extraPathM / SPEED_OF_SOUND) * rateHz, rng.uniform(0.15, 0.6) / (1 + extraPathM / 30));
  }
  return y;
}

/**
 * Indoor reverberation: convolution with a synthetic impulse response — a direct path plus exponentially
 * decaying noise whose level falls 60 dB in `rt60` (0.2–1.2 s for rooms to halls), darker as it decays.
 */
export function indoorReverb(x: Float32Array, rng: Rng, rateHz: number, rt60S = rng.uniform(0.2, 1.2)): Float32Array {
  const n = Math.round(rt60S * rateHz);
  const ir = whiteNoise(n, rng);
  biquad(ir, 'lowpass', rng.uniform(2500, 6000), rateHz);
  const tau = rt60S / Math.log(1000); // 60 dB of amplitude decay = factor 1000
  for (let i = 0; i < n; i++) ir[i] *= Math.exp(-i / (tau * rateHz));
  normalizePeak(ir, rng.uniform(0.15, 0.5));
  ir[0] = 1;
  return fftConvolve(x, ir).subarray(0, x.length);
}

/**
 * A cheap MEMS/electret microphone overdriven by a loud event: the signal is driven to `drive`× full scale
 * and hard-clipped at ±1, then scaled back to peak 1 (clipping flattens peaks, adds harmonics).
 */
export function micClip(x: Float32Array, drive: number): Float32Array {
  normalizePeak(x, drive);
  for (let i = 0; i < x.length; i++) x[i] = Math.max(-1, Math.min(1, x[i]));
  return x;
}

/**
 * Places an event in a random acoustic scene drawn from `scene` (so slices of one recording share it):
 * distance in [minM, maxM], then outdoor echoes (probability 1 − indoorP) or indoor reverb.
 */
export function placeInScene(event: Float32Array, scene: Rng, rateHz: number, minM: number, maxM: number, indoorP = 0.3): Float32Array {
  const distanceM = scene.logUniform(minM, maxM);
  const indoor = scene.chance(indoorP);
  const far = propagate(event, distanceM, rateHz);
  return indoor ? indoorReverb(far, scene, rateHz) : outdoorEchoes(far, scene, rateHz);
}
