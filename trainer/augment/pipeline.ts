import type { Rng } from '../../common/synth/rng.ts';
import { indoorReverb, micClip, outdoorEchoes } from '../../common/synth/acoustics.ts';
import { peak } from '../../common/synth/dsp.ts';
import { mixAtSnr } from '../../common/disturb/index.ts';
import type { AugmentConfig } from './config.ts';
import { colouredNoise } from './noise.ts';
import { cropWindow } from './crop.ts';
import { narrowband, randomBandLimit, speedPerturb } from './chain.ts';

/** Recordings the augmentation draws from; every array is mono at the spec's rate. */
export interface AugmentSources {
  /** Background beds (rain, wind, traffic, crowd …), recorded or synthetic. */
  backgrounds: Float32Array[];
  /** Negative clips to mix under an example (hard negatives should dominate). */
  mixNegatives: Float32Array[];
}

/** What was done to one example, for logs and tests. */
export interface AugmentTrace {
  clean: boolean;
  reverb?: 'indoor' | 'outdoor';
  mixed: boolean;
  noise?: { kind: string; snrDb: number };
  clipped: boolean;
  gainDb: number;
  speed?: number;
  bandLimit?: { highpassHz?: number; lowpassHz?: number };
  narrowbandHz?: number;
  /** Samples kept of a negative cut short (the rest of the window is zeros before noise). */
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

function pickNoiseKind(cfg: AugmentConfig, rng: Rng, haveBackgrounds: boolean): 'white' | 'pink' | 'brown' | 'background' {
  const w = cfg.noiseKinds;
  const total = w.white + w.pink + w.brown + (haveBackgrounds ? w.background : 0);
  let r = rng.next() * total;
  if ((r -= w.white) < 0) return 'white';
  if ((r -= w.pink) < 0) return 'pink';
  if ((r -= w.brown) < 0 || !haveBackgrounds) return 'brown';
  return 'background';
}

function backgroundSegment(bg: Float32Array, length: number, rng: Rng): Float32Array {
  if (bg.length >= length) {
    const s = rng.int(0, bg.length - length);
    return bg.slice(s, s + length);
  }
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = bg[i % bg.length];
  return out;
}

/**
 * One augmented training window from a clip, in the waveform domain: crop (the event lands anywhere in
 * the window; optionally played faster or slower first; a negative sometimes cut short), sometimes a
 * narrowband (8 kHz-like) band limit, reverberation, a second negative sound mixed under
 * it, optionally a recording-chain band limit, random gain, noise at a random
 * SNR (white/pink/brown or a background recording), and cheap-microphone clipping. The label never changes:
 * only negatives are mixed in.
 */
export function augmentExample(
  clip: Float32Array, positive: boolean, length: number, sampleRateHz: number,
  cfg: AugmentConfig, sources: AugmentSources, rng: Rng,
): { samples: Float32Array; trace: AugmentTrace } {
  // Off (probability 0) draws nothing, so the other augmentations' random streams stay as they were.
  const speed = cfg.speedProb > 0 && rng.chance(cfg.speedProb) ? rng.uniform(cfg.speedRange[0], cfg.speedRange[1]) : 1;
  let x = cropWindow(speed === 1 ? clip : speedPerturb(clip, speed), length, positive || rng.chance(0.5), sampleRateHz, rng);
  const trace: AugmentTrace = { clean: false, mixed: false, clipped: false, gainDb: 0, ...(speed !== 1 ? { speed } : {}) };
  // Drawn before the clean branch, so clean examples too are cut short and band-limited.
  if (!positive && cfg.shortNegativeProb > 0 && rng.chance(cfg.shortNegativeProb)) trace.shortKept = cutShort(x, rng);
  if (cfg.narrowbandProb > 0 && rng.chance(cfg.narrowbandProb)) trace.narrowbandHz = narrowband(x, rng, sampleRateHz);
  if (rng.chance(cfg.cleanProb)) {
    trace.clean = true;
    return { samples: x, trace };
  }
  if (rng.chance(cfg.reverbProb)) {
    const indoor = rng.chance(0.5);
    x = indoor ? indoorReverb(x, rng, sampleRateHz) : outdoorEchoes(x, rng, sampleRateHz);
    trace.reverb = indoor ? 'indoor' : 'outdoor';
  }
  if (sources.mixNegatives.length > 0 && rng.chance(cfg.mixProb)) {
    const other = cropWindow(rng.pick(sources.mixNegatives), length, rng.chance(0.5), sampleRateHz, rng);
    const po = peak(other);
    const px = peak(x);
    if (po > 0 && px > 0) {
      const g = (px / po) * Math.pow(10, rng.uniform(-12, 3) / 20);
      for (let i = 0; i < length; i++) x[i] += g * other[i];
      trace.mixed = true;
    }
  }
  if (cfg.chainEqProb > 0 && rng.chance(cfg.chainEqProb)) trace.bandLimit = randomBandLimit(x, rng, sampleRateHz);
  const px = peak(x);
  if (px > 0) {
    const gainDb = rng.uniform(cfg.gainDb[0], cfg.gainDb[1]);
    const g = Math.pow(10, gainDb / 20) * (0.5 / px);
    for (let i = 0; i < length; i++) x[i] *= g;
    trace.gainDb = gainDb;
  }
  if (rng.chance(cfg.noiseProb)) {
    const kind = pickNoiseKind(cfg, rng, sources.backgrounds.length > 0);
    const noise = kind === 'background'
      ? backgroundSegment(rng.pick(sources.backgrounds), length, rng)
      : colouredNoise(length, kind, rng);
    const snrDb = rng.uniform(cfg.snrDb[0], cfg.snrDb[1]);
    // A window cut from digital silence has no signal power to set an SNR against: noise alone, quietly.
    if (peak(x) > 0) x = mixAtSnr(x, noise, snrDb);
    else for (let i = 0; i < length; i++) x[i] = 0.01 * noise[i];
    trace.noise = { kind, snrDb };
  }
  if (rng.chance(cfg.clipProb)) {
    micClip(x, rng.uniform(1.5, 6));
    trace.clipped = true;
  } else {
    for (let i = 0; i < length; i++) x[i] = x[i] > 1 ? 1 : x[i] < -1 ? -1 : x[i];
  }
  return { samples: x, trace };
}

/**
 * SpecAugment on one normalised window (frames × nMfcc, frame-major): time masks and coefficient masks set
 * to 0, the normalised mean.
 */
export function specAugment(win: Float32Array, frames: number, nMfcc: number, cfg: AugmentConfig, rng: Rng): void {
  for (let m = 0; m < cfg.timeMasks; m++) {
    const w = rng.int(0, cfg.maxTimeMask);
    const t0 = rng.int(0, Math.max(0, frames - w));
    win.fill(0, t0 * nMfcc, (t0 + w) * nMfcc);
  }
  for (let m = 0; m < cfg.freqMasks; m++) {
    const w = rng.int(0, cfg.maxFreqMask);
    const c0 = rng.int(0, Math.max(0, nMfcc - w));
    for (let t = 0; t < frames; t++) win.fill(0, t * nMfcc + c0, t * nMfcc + c0 + w);
  }
}
