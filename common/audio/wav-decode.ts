// WAV bytes → mono float samples. Parsing of the RIFF container is wavefile's job; what is ours is the
// policy: which encodings we accept, how integer PCM maps to [-1, 1], and how channels are folded to mono.
import wavefilePkg from 'wavefile';

const { WaveFile } = wavefilePkg;

/** A decoded WAV file, before any resampling. */
export interface DecodedWav {
  /** Mono samples (channel mean), nominally in [-1, 1] (float files may exceed it; we do not clamp). */
  samples: Float32Array;
  /** Sampling rate of the file, in Hz. */
  sampleRateHz: number;
  /** Channels in the file (folded to mono in `samples`). */
  channels: number;
  /** wavefile's bit depth code of the file: '8', '16', '24', '32' (PCM) or '32f', '64' (float). */
  bitDepth: string;
}

/** Thrown for any file we cannot turn into samples; `reason` is short enough for a skip summary. */
export class WavDecodeError extends Error {
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super(`${fileName}: ${reason}`);
    this.name = 'WavDecodeError';
  }
}

const INTEGER_DEPTHS = new Set(['8', '16', '24', '32']);
const FLOAT_DEPTHS = new Set(['32f', '64']);

/**
 * Decodes a WAV file: 8/16/24/32-bit integer PCM or 32/64-bit float, any channel count and rate.
 * Integer PCM is scaled by 2^(bits-1) (8-bit PCM is unsigned, centred at 128, as the WAV format says),
 * so full scale maps to [-1, 1). Channels are averaged, which keeps a mono-in-stereo file unchanged.
 * Throws WavDecodeError naming `fileNameForErrors` for empty, non-WAV, compressed or truncated files.
 */
export function decodeWav(bytes: Uint8Array, fileNameForErrors: string): DecodedWav {
  if (bytes.length === 0) throw new WavDecodeError(fileNameForErrors, 'empty file (0 bytes)');
  if (bytes.length < 44) throw new WavDecodeError(fileNameForErrors, `truncated: ${bytes.length} bytes, a WAV header alone is 44`);
  const tag = String.fromCharCode(...bytes.subarray(0, 4));
  const wave = String.fromCharCode(...bytes.subarray(8, 12));
  if (!['RIFF', 'RIFX', 'RF64'].includes(tag) || wave !== 'WAVE') {
    throw new WavDecodeError(fileNameForErrors, `not a WAV file (header '${printable(tag)}…${printable(wave)}', expected 'RIFF…WAVE')`);
  }
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (e) {
    throw new WavDecodeError(fileNameForErrors, `unreadable WAV: ${(e as Error).message}`);
  }
  const fmt = wav.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number; blockAlign: number };
  const data = wav.data as { chunkSize: number; samples: Uint8Array };
  const bitDepth = wav.bitDepth as string;
  if (!INTEGER_DEPTHS.has(bitDepth) && !FLOAT_DEPTHS.has(bitDepth)) {
    throw new WavDecodeError(fileNameForErrors, `unsupported encoding (bit depth code '${bitDepth}'); expected PCM 8/16/24/32-bit or float 32/64-bit`);
  }
  if (!(fmt.numChannels >= 1)) throw new WavDecodeError(fileNameForErrors, `bad channel count ${fmt.numChannels}`);
  if (!(fmt.sampleRate >= 1000 && fmt.sampleRate <= 384000)) {
    throw new WavDecodeError(fileNameForErrors, `sample rate ${fmt.sampleRate} Hz outside 1000..384000`);
  }
  // wavefile silently reads what is there when the data chunk is cut short; a truncated recording is damaged
  // (the header promised more), so it is refused rather than used at a shorter length.
  if (data.samples.length < data.chunkSize) {
    throw new WavDecodeError(fileNameForErrors, `truncated: data chunk declares ${data.chunkSize} bytes, file holds ${data.samples.length}`);
  }
  if (data.samples.length < fmt.blockAlign) throw new WavDecodeError(fileNameForErrors, 'no audio frames in data chunk');

  const channels = wav.getSamples(false, Float64Array) as unknown;
  const perChannel: ArrayLike<number>[] = fmt.numChannels === 1 ? [channels as Float64Array] : (channels as Float64Array[]);
  const n = perChannel[0].length;
  const isFloat = FLOAT_DEPTHS.has(bitDepth);
  const bits = fmt.bitsPerSample;
  const offset = bitDepth === '8' ? 128 : 0;
  const scale = isFloat ? 1 : 2 ** (bits - 1);
  const out = new Float32Array(n);
  for (const ch of perChannel) {
    for (let i = 0; i < n; i++) out[i] += (ch[i] - offset) / scale;
  }
  if (perChannel.length > 1) for (let i = 0; i < n; i++) out[i] /= perChannel.length;
  return { samples: out, sampleRateHz: fmt.sampleRate, channels: fmt.numChannels, bitDepth };
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
