// Measurable properties used to sanity-check manifest labels without listening: a gunshot is short, has a
// very sharp attack (tens of dB within 10 ms) and broad-band energy (high spectral centroid); a cannon or
// explosion is longer and darker; speech and music have soft attacks.
import FFT from 'fft.js';
import { frameLevelsDb } from './envelope.ts';

/** Summary figures of one decoded file. */
export interface AudioMeasures {
  durationS: number;
  /** Loudest 10 ms frame, in dBFS. */
  peakDb: number;
  /** Largest level rise between consecutive 10 ms frames, in dB; the file's first frame is compared with
   * the file's quietest frame (its own floor), so a sound that starts at sample 0 still shows its attack. */
  attackDb: number;
  /** Magnitude-weighted mean frequency over frames within 30 dB of the peak, in Hz. */
  centroidHz: number;
}

const N = 512;

/** Measures mono `samples` at `rateHz`. */
export function measureAudio(samples: Float32Array, rateHz: number): AudioMeasures {
  const frame = Math.max(1, Math.round(0.01 * rateHz));
  const db = frameLevelsDb(samples, frame);
  let peakDb = -Infinity;
  let floorDb = Infinity;
  for (const v of db) {
    peakDb = Math.max(peakDb, v);
    floorDb = Math.min(floorDb, v);
  }
  let attackDb = 0;
  for (let f = 0; f < db.length; f++) attackDb = Math.max(attackDb, db[f] - (f === 0 ? floorDb : db[f - 1]));
  const fft = new FFT(N);
  const input = new Array<number>(N).fill(0);
  const out = fft.createComplexArray() as number[];
  let num = 0;
  let den = 0;
  for (let a = 0; a + N <= samples.length; a += N) {
    if (db[Math.floor((a + N / 2) / frame)] < peakDb - 30) continue;
    for (let i = 0; i < N; i++) input[i] = samples[a + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N));
    fft.realTransform(out, input);
    for (let k = 1; k < N / 2; k++) {
      const mag = Math.hypot(out[2 * k], out[2 * k + 1]);
      num += mag * ((k * rateHz) / N);
      den += mag;
    }
  }
  return { durationS: samples.length / rateHz, peakDb, attackDb: Math.min(attackDb, 120), centroidHz: den > 0 ? num / den : 0 };
}
