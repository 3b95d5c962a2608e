export { decodeWav, WavDecodeError, type DecodedWav } from './wav-decode.ts';
export { resample } from './resample.ts';
export { encodeWav, writeWav, type WavWriteOptions } from './wav-write.ts';
export { loadClip, type LoadedClip } from './load-clip.ts';
export { decodeAudioFile, decodeAudio, freeDecoders, AUDIO_EXTENSIONS, type DecodedFile, type DecodedAudio } from './decode.ts';
