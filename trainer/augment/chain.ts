// Recording-chain variation: the same bang as another gun, microphone, codec or game engine would give
// it — played a little faster or slower (pitch and duration together, as a resampled recording), and
// band-limited by a random high-pass and low-pass (small speakers and mics lose the lows, codecs and
// cheap ADC filters the highs). With only a handful of real gunshot recordings, this is diversity the
// data cannot give.
import type { Rng } from '../../common/synth/rng.ts';
import { biquad } from '../../common/synth/dsp.ts';

/**
 * `x` resampled by linear interpolation so it plays `factor` times faster (shorter, higher); factor
 * must be in [0.5, 2]. Linear interpolation's mild low-pass is harmless here: it is an augmentation.
 */
export function speedPerturb(x: Float32Array, factor: number): Float32Array {
  if (!(factor >= 0.5 && factor <= 2)) throw new RangeError(`speed factor must be 0.5..2, got ${factor}`);
  const n = Math.max(1, Math.floor((x.length - 1) / factor) + 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i * factor;
    const k = Math.floor(t);
    const f = t - k;
    out[i] = k + 1 < x.length ? x[k] * (1 - f) + x[k + 1] * f : x[Math.min(k, x.length - 1)];
  }
  return out;
}

/** Ranges of the chain's random band-limiting; each filter is applied with probability 0.5. */
export const CHAIN_EQ = { highpassHz: [60, 600] as [number, number], lowpassHz: [2500, 7500] as [number, number] };

/** Applies a random high-pass and/or low-pass (log-uniform cut-offs in CHAIN_EQ) in place; returns what it did. */
export function randomBandLimit(x: Float32Array, rng: Rng, rateHz: number): { highpassHz?: number; lowpassHz?: number } {
  const done: { highpassHz?: number; lowpassHz?: number } = {};
  if (rng.chance(0.5)) biquad(x, 'highpass', (done.highpassHz = rng.logUniform(...CHAIN_EQ.highpassHz)), rateHz);
  if (rng.chance(0.5)) biquad(x, 'lowpass', (done.lowpassHz = rng.logUniform(...CHAIN_EQ.lowpassHz)), rateHz);
  return done;
}

/**
 * A steep low-pass (four cascaded 2-pole sections, 48 dB/octave) at a random 3.3–3.9 kHz, in place: the band
 * of an 8 kHz recording resampled to the feature rate. Returns the cut-off.
 */
export function narrowband(x: Float32Array, rng: Rng, rateHz: number): number {
  const cutoffHz = rng.uniform(3300, 3900);
  for (let k = 0; k < 4; k++) biquad(x, 'lowpass', cutoffHz, rateHz);
  return cutoffHz;
}
