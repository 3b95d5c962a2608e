import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { AUDIO_EXTENSIONS, decodeAudioFile } from '../../../common/audio/decode.ts';
import { WavDecodeError } from '../../../common/audio/wav-decode.ts';

const fixture = (name: string) => new URL(`../../fixtures/audio/${name}`, import.meta.url);

describe('audio/decode: WAV, FLAC, Ogg Vorbis, MP3 by extension', () => {
  it('decodes a FLAC file to the same samples as its WAV source', async () => {
    // tone-1k.flac was encoded from tone-1k.wav by the reference `flac` encoder (lossless).
    const flac = await decodeAudioFile(readFileSync(fixture('tone-1k.flac')), 'tone-1k.flac');
    const wav = await decodeAudioFile(readFileSync(fixture('tone-1k.wav')), 'tone-1k.wav');
    expect(flac.sampleRateHz).to.equal(16000);
    expect(flac.channels).to.equal(1);
    expect(flac.samples.length).to.equal(wav.samples.length);
    let worst = 0;
    for (let i = 0; i < wav.samples.length; i++) worst = Math.max(worst, Math.abs(flac.samples[i] - wav.samples[i]));
    expect(worst).to.be.below(1 / 32768);
  });

  it('names the file and what was expected for an unsupported or undecodable file', async () => {
    expect(AUDIO_EXTENSIONS).to.include.members(['.wav', '.flac', '.ogg', '.mp3']);
    for (const [name, bytes, reason] of [
      ['a.aiff', new Uint8Array(100), /unsupported audio format '\.aiff' \(expected \.wav, \.flac/],
      ['b.flac', new Uint8Array(0), /empty file/],
      ['c.flac', new Uint8Array(200).fill(7), /FLAC/],
      ['d.ogg', new Uint8Array(200).fill(7), /Ogg Vorbis/],
      ['e.mp3', new Uint8Array(200).fill(7), /MP3/],
    ] as const) {
      const err = await decodeAudioFile(bytes, name).then(() => null, (e: unknown) => e);
      expect(err, name).to.be.instanceOf(WavDecodeError);
      expect((err as WavDecodeError).message, name).to.match(new RegExp(`^${name.replace('.', '\\.')}: `)).and.to.match(reason);
    }
  });
});
