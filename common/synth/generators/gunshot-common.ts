// What all gun categories share: shots placed at onsets in a dry track, then the scene and the microphone.
import { addInto } from '../dsp.ts';
import { micClip, placeInScene } from '../acoustics.ts';
import type { GeneratorContext } from '../types.ts';

/**
 * Renders `shots` (one dry waveform per shot, with its time after the first shot in seconds) starting at a
 * random onset in the first 75% of the clip, at 3–400 m outdoors or indoors. Near shots (< 30 m) overdrive
 * a cheap microphone half the time.
 */
export function renderShots(ctx: GeneratorContext, shots: { at: number; wave: Float32Array }[]): Float32Array {
  const { rng, scene, rateHz, n } = ctx;
  const dry = new Float32Array(n);
  const onset = rng.uniform(0, 0.75) * n;
  for (const s of shots) addInto(dry, s.wave, onset + s.at * rateHz);
  const distance = scene.logUniform(3, 400);
  // placeInScene draws its own distance from `scene`; derive a near/far flag from ours for the microphone.
  const wet = placeInScene(dry, scene, rateHz, distance * 0.9, distance * 1.1);
  return distance < 30 && rng.chance(0.5) ? micClip(wet, rng.uniform(1.5, 6)) : wet;
}
