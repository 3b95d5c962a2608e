// Drilling: an electric motor whine (harmonics of 100–400 Hz rotation through a gearbox), loud
// broadband cutting noise modulated by the bit's rotation, and speed changes as the operator presses.
import { biquad, whiteNoise } from '../dsp.ts';
import { placeContinuous } from './place.ts';
import type { CategoryGenerator } from '../types.ts';

export const drilling: CategoryGenerator = {
  name: 'drilling',
  label: false,
  hardNegative: false,
  urbanClass: 'drilling',
  generate(ctx) {
    const { rng, scene, rateHz, n } = ctx;
    const f0 = scene.uniform(100, 400);
    const rampS = rng.uniform(0.05, 0.4);
    const wobbleHz = rng.uniform(0.5, 3);
    // Motor speed: spin-up ramp then a slight load wobble. One phase track; harmonic h is sin(h·phase).
    const speed = new Float32Array(n);
    const phase = new Float32Array(n);
    let ph = 0;
    for (let i = 0; i < n; i++) {
      speed[i] = Math.min(1, 0.3 + i / (rampS * rateHz)) * (1 + 0.05 * Math.sin((2 * Math.PI * i * wobbleHz) / rateHz));
      phase[i] = ph;
      ph = (ph + (2 * Math.PI * f0 * speed[i]) / rateHz) % (2 * Math.PI * 4);
    }
    const x = new Float32Array(n);
    for (let h = 1; h <= 8; h++) for (let i = 0; i < n; i++) x[i] += (0.6 / h) * Math.sin(h * phase[i]);
    const cut = biquad(whiteNoise(n, rng), 'bandpass', scene.uniform(1500, 5000), rateHz, 0.8);
    const cutLevel = scene.uniform(0.15, 0.5);
    for (let i = 0; i < n; i++) x[i] += cutLevel * cut[i] * (0.6 + 0.4 * Math.sin(phase[i] / 4)); // bit rotation: f0/4
    return placeContinuous(ctx, x, { minM: 1, maxM: 20, indoorP: 0.5 });
  },
};
