// Float samples → WAV bytes (16-bit PCM or 32-bit float), through wavefile.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import wavefilePkg from 'wavefile';

const { WaveFile } = wavefilePkg;

/** Options of `encodeWav` / `writeWav`. */
export interface WavWriteOptions {
  /** Sample encoding; defaults to 'pcm16' (what the corpora ship). 'float32' keeps values exactly. */
  format?: 'pcm16' | 'float32';
}

/**
 * Encodes mono samples as a WAV file. For 'pcm16' values are scaled by 32768 with rounding (the scale
 * decodeWav divides by, so a round trip is exact to half a step; +1.0 and above saturate at
 * 32767). NaN is refused rather than silently written as 0.
 */
export function encodeWav(samples: Float32Array, rateHz: number, options: WavWriteOptions = {}): Uint8Array {
  const format = options.format ?? 'pcm16';
  if (!Number.isInteger(rateHz) || rateHz < 1000 || rateHz > 384000) {
    throw new RangeError(`encodeWav: rateHz must be an integer 1000..384000, got ${rateHz}`);
  }
  const float = format === 'float32';
  if (!float && format !== 'pcm16') throw new RangeError(`encodeWav: format must be 'pcm16' or 'float32', got '${String(format)}'`);
  // The data bytes are packed here (little-endian, as RIFF requires) and handed to wavefile, which writes
  // the header: wavefile's own per-sample packer is ~100× slower and dominated corpus generation time.
  const bytes = new Uint8Array(samples.length * (float ? 4 : 2));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (!Number.isFinite(v)) throw new RangeError(`encodeWav: sample ${i} is ${v}, expected a finite number`);
    if (float) view.setFloat32(4 * i, v, true);
    else view.setInt16(2 * i, Math.max(-32768, Math.min(32767, Math.round(v * 32768))), true);
  }
  const wav = new WaveFile();
  wav.fromScratch(1, rateHz, float ? '32f' : '16', []);
  const data = wav.data as { samples: Uint8Array; chunkSize: number };
  data.samples = bytes;
  data.chunkSize = bytes.length;
  return wav.toBuffer();
}

/** Writes mono samples to `path` as a WAV file, creating the parent folder. */
export async function writeWav(path: string, samples: Float32Array, rateHz: number, options: WavWriteOptions = {}): Promise<void> {
  const bytes = encodeWav(samples, rateHz, options);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}
