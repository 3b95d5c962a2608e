// Shared by the non-gun categories: put a dry event at a random onset, then in a scene.
import { addInto } from '../dsp.ts';
import { placeInScene } from '../acoustics.ts';
import type { GeneratorContext } from '../types.ts';

/** Distance range (m) and indoor probability of a category's typical scene. */
export interface SceneRange {
  minM: number;
  maxM: number;
  indoorP: number;
}

/**
 * Puts `event` at a random onset (anywhere it starts inside the first 80% of the clip; a long event may run
 * past the end, as a real slice would cut it) and applies distance + echoes/reverb. Returns ctx.n samples.
 */
export function placeEvent(ctx: GeneratorContext, event: Float32Array, range: SceneRange): Float32Array {
  const dry = new Float32Array(ctx.n);
  const latest = Math.max(0, Math.min(0.8 * ctx.n, ctx.n - event.length));
  addInto(dry, event, ctx.rng.uniform(0, latest));
  return placeInScene(dry, ctx.scene, ctx.rateHz, range.minM, range.maxM, range.indoorP);
}

/** For continuous sources (machines, sirens): the signal fills the clip; only the scene is applied. */
export function placeContinuous(ctx: GeneratorContext, signal: Float32Array, range: SceneRange): Float32Array {
  return placeInScene(signal, ctx.scene, ctx.rateHz, range.minM, range.maxM, range.indoorP);
}
