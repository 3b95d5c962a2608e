// Payload encoders for the gateway → board verification messages (firmware-bridge/PROTOCOL.md §5:
// VERIFY_BEGIN 0x11, VERIFY_PCM 0x12, VERIFY_END 0x13). Decoders for the board's answers live in
// serial/messages.ts (decodeVerifyResult, decodeAck, decodeError).

/** Largest number of samples one VERIFY_PCM may carry (PROTOCOL.md: k ≤ 543). */
export const MAX_PCM_CHUNK = 543;
/** Chunk size the protocol recommends. */
export const DEFAULT_PCM_CHUNK = 512;

/** VERIFY_BEGIN in PCM mode: `clip_id u32 | n u32 | mode u8 (0 = PCM) | reserved u8`. */
export function encodeVerifyBeginPcm(clipId: number, samples: number): Buffer {
  if (!Number.isInteger(clipId) || clipId < 0 || clipId > 0xffffffff) throw new RangeError(`clip id must be 0..2^32-1, got ${clipId}`);
  if (!Number.isInteger(samples) || samples < 1 || samples > 0xffffffff) throw new RangeError(`clip length must be 1..2^32-1 samples, got ${samples} (clip ${clipId})`);
  const p = Buffer.alloc(10);
  p.writeUInt32LE(clipId, 0);
  p.writeUInt32LE(samples, 4);
  p[8] = 0;
  return p;
}

/** VERIFY_PCM: `clip_id u32 | offset u32 | int16[k]` (little-endian samples). */
export function encodeVerifyPcm(clipId: number, offset: number, pcm: Int16Array): Buffer {
  if (pcm.length < 1 || pcm.length > MAX_PCM_CHUNK) throw new RangeError(`VERIFY_PCM chunk must be 1..${MAX_PCM_CHUNK} samples, got ${pcm.length} (clip ${clipId}, offset ${offset})`);
  const p = Buffer.alloc(8 + 2 * pcm.length);
  p.writeUInt32LE(clipId, 0);
  p.writeUInt32LE(offset, 4);
  for (let i = 0; i < pcm.length; i++) p.writeInt16LE(pcm[i], 8 + 2 * i);
  return p;
}

/** VERIFY_END: `clip_id u32`. */
export function encodeVerifyEnd(clipId: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt32LE(clipId, 0);
  return p;
}
