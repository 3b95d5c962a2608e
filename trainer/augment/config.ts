/**
 * On-the-fly augmentation, in the waveform domain. Every probability is 0..1; levels are in dB.
 * With the per-window normalisation (docs/FEATURES.md) only the two shortcut-breaking copies are kept
 * (narrowband, negatives cut short). Noise, reverberation, mixing, clipping, SpecAugment, speed and
 * recording-chain copies were each measured on real held-out sound and removed: none raised held-out
 * UrbanSound8K precision, and noise did not even raise robustness to the challenge's noisy copies
 * (docs/METHOD.md, "Real sound").
 */
export interface AugmentConfig {
  /**
   * Random level: the window's peak is set to 0.5 · 10^(g/20) for g uniform in this range, dB. Default
   * [-45, 6]. The window MLP sees the level (its statistics keep it), so the range reaches down to far,
   * quiet shots: leave-one-source-out with [-20, 6] found 1 of the forest set's 622 gunshots (at AP 0.72),
   * with [-45, 6] 180 (pooled score 0.121 → 0.236; docs/METHOD.md, "Window statistics"). The DS-CNN family
   * keeps −20..+6 (trainer/config.ts modelFamily): for it the level moves only c0, which the window
   * normalisation cancels, except near the MFCC's log floor.
   */
  gainDb: [number, number];
  /**
   * Probability of a narrowband copy: a steep low-pass at 3.3–3.9 kHz, as if recorded at 8 kHz (the forest
   * recorders of the real corpus are). Every source then appears band-limited, so the band limit does not
   * give a source (or its label) away. Default 0.3.
   */
  narrowbandProb: number;
  /**
   * Probability that a negative example is cut short: a random 15–90 % of the window is kept and the rest
   * is zeros, as a short clip (most gunshot clips are 1–2 s) is padded; so zero padding does not mark a
   * gunshot. Default 0.3.
   */
  shortNegativeProb: number;
}

export const DEFAULT_AUGMENT: AugmentConfig = {
  gainDb: [-45, 6],
  narrowbandProb: 0.3,
  shortNegativeProb: 0.3,
};

export function checkAugmentConfig(c: AugmentConfig): void {
  for (const k of ['narrowbandProb', 'shortNegativeProb'] as const) {
    const v = c[k];
    if (!(v >= 0 && v <= 1)) throw new RangeError(`augment.${k} must be 0..1, got ${v}`);
  }
  if (!(c.gainDb[0] <= c.gainDb[1])) throw new RangeError(`augment.gainDb must be [lo, hi] with lo ≤ hi, got ${c.gainDb}`);
}
