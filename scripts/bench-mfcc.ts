// MFCC frontend throughput: how many seconds of 16 kHz audio one core turns into MFCCs per second.
// `benchMfcc()` returns the figures (the lead's `npm run bench` folds them in); run directly, it prints them.
import { pathToFileURL } from 'node:url';
import seedrandom from 'seedrandom';
import { MfccExtractor } from '../common/features/mfcc.ts';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../common/features/spec.ts';

export interface MfccBench {
  /** Seconds of audio processed per second of compute, on one core (higher is better). */
  mfcc_realtime_factor: number;
  /** Mean time per MFCC frame, in microseconds. */
  mfcc_us_per_frame: number;
  /** Audio length per run, in seconds. */
  audio_s: number;
  /** Timed runs (after one warm-up). */
  runs: number;
  frames_per_run: number;
}

/** Times MfccExtractor.computeFlat on `audioS` seconds of seeded noise plus tones, best of `runs`. */
export function benchMfcc(spec: FeatureSpec = DEFAULT_FEATURE_SPEC, audioS = 60, runs = 5): MfccBench {
  const rng = seedrandom('bench-mfcc');
  const n = Math.round(audioS * spec.sampleRateHz);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = 0.1 * (rng() * 2 - 1) + 0.3 * Math.sin((2 * Math.PI * 440 * i) / spec.sampleRateHz);
  const ex = new MfccExtractor(spec);
  let frames = ex.computeFlat(x).frames; // warm-up (JIT)
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    frames = ex.computeFlat(x).frames;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.min(best, s);
  }
  return {
    mfcc_realtime_factor: audioS / best,
    mfcc_us_per_frame: (best / frames) * 1e6,
    audio_s: audioS,
    runs,
    frames_per_run: frames,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const b = benchMfcc();
  console.log(`MFCC (default spec) on ${b.audio_s} s of audio, ${b.frames_per_run} frames, best of ${b.runs}:`);
  console.log(`  realtime factor ${b.mfcc_realtime_factor.toFixed(0)}× per core, ${b.mfcc_us_per_frame.toFixed(1)} µs/frame`);
}
