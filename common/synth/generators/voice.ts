// A crude voice/animal vocal tract: a glottal pulse train (harmonic, with jitter) through formant
// band-passes. Used by dog barks, children and crowd babble.
import { biquad, whiteNoise } from '../dsp.ts';
import type { Rng } from '../rng.ts';

/**
 * One voiced syllable of `durS` seconds with pitch following `pitchAt(0..1)` Hz, shaped by formants
 * ([Hz, Q, gain]) and a breathy noise share 0..1. Raised-cosine envelope so it starts and ends smoothly.
 */
export function syllable(rng: Rng, rateHz: number, durS: number, pitchAt: (u: number) => number, formants: [number, number, number][], breath = 0.1): Float32Array {
  const n = Math.max(8, Math.round(durS * rateHz));
  const src = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    phase += (pitchAt(i / n) * (1 + 0.01 * rng.normal())) / rateHz;
    if (phase >= 1) { phase -= 1; src[i] = 1; } // one glottal pulse per period
  }
  const noise = whiteNoise(n, rng);
  for (let i = 0; i < n; i++) src[i] += breath * 0.3 * noise[i];
  const out = new Float32Array(n);
  for (const [f, q, g] of formants) {
    const band = biquad(Float32Array.from(src), 'bandpass', f, rateHz, q);
    for (let i = 0; i < n; i++) out[i] += g * band[i];
  }
  for (let i = 0; i < n; i++) out[i] *= 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
  return out;
}
