// Synthetic background recordings for the disturbed sets (until real ones exist): rain, wind, crowd,
// traffic, birds, machinery. Each is continuous, with its own texture and slow level changes.
import { addInto, biquad, sweptSine, whiteNoise, modalStrike, normalizePeak } from './dsp.ts';
import { syllable } from './generators/voice.ts';
import { makeRng, type Rng } from './rng.ts';

export const BACKGROUND_KINDS = ['rain', 'wind', 'crowd', 'traffic', 'birds', 'machinery'] as const;
export type BackgroundKind = (typeof BACKGROUND_KINDS)[number];

type Maker = (n: number, rng: Rng, rateHz: number) => Float32Array;

const MAKERS: Record<BackgroundKind, Maker> = {
  // Rain: hiss (drops too dense to separate) plus individual nearby drop ticks.
  rain(n, rng, r) {
    const x = biquad(whiteNoise(n, rng), 'highpass', rng.uniform(800, 2500), r);
    for (let i = 0; i < n; i++) x[i] *= 0.3;
    for (let k = 0; k < (n / r) * rng.uniform(30, 200); k++) addInto(x, Float32Array.of(1, -0.7, 0.3, -0.1), rng.uniform(0, n), rng.uniform(0.1, 0.8));
    return x;
  },
  // Wind: low-passed noise with gusts (slow random amplitude modulation).
  wind(n, rng, r) {
    const x = biquad(biquad(whiteNoise(n, rng), 'lowpass', rng.uniform(150, 600), r), 'lowpass', 800, r);
    const gust = biquad(whiteNoise(n, rng), 'lowpass', 0.7, r);
    normalizePeak(gust, 1);
    for (let i = 0; i < n; i++) x[i] *= 0.4 + Math.abs(gust[i]);
    return x;
  },
  // Crowd: many overlapping adult voices (babble) plus diffuse noise.
  crowd(n, rng, r) {
    const x = biquad(whiteNoise(n, rng), 'bandpass', 700, r, 0.7);
    for (let i = 0; i < n; i++) x[i] *= 0.2;
    for (let v = 0; v < rng.int(6, 15); v++) {
      const f0 = rng.uniform(90, 250);
      for (let t = rng.uniform(0, 0.5); t < n / r; t += rng.uniform(0.1, 0.5)) {
        const f1 = rng.uniform(300, 850);
        const f2 = rng.uniform(900, 2400);
        addInto(x, syllable(rng, r, rng.uniform(0.08, 0.3), () => f0, [[f1, 4, 1], [f2, 6, 0.5]], 0.2), t * r, rng.uniform(0.1, 0.4));
      }
    }
    return x;
  },
  // Traffic: low rumble of tyres and engines, with cars passing (swelling then fading broadband noise).
  traffic(n, rng, r) {
    const x = biquad(whiteNoise(n, rng), 'lowpass', rng.uniform(200, 500), r);
    const pass = biquad(whiteNoise(n, rng), 'lowpass', 2500, r);
    const env = new Float32Array(n);
    for (let k = 0; k < rng.int(1, 4); k++) {
      const c = rng.uniform(0, n);
      const w = rng.uniform(0.5, 2) * r;
      for (let i = 0; i < n; i++) env[i] += 1 / (1 + ((i - c) / w) ** 2);
    }
    for (let i = 0; i < n; i++) x[i] += 0.5 * pass[i] * env[i];
    return x;
  },
  // Birds: chirps (fast FM sweeps 2–7 kHz, 30–150 ms) in trills, over faint leaves-rustle noise.
  birds(n, rng, r) {
    const x = biquad(whiteNoise(n, rng), 'highpass', 2000, r);
    for (let i = 0; i < n; i++) x[i] *= 0.02;
    for (let t = rng.uniform(0, 0.3); t < n / r; t += rng.uniform(0.05, 0.6)) {
      const m = Math.round(rng.uniform(0.03, 0.15) * r);
      const f0 = rng.uniform(2000, 6000);
      const span = rng.uniform(-2000, 2000);
      const chirp = sweptSine(m, r, (i) => f0 + (span * i) / m);
      for (let i = 0; i < m; i++) chirp[i] *= Math.sin((Math.PI * i) / m);
      addInto(x, chirp, t * r, rng.uniform(0.1, 0.5));
    }
    return x;
  },
  // Machinery: motor hum harmonics, broadband noise and periodic mechanical clanks.
  machinery(n, rng, r) {
    const x = biquad(whiteNoise(n, rng), 'bandpass', rng.uniform(500, 2000), r, 0.7);
    for (let i = 0; i < n; i++) x[i] *= 0.3;
    const f0 = rng.uniform(40, 150);
    for (let h = 1; h <= 6; h++) addInto(x, sweptSine(n, r, () => f0 * h), 0, 0.4 / h);
    const clank = modalStrike([[rng.uniform(800, 2000), 1, 0.03], [rng.uniform(2500, 4000), 0.5, 0.02]], 0.15, r);
    const period = rng.uniform(0.3, 1.5);
    for (let t = rng.uniform(0, period); t < n / r; t += period) addInto(x, clank, t * r, rng.uniform(0.3, 0.8));
    return x;
  },
};

/**
 * A synthetic background recording of `kind`, `durationS` long at `rateHz`, peak-normalised to 0.5.
 * Deterministic in `seed`.
 */
export function synthBackground(kind: BackgroundKind, durationS: number, rateHz: number, seed: string): Float32Array {
  const maker = MAKERS[kind];
  if (!maker) throw new RangeError(`unknown background kind '${kind}'; known: ${BACKGROUND_KINDS.join(', ')}`);
  if (!(durationS > 0 && durationS <= 600)) throw new RangeError(`synthBackground: durationS must be in (0, 600], got ${durationS}`);
  return normalizePeak(maker(Math.round(durationS * rateHz), makeRng(`${seed}:bg:${kind}`), rateHz), 0.5);
}

/** One synthetic recording of each kind (or of `kinds`), keyed by kind. */
export function synthBackgrounds(durationS: number, rateHz: number, seed: string, kinds: readonly BackgroundKind[] = BACKGROUND_KINDS): Map<BackgroundKind, Float32Array> {
  return new Map(kinds.map((k) => [k, synthBackground(k, durationS, rateHz, seed)]));
}
