// The acoustic parts of a gunshot as recorded near the muzzle (before propagation): the supersonic
// bullet's N-wave, the muzzle blast, and the turbulent gas/mechanical noise after it.
import { addInto, biquad, whiteNoise } from './dsp.ts';
import type { Rng } from './rng.ts';

/** Parameters of one weapon's report. */
export interface MuzzleBlastParams {
  /** Positive-phase duration of the blast, in ms (pistol ~1–2, rifle ~2–4, shotgun ~3–6). */
  positivePhaseMs: number;
  /** Decay of the post-blast gas/echo noise tail, in ms. */
  tailMs: number;
  /** Tail level relative to the blast peak, 0..1. */
  tailLevel: number;
  /** Low-pass of the tail, Hz (bigger charges sound darker). */
  tailCutoffHz: number;
}

/**
 * Friedlander waveform p(t) = (1 − t/T)·exp(−b·t/T), t ≥ 0: an instantaneous rise, positive phase of
 * length T, then a shallower negative phase. b (≈1–3) sets how fast it decays. Sampled for 6·T.
 */
export function friedlander(positivePhaseS: number, b: number, rateHz: number): Float32Array {
  const n = Math.max(4, Math.round(6 * positivePhaseS * rateHz));
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / rateHz / positivePhaseS;
    x[i] = (1 - t) * Math.exp(-b * t);
  }
  return x;
}

/** One muzzle blast: Friedlander pulse + a 1–2 ms broadband attack + a decaying turbulent tail. */
export function muzzleBlast(p: MuzzleBlastParams, rng: Rng, rateHz: number): Float32Array {
  const T = (p.positivePhaseMs / 1000) * rng.uniform(0.85, 1.15);
  const n = Math.round((6 * T + (5 * p.tailMs) / 1000) * rateHz);
  const out = new Float32Array(n);
  addInto(out, friedlander(T, rng.uniform(1, 3), rateHz), 0);
  const attack = whiteNoise(Math.max(8, Math.round(rng.uniform(0.001, 0.002) * rateHz)), rng);
  for (let i = 0; i < attack.length; i++) attack[i] *= 0.35 * (1 - i / attack.length);
  addInto(out, attack, 0);
  const tail = biquad(whiteNoise(n, rng), 'lowpass', p.tailCutoffHz, rateHz);
  const tau = (p.tailMs / 1000) * rng.uniform(0.8, 1.25);
  for (let i = 0; i < n; i++) tail[i] *= p.tailLevel * 0.3 * Math.exp(-i / (tau * rateHz)) * Math.min(1, i / (0.002 * rateHz));
  addInto(out, tail, 0);
  return out;
}

/**
 * The ballistic shock wave of a supersonic bullet: an N-wave (linear fall from +1 to −1) lasting
 * ~150–400 µs — at 16 kHz only a few samples, so it is at least 3 samples long. Lead is added by callers.
 */
export function nWave(durationS: number, rateHz: number): Float32Array {
  const n = Math.max(3, Math.round(durationS * rateHz));
  return Float32Array.from({ length: n }, (_, i) => 1 - (2 * i) / (n - 1));
}
