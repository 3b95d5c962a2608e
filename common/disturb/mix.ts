// Mixing a clip with noise at a chosen signal-to-noise ratio. Reused by the trainer's augmentation.

/** Options of `activePower` / `mixAtSnr`. */
export interface SnrOptions {
  /** Frame length for the activity measure, in samples; defaults to 320 (20 ms at 16 kHz). 16..65536. */
  frameLength?: number;
  /** A frame is active if its power is within this many dB of the loudest frame; defaults to 30. 1..120. */
  activeRangeDb?: number;
}

/** Result of `mixAtSnr`. */
export interface MixResult {
  /** clip + noiseGain·noise, then multiplied by `scale`. */
  samples: Float32Array;
  /** Gain applied to the noise to reach the SNR. */
  noiseGain: number;
  /** 1, or < 1 when the mix would have exceeded ±1 and was scaled down as a whole (SNR unchanged). */
  scale: number;
}

function check(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isFinite(v) || v < lo || v > hi) throw new RangeError(`${name} must be in ${lo}..${hi}, got ${v}`);
}

/**
 * Mean power of the clip's active part: the clip is cut into non-overlapping frames (the last partial
 * frame included), and the mean square is taken over the frames whose own mean square is at least the
 * loudest frame's minus `activeRangeDb`. Why not the whole clip: a gunshot lasts ~50 ms of a 4 s slice,
 * so a whole-clip average would call a shot buried 20 dB under the noise "0 dB SNR".
 */
export function activePower(x: Float32Array, options: SnrOptions = {}): number {
  const frame = options.frameLength ?? 320;
  const rangeDb = options.activeRangeDb ?? 30;
  check('frameLength', frame, 16, 65536);
  check('activeRangeDb', rangeDb, 1, 120);
  const powers: [number, number][] = [];
  for (let start = 0; start < x.length; start += frame) {
    const end = Math.min(x.length, start + frame);
    let s = 0;
    for (let i = start; i < end; i++) s += x[i] * x[i];
    powers.push([s, end - start]);
  }
  const loudest = Math.max(...powers.map(([s, len]) => s / len));
  const threshold = loudest * Math.pow(10, -rangeDb / 10);
  let sum = 0;
  let count = 0;
  for (const [s, len] of powers) {
    if (s / len >= threshold) {
      sum += s;
      count += len;
    }
  }
  return count > 0 ? sum / count : 0;
}

/**
 * Mixes `noise` into `clip` so that 10·log10(activePower(clip) / meanPower(g·noise)) = snrDb, where the
 * noise's mean power is taken over the samples actually added (the first clip.length samples of `noise`,
 * tiled from its start if it is shorter). If the mix's peak would exceed 1 the whole mix is scaled to peak
 * 0.999 — clip and noise together, so the SNR is kept (a recorder's gain would do the same; hard clipping
 * would add distortion the SNR does not describe). Throws on a silent clip or silent noise.
 */
export function mixAtSnrDetailed(clip: Float32Array, noise: Float32Array, snrDb: number, options: SnrOptions = {}): MixResult {
  check('snrDb', snrDb, -60, 120);
  if (noise.length === 0) throw new RangeError('mixAtSnr: noise is empty');
  const n = clip.length;
  const tiled = new Float32Array(n);
  for (let i = 0; i < n; i++) tiled[i] = noise[i % noise.length];
  let pn = 0;
  for (let i = 0; i < n; i++) pn += tiled[i] * tiled[i];
  pn /= n;
  const ps = activePower(clip, options);
  if (!(ps > 0)) throw new RangeError('mixAtSnr: clip has no signal power (silent clip)');
  if (!(pn > 0)) throw new RangeError('mixAtSnr: noise has no power (silent noise)');
  const noiseGain = Math.sqrt(ps / (pn * Math.pow(10, snrDb / 10)));
  const samples = new Float32Array(n);
  let peak = 0;
  for (let i = 0; i < n; i++) {
    samples[i] = clip[i] + noiseGain * tiled[i];
    peak = Math.max(peak, Math.abs(samples[i]));
  }
  let scale = 1;
  if (peak > 1) {
    scale = 0.999 / peak;
    for (let i = 0; i < n; i++) samples[i] *= scale;
  }
  return { samples, noiseGain, scale };
}

/** `mixAtSnrDetailed(...).samples`: the mixed clip (the form augmentation needs). */
export function mixAtSnr(clip: Float32Array, noise: Float32Array, snrDb: number, options: SnrOptions = {}): Float32Array {
  return mixAtSnrDetailed(clip, noise, snrDb, options).samples;
}
