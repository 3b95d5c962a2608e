// Content checks a decoded clip must pass before it may be trained or scored on.

/** Limits of `checkClipContent`. */
export interface ClipCheckOptions {
  /** Longest accepted clip, in seconds; defaults to 4.05 (UrbanSound8K slices are ≤ 4 s, plus rounding). */
  maxDurationS?: number;
  /** A clip whose absolute peak is below this is "silent"; defaults to 1e-5 (≈ −100 dBFS). */
  silencePeak?: number;
}

/**
 * Returns why a clip is unusable, or null when it is fine. NaN/Inf samples poison every feature frame;
 * silent clips have no information and make log-mel features hit the amin floor.
 */
export function checkClipContent(samples: Float32Array, sampleRateHz: number, options: ClipCheckOptions = {}): string | null {
  const maxDurationS = options.maxDurationS ?? 4.05;
  const silencePeak = options.silencePeak ?? 1e-5;
  if (samples.length === 0) return 'no samples';
  const durationS = samples.length / sampleRateHz;
  if (durationS > maxDurationS) return `too long: ${durationS.toFixed(3)} s > ${maxDurationS} s`;
  let peak = 0;
  let nonFinite = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (!Number.isFinite(v)) nonFinite++;
    else if (Math.abs(v) > peak) peak = Math.abs(v);
  }
  if (nonFinite > 0) return `non-finite samples (NaN/Inf): ${nonFinite} of ${samples.length}`;
  if (peak === 0) return 'silent: all samples zero';
  if (peak < silencePeak) return `silent: peak ${peak.toExponential(2)} < ${silencePeak}`;
  return null;
}
