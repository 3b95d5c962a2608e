// SoundFont 2 banks as archives of recordings: a General MIDI bank's "Gun Shot" patch is a sampled gunshot,
// recorded by whoever built the bank, so a bank is one more independent recording chain. Parsing the RIFF
// structure is the `soundfont2` library's job; ours is only picking samples by name and handing each one
// on as a WAV (so decoding stays one dispatch by extension in decode.ts).
import sf2pkg from 'soundfont2';
import { encodeWav } from '../audio/index.ts';

const { SoundFont2 } = sf2pkg as typeof import('soundfont2');

/** Whether `path` names a SoundFont 2 bank (by extension). */
export function isSoundFont(path: string): boolean {
  return /\.sf2$/i.test(path);
}

/** One sample of a bank: its name (unique within the bank here), rate and 16-bit data. */
export interface SoundFontSample {
  name: string;
  rateHz: number;
  data: Int16Array;
}

/**
 * Reads a bank's samples. Names are trimmed; a bank that repeats a name keeps the first sample under it
 * (the manifest addresses samples by name, so a second one could never be chosen unambiguously).
 * `where` names the bank in errors.
 */
export function readSoundFontSamples(bytes: Uint8Array, where: string): Map<string, SoundFontSample> {
  let sf: InstanceType<typeof SoundFont2>;
  try {
    sf = new SoundFont2(bytes);
  } catch (e) {
    throw new Error(`${where}: not a readable SoundFont 2 bank (${(e as Error).message})`);
  }
  const out = new Map<string, SoundFontSample>();
  for (const s of sf.samples) {
    const name = s.header.name.trim();
    if (name === '' || name === 'EOS' || out.has(name)) continue;
    if (!(s.header.sampleRate >= 1000 && s.header.sampleRate <= 384000)) continue; // ROM or broken header
    out.set(name, { name, rateHz: s.header.sampleRate, data: s.data });
  }
  return out;
}

/** A sample as 16-bit mono WAV bytes at its own rate. */
export function soundFontSampleWav(s: SoundFontSample): Uint8Array {
  const f = new Float32Array(s.data.length);
  for (let i = 0; i < f.length; i++) f[i] = s.data[i] / 32768;
  return encodeWav(f, s.rateHz, { format: 'pcm16' });
}
