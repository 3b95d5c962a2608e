// Any file the manifest points at → mono samples at the corpus rate. Container parsing and decoding are
// the libraries' job (wavefile via common/audio, @wasm-audio-decoders for Vorbis and FLAC); ours is only
// the dispatch by extension, the channel fold and the resampling call.
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { decodeWav } from '../audio/wav-decode.ts';
import { resample } from '../audio/resample.ts';

/** A decoded source file. */
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

let vorbis: OggVorbisDecoder | undefined;
let flac: FLACDecoder | undefined;

/** Decodes WAV, Ogg Vorbis or FLAC (by the extension of `name`) and resamples to `rateHz`. */
export async function decodeAudio(bytes: Uint8Array, name: string, rateHz: number): Promise<DecodedAudio> {
  const ext = name.toLowerCase().split('.').pop();
  let channels: Float32Array[];
  let sourceRateHz: number;
  if (ext === 'wav') {
    const w = decodeWav(bytes, name);
    channels = [w.samples];
    sourceRateHz = w.sampleRateHz;
  } else if (ext === 'ogg' || ext === 'oga') {
    // One decoder for the whole run: creating a WASM instance per file costs more than decoding it.
    if (!vorbis) vorbis = new OggVorbisDecoder();
    await vorbis.ready;
    const d = await vorbis.decodeFile(bytes);
    await vorbis.reset();
    if (d.errors.length > 0 && d.samplesDecoded === 0) throw new Error(`${name}: Vorbis decode failed (${d.errors[0].message})`);
    channels = d.channelData;
    sourceRateHz = d.sampleRate;
  } else if (ext === 'flac') {
    if (!flac) flac = new FLACDecoder();
    await flac.ready;
    const d = await flac.decodeFile(bytes);
    await flac.reset();
    if (d.errors.length > 0 && d.samplesDecoded === 0) throw new Error(`${name}: FLAC decode failed (${d.errors[0].message})`);
    channels = d.channelData;
    sourceRateHz = d.sampleRate;
  } else {
    throw new Error(`${name}: unsupported audio extension '.${ext}' (wav, ogg, flac)`);
  }
  if (channels.length === 0 || channels[0].length === 0) throw new Error(`${name}: no audio samples`);
  const m = mono(channels);
  const samples = await resample(m, sourceRateHz, rateHz);
  return { samples, rateHz, sourceRateHz, channels: channels.length };
}

/** Frees the shared WASM decoders (call once at the end of a run so the process can exit). */
export function freeDecoders(): void {
  vorbis?.free();
  flac?.free();
  vorbis = undefined;
  flac = undefined;
}
