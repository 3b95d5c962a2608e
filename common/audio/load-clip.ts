// File → mono samples at the rate the features need.
import { readFile } from 'node:fs/promises';
import { WavDecodeError } from './wav-decode.ts';
import { decodeAudioFile } from './decode.ts';
import { resample } from './resample.ts';

/** A clip as read from disk and brought to the target rate. */
export interface LoadedClip {
  samples: Float32Array;
  sampleRateHz: number;
  /** Rate of the file before resampling, in Hz. */
  sourceRateHz: number;
  /** Duration of the file, in seconds. */
  durationS: number;
}

/** Reads an audio file (WAV, FLAC, Ogg Vorbis, MP3) and resamples it to `targetRateHz`. Throws WavDecodeError (missing file included). */
export async function loadClip(path: string, targetRateHz: number): Promise<LoadedClip> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new WavDecodeError(path, code === 'ENOENT' ? 'missing file' : `cannot read (${code ?? (e as Error).message})`);
  }
  const wav = await decodeAudioFile(bytes, path);
  const samples = await resample(wav.samples, wav.sampleRateHz, targetRateHz);
  return { samples, sampleRateHz: targetRateHz, sourceRateHz: wav.sampleRateHz, durationS: wav.samples.length / wav.sampleRateHz };
}
