// Does the sample rate or band limit of a recording change the decision? Each clip is brought down to a
// lower rate and back (libsamplerate both ways, so everything above the lower Nyquist is gone, as in an
// 8 kHz forest recording played at 16 kHz) and scored again. A model that took the band limit as a cue
// for one source or label decides the two copies differently.
import { resample } from '../audio/resample.ts';
import type { Clip } from '../data/types.ts';
import type { Predictor } from '../../trainer/predict.ts';
import { confusion, decide } from './confusion.ts';
import { metrics } from './metrics.ts';

export interface RateCheck {
  /** The lower rate the copies went through, Hz. */
  rateHz: number;
  n: number;
  /** Share of clips whose decision is the same for the original and the band-limited copy. */
  agreement: number;
  f1Original: number;
  f1Resampled: number;
  /** Mean |score(original) − score(copy)|. */
  meanAbsScoreChange: number;
}

/** Scores `clips` as they are and through `rateHz` (below the model's rate), and compares the decisions. */
export async function rateCheck(predictor: Predictor, clips: Clip[], rateHz: number): Promise<RateCheck> {
  const modelRate = predictor.meta.featureSpec.sampleRateHz;
  if (!(Number.isInteger(rateHz) && rateHz >= 1000 && rateHz < modelRate)) {
    throw new RangeError(`--rate-check must be an integer rate in Hz from 1000 to below the model's ${modelRate}, got ${rateHz}`);
  }
  if (clips.length === 0) throw new RangeError('rate check: no clips');
  const copies: Float32Array[] = [];
  for (const c of clips) copies.push(await resample(await resample(c.samples, modelRate, rateHz), rateHz, modelRate));
  const a = (await predictor.predictClips(clips.map((c) => c.samples))).map((p) => p.score);
  const b = (await predictor.predictClips(copies)).map((p) => p.score);
  const labels = clips.map((c) => c.row.label);
  const t = predictor.meta.threshold;
  const da = decide(a, t), db = decide(b, t);
  return {
    rateHz, n: clips.length,
    agreement: da.filter((d, i) => d === db[i]).length / clips.length,
    f1Original: metrics(confusion(labels, da)).f1,
    f1Resampled: metrics(confusion(labels, db)).f1,
    meanAbsScoreChange: a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / clips.length,
  };
}
