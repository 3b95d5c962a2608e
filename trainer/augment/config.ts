/**
 * On-the-fly augmentation, applied in the waveform domain (then SpecAugment on the features).
 * Every probability is 0..1; every level is in dB. With the per-window normalisation (docs/FEATURES.md)
 * the defaults keep only the two shortcut-breaking copies (narrowband, negatives cut short): noise, reverb,
 * mixing and clipping, at any strength tried, lowered held-out UrbanSound8K precision and did not even
 * raise its robustness to the challenge's noisy copies (docs/METHOD.md, "Real sound").
 */
export interface AugmentConfig {
  /** Probability of adding noise. Default 0 (measured: noise p 0.6 at 5–30 dB lowered held-out UrbanSound8K AP 0.84 → 0.55 and robustness 0.41 → 0.31). */
  noiseProb: number;
  /** SNR range of added noise, dB. Default [0, 30]. */
  snrDb: [number, number];
  /** Relative weights of noise kinds: white, pink, brown, recorded/synthetic background. Default 0.35/0.15/0.1/0.4. */
  noiseKinds: { white: number; pink: number; brown: number; background: number };
  /** Random gain range applied to the clip's peak, dB. Default [-20, 6] (moves only c0, which the window normalisation cancels). */
  gainDb: [number, number];
  /** Probability of clipping like a cheap microphone (drive 1.5–6× into ±1). Default 0. */
  clipProb: number;
  /** Probability of reverberation (indoor RT60 0.2–1.2 s, or outdoor echoes). Default 0. */
  reverbProb: number;
  /** Probability of mixing in a second (negative) sound at −12..+3 dB. Default 0. */
  mixProb: number;
  /** SpecAugment: number of time masks (≤ maxTimeMask frames each). Default 0 (off: it lowered held-out
   * UrbanSound8K average precision, docs/METHOD.md), 6 frames. */
  timeMasks: number;
  maxTimeMask: number;
  /** SpecAugment: number of coefficient masks (≤ maxFreqMask coefficients each). Default 0, 2. */
  freqMasks: number;
  maxFreqMask: number;
  /** Probability that an example is left clean (no augmentation at all). Default 0. */
  cleanProb: number;
  /**
   * Probability of playing the clip faster or slower (resampled by a factor in `speedRange`), before
   * cropping. Default 0 (off; see docs/METHOD.md for what it measured).
   */
  speedProb: number;
  /** Speed factors, [lo, hi] within 0.5..2. Default [0.85, 1.2]. */
  speedRange: [number, number];
  /** Probability of a random recording-chain band limit (high-pass 60–600 Hz, low-pass 2.5–7.5 kHz). Default 0 (off). */
  chainEqProb: number;
  /**
   * Probability of a narrowband copy: a steep low-pass at 3.3–3.9 kHz, as if recorded at 8 kHz (the forest
   * recorders of the real corpus are). Every source then appears band-limited, so the band limit does not
   * give a source (or its label) away. Default 0.3.
   */
  narrowbandProb: number;
  /**
   * Probability that a negative example is cut short: a random 15–90 % of the window is kept and the rest
   * is zeros before noise, as a short clip (most gunshot clips are 1–2 s) is padded; so zero padding does
   * not mark a gunshot. Default 0.3.
   */
  shortNegativeProb: number;
}

export const DEFAULT_AUGMENT: AugmentConfig = {
  noiseProb: 0,
  snrDb: [0, 30],
  noiseKinds: { white: 0.35, pink: 0.15, brown: 0.1, background: 0.4 },
  gainDb: [-20, 6],
  clipProb: 0,
  reverbProb: 0,
  mixProb: 0,
  timeMasks: 0,
  maxTimeMask: 6,
  freqMasks: 0,
  maxFreqMask: 2,
  cleanProb: 0,
  speedProb: 0,
  speedRange: [0.85, 1.2],
  chainEqProb: 0,
  narrowbandProb: 0.3,
  shortNegativeProb: 0.3,
};

export function checkAugmentConfig(c: AugmentConfig): void {
  const probs: (keyof AugmentConfig)[] = ['noiseProb', 'clipProb', 'reverbProb', 'mixProb', 'cleanProb', 'speedProb', 'chainEqProb', 'narrowbandProb', 'shortNegativeProb'];
  for (const k of probs) {
    const v = c[k] as number;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`augment.${k} must be 0..1, got ${v}`);
  }
  if (!(c.snrDb[0] <= c.snrDb[1])) throw new RangeError(`augment.snrDb must be [lo, hi] with lo ≤ hi, got ${c.snrDb}`);
  if (!(c.speedRange[0] >= 0.5 && c.speedRange[0] <= c.speedRange[1] && c.speedRange[1] <= 2)) {
    throw new RangeError(`augment.speedRange must be [lo, hi] with 0.5 ≤ lo ≤ hi ≤ 2, got ${c.speedRange}`);
  }
  if (!(c.gainDb[0] <= c.gainDb[1])) throw new RangeError(`augment.gainDb must be [lo, hi] with lo ≤ hi, got ${c.gainDb}`);
}
