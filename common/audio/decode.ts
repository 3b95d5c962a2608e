// Any audio file a user has → mono samples. Container parsing and decoding are the libraries' job
// (wavefile for WAV, @wasm-audio-decoders for FLAC and Ogg Vorbis, mpg123-decoder for MP3); ours is only
// the dispatch by extension, the channel fold and the error policy (one WavDecodeError with a short reason,
// so a dataset loader can skip the file and list it).
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { MPEGDecoder } from 'mpg123-decoder';
import { decodeWav, WavDecodeError } from './wav-decode.ts';
import { resample } from './resample.ts';

/** File extensions the decoders read, lower case with the dot. */
export const AUDIO_EXTENSIONS = ['.wav', '.flac', '.ogg', '.oga', '.mp3'] as const;

/** A decoded file at its own rate. */
export interface DecodedFile {
  /** Mono (channel mean) samples. */
  samples: Float32Array;
  sampleRateHz: number;
  channels: number;
}

/** A decoded source file brought to a target rate. */
export interface DecodedAudio {
  /** Mono (channel mean) samples at `rateHz`. */
  samples: Float32Array;
  rateHz: number;
  /** Rate and channel count of the file itself. */
  sourceRateHz: number;
  channels: number;
}

function mono(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const out = new Float32Array(channels[0]?.length ?? 0);
  for (const ch of channels) for (let i = 0; i < out.length; i++) out[i] += ch[i] / channels.length;
  return out;
}

interface WasmResult { channelData: Float32Array[]; samplesDecoded: number; sampleRate: number; errors: { message: string }[] }
interface WasmDecoder { ready: Promise<void>; reset(): Promise<void>; free(): void }

// One decoder per format for the whole run: creating a WASM instance per file costs more than decoding it.
let vorbis: OggVorbisDecoder | undefined;
let flac: FLACDecoder | undefined;
let mpeg: MPEGDecoder | undefined;

async function viaWasm<D extends WasmDecoder>(d: D, run: (d: D) => WasmResult | Promise<WasmResult>, name: string, format: string): Promise<DecodedFile> {
  await d.ready;
  let r: WasmResult;
  try {
    r = await run(d);
  } catch (e) {
    throw new WavDecodeError(name, `not a readable ${format} file (${(e as Error).message})`);
  } finally {
    await d.reset();
  }
  if (r.samplesDecoded === 0 || r.channelData.length === 0) {
    throw new WavDecodeError(name, r.errors.length > 0 ? `${format} decode failed (${r.errors[0].message})` : `no ${format} audio frames`);
  }
  return { samples: mono(r.channelData.map((c) => c.subarray(0, r.samplesDecoded))), sampleRateHz: r.sampleRate, channels: r.channelData.length };
}

/**
 * Decodes WAV, FLAC, Ogg Vorbis or MP3, chosen by the extension of `name`, at the file's own rate.
 * Throws WavDecodeError (naming `name`) for an unsupported extension or a file the decoder rejects.
 */
export async function decodeAudioFile(bytes: Uint8Array, name: string): Promise<DecodedFile> {
  const ext = name.toLowerCase().replace(/^.*(\.[^./]+)$/, '$1');
  if (bytes.length === 0) throw new WavDecodeError(name, 'empty file (0 bytes)');
  switch (ext) {
    case '.wav': {
      const w = decodeWav(bytes, name);
      return { samples: w.samples, sampleRateHz: w.sampleRateHz, channels: w.channels };
    }
    case '.flac':
      return viaWasm(flac ??= new FLACDecoder(), (d) => d.decodeFile(bytes), name, 'FLAC');
    case '.ogg':
    case '.oga':
      return viaWasm(vorbis ??= new OggVorbisDecoder(), (d) => d.decodeFile(bytes), name, 'Ogg Vorbis');
    case '.mp3':
      return viaWasm(mpeg ??= new MPEGDecoder(), (d) => d.decode(bytes), name, 'MP3');
    default:
      throw new WavDecodeError(name, `unsupported audio format '${ext}' (expected ${AUDIO_EXTENSIONS.join(', ')})`);
  }
}

/** Decodes any supported file (see `decodeAudioFile`) and resamples it to `rateHz`. */
export async function decodeAudio(bytes: Uint8Array, name: string, rateHz: number): Promise<DecodedAudio> {
  const d = await decodeAudioFile(bytes, name);
  const samples = await resample(d.samples, d.sampleRateHz, rateHz);
  return { samples, rateHz, sourceRateHz: d.sampleRateHz, channels: d.channels };
}

/** Frees the shared WASM decoders (call once at the end of a run so the process can exit). */
export function freeDecoders(): void {
  vorbis?.free();
  flac?.free();
  mpeg?.free();
  vorbis = undefined;
  flac = undefined;
  mpeg = undefined;
}
