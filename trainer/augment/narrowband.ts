// The narrowband copy: every source made to sound as if recorded at 8 kHz, like the forest recorders.
import type { Rng } from '../../common/synth/rng.ts';
import { biquad } from '../../common/synth/dsp.ts';

/**
 * A steep low-pass (four cascaded 2-pole sections, 48 dB/octave) at a random 3.3–3.9 kHz, in place: the band
 * of an 8 kHz recording resampled to the feature rate. Returns the cut-off.
 */
export function narrowband(x: Float32Array, rng: Rng, rateHz: number): number {
  const cutoffHz = rng.uniform(3300, 3900);
  for (let k = 0; k < 4; k++) biquad(x, 'lowpass', cutoffHz, rateHz);
  return cutoffHz;
}
