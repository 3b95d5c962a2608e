// What each board's microphone hears: a street background of its own plus every event of the scenario,
// delayed by distance / 343 m/s and attenuated by 1/r and air absorption (common/synth/acoustics.ts).
import { backgroundBed, categoryByName, makeRng, synthBackground } from '../../common/synth/index.ts';
import { SPEED_OF_SOUND, propagate } from '../../common/synth/acoustics.ts';
import { addInto, peak } from '../../common/synth/dsp.ts';
import type { DemoBoard, DemoEvent, Scenario } from './scenario.ts';

/** Street background RMS, linear (≈ −40 dBFS). */
const BACKGROUND_RMS = 0.01;
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

/** The audio of board `b`, float in [−1, 1], scenario.durationS long. */
export function renderBoardAudio(s: Scenario, b: DemoBoard, sources: SourceSignal[], rateHz: number, seed: string): Float32Array {
  const n = Math.round(s.durationS * rateHz);
  const street = synthBackground('traffic', s.durationS, rateHz, `${seed}:${b.id}`);
  const bed = backgroundBed(n, makeRng(`${seed}:${b.id}:bed`), rateHz, -55);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += street[i] * street[i];
  const g = BACKGROUND_RMS / Math.sqrt(ss / n || 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = street[i] * g + bed[i];
  for (const e of s.events) {
    const src = sources[e.index];
    const d = boardDistanceM(b, e);
    const arrival = Math.round((e.atS + d / SPEED_OF_SOUND) * rateHz) - src.onset;
    addInto(out, propagate(src.samples, d, rateHz), arrival);
  }
  for (let i = 0; i < n; i++) out[i] = Math.max(-1, Math.min(1, out[i]));
  return out;
}
