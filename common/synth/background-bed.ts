// The quiet floor under every synthetic clip: real recordings are never digitally silent (microphone
// self-noise, distant traffic, hum), and a model must not learn "exact zeros around it = not a gunshot".
import { biquad, whiteNoise } from './dsp.ts';
import type { Rng } from './rng.ts';

/**
 * Low-level noise of n samples at an RMS of `levelDbfs` (default drawn in −70..−45 dBFS): white (mic
 * self-noise) plus a low-passed share (distant rumble) and, sometimes, 50/60 Hz mains hum.
 */
export function backgroundBed(n: number, rng: Rng, rateHz: number, levelDbfs = rng.uniform(-70, -45)): Float32Array {
  const x = whiteNoise(n, rng);
  const rumble = biquad(whiteNoise(n, rng), 'lowpass', rng.uniform(100, 800), rateHz);
  const mix = rng.uniform(0, 3);
  for (let i = 0; i < n; i++) x[i] += mix * rumble[i];
  if (rng.chance(0.2)) {
    const hz = rng.pick([50, 60]);
    const a = rng.uniform(0.2, 1);
    for (let i = 0; i < n; i++) x[i] += a * Math.sin((2 * Math.PI * hz * i) / rateHz);
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * x[i];
  const g = Math.pow(10, levelDbfs / 20) / Math.sqrt(s / n || 1);
  for (let i = 0; i < n; i++) x[i] *= g;
  return x;
}
