import type { Rng } from '../../common/synth/rng.ts';
import { peak } from '../../common/synth/dsp.ts';
import type { AugmentConfig } from './config.ts';
import { cropWindow } from './crop.ts';
import { narrowband } from './narrowband.ts';

/** What was done to one example, for logs and tests. */
export interface AugmentTrace {
  gainDb: number;
  narrowbandHz?: number;
  /** Samples kept of a negative cut short (the rest of the window is zeros). */
  shortKept?: number;
}

/** Keeps a random 15–90 % stretch of `x` in place and zeros the rest: a short clip, padded. */
function cutShort(x: Float32Array, rng: Rng): number {
  const keep = Math.round(rng.uniform(0.15, 0.9) * x.length);
  const at = rng.int(0, x.length - keep);
  x.fill(0, 0, at);
  x.fill(0, at + keep);
  return keep;
}

/**
 * One training window from a clip, in the waveform domain: crop (the event lands anywhere in the window; a
 * negative sometimes cut short), sometimes a narrowband (8 kHz-like) band limit, then a random level. The
 * two copies break source shortcuts (docs/METHOD.md, "Real sound"); noise, reverberation, mixing, clipping,
 * speed and recording-chain copies were measured and removed.
 */
export function augmentExample(
  clip: Float32Array, positive: boolean, length: number, sampleRateHz: number, cfg: AugmentConfig, rng: Rng,
): { samples: Float32Array; trace: AugmentTrace } {
  const x = cropWindow(clip, length, positive || rng.chance(0.5), sampleRateHz, rng);
  const trace: AugmentTrace = { gainDb: 0 };
  if (!positive && rng.chance(cfg.shortNegativeProb)) trace.shortKept = cutShort(x, rng);
  if (rng.chance(cfg.narrowbandProb)) trace.narrowbandHz = narrowband(x, rng, sampleRateHz);
  const px = peak(x);
  if (px > 0) {
    const gainDb = rng.uniform(cfg.gainDb[0], cfg.gainDb[1]);
    const g = Math.pow(10, gainDb / 20) * (0.5 / px);
    for (let i = 0; i < length; i++) x[i] = Math.max(-1, Math.min(1, x[i] * g));
    trace.gainDb = gainDb;
  }
  return { samples: x, trace };
}
