// What each board's microphone hears: a street background of its own plus every event of the scenario,
// delayed by distance / 343 m/s and attenuated by 1/r and air absorption (common/synth/acoustics.ts).
import { backgroundBed, categoryByName, makeRng, synthBackground } from '../../common/synth/index.ts';
import { SPEED_OF_SOUND, propagate } from '../../common/synth/acoustics.ts';
import { addInto, peak } from '../../common/synth/dsp.ts';
import type { DemoBoard, DemoEvent, Scenario } from './scenario.ts';

/** Street background RMS, linear (0.003 ≈ −50 dBFS): a gun 10 m away peaks near full scale. */
export const BACKGROUND_RMS = 0.003;
/** Length of the clip each event is generated in, s (an automatic burst fits). */
const EVENT_CLIP_S = 2;

/** One event's source signal with its onset (first sample ≥ 25 % of the peak) — the instant "the shot". */
export interface SourceSignal { samples: Float32Array; onset: number }

export function eventSource(e: DemoEvent, rateHz: number, seed: string): SourceSignal {
  const g = categoryByName(e.category);
  const x = g.generate({ rng: makeRng(`${seed}:ev${e.index}`), scene: makeRng(`${seed}:sc${e.index}`), rateHz, n: Math.round(EVENT_CLIP_S * rateHz) });
  const p = peak(x);
  if (!(p > 0)) throw new Error(`demo: category ${e.category} generated a silent clip (event ${e.index})`);
  // Scaled so that 1/r spreading (propagate) leaves levelAt10m at 10 m.
  const gain = (e.levelAt10m * 10) / p;
  for (let i = 0; i < x.length; i++) x[i] *= gain;
  let onset = 0;
  while (Math.abs(x[onset]) < 0.25 * e.levelAt10m * 10) onset++;
  return { samples: x, onset };
}

export const boardDistanceM = (b: DemoBoard, e: DemoEvent) => Math.hypot(b.enu.x - e.enu.x, b.enu.y - e.enu.y);

/**
 * The audio of board `b`, float in [−1, 1], scenario.durationS long. `backgroundRms` 0 leaves only the
 * events (tests); otherwise the board's own traffic recording at that RMS plus a −65 dBFS noise floor.
 */
export function renderBoardAudio(s: Scenario, b: DemoBoard, sources: SourceSignal[], rateHz: number, seed: string, backgroundRms = BACKGROUND_RMS): Float32Array {
  if (!(backgroundRms >= 0 && backgroundRms <= 0.5)) throw new RangeError(`backgroundRms must be 0..0.5, got ${backgroundRms}`);
  const n = Math.round(s.durationS * rateHz);
  const out = new Float32Array(n);
  if (backgroundRms > 0) {
    const street = synthBackground('traffic', s.durationS, rateHz, `${seed}:${b.id}`);
    const bed = backgroundBed(n, makeRng(`${seed}:${b.id}:bed`), rateHz, -65);
    let ss = 0;
    for (let i = 0; i < n; i++) ss += street[i] * street[i];
    const g = backgroundRms / Math.sqrt(ss / n || 1);
    for (let i = 0; i < n; i++) out[i] = street[i] * g + bed[i];
  }
  for (const e of s.events) {
    const src = sources[e.index];
    const d = boardDistanceM(b, e);
    const arrival = Math.round((e.atS + d / SPEED_OF_SOUND) * rateHz) - src.onset;
    addInto(out, propagate(src.samples, d, rateHz), arrival);
  }
  for (let i = 0; i < n; i++) out[i] = Math.max(-1, Math.min(1, out[i]));
  return out;
}
