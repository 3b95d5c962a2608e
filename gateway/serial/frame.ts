// The link-layer frame shared with the firmware (firmware-bridge/PROTOCOL.md is the spec):
//   version u8 (=1) | type u8 | seq u16 LE | payload | crc16 u16 LE
// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection) over version..payload.
// Frames travel SLIP-encoded (RFC 1055); everything here is the decoded form.
import { crc16ccitt } from 'crc';

export const PROTOCOL_VERSION = 1;
/** Largest decoded frame either side may send, in bytes (header + payload + CRC). */
export const MAX_FRAME_BYTES = 1100;
export const HEADER_BYTES = 4;
export const CRC_BYTES = 2;
export const MIN_FRAME_BYTES = HEADER_BYTES + CRC_BYTES;
export const MAX_PAYLOAD_BYTES = MAX_FRAME_BYTES - MIN_FRAME_BYTES;

/** One decoded, CRC-checked frame. `payload` is a view into the received bytes. */
export interface Frame {
  type: number;
  /** Sender's sequence number, u16, wraps. */
  seq: number;
  payload: Buffer;
}

export function crc16(bytes: Buffer): number {
  return crc16ccitt(bytes);
}

/** Builds the decoded bytes of one frame; throws a RangeError naming the field that is out of range. */
export function encodeFrame(frame: Frame, version = PROTOCOL_VERSION): Buffer {
  const { type, seq, payload } = frame;
  if (!Number.isInteger(type) || type < 0 || type > 0xff) throw new RangeError(`frame type must be 0..255, got ${type}`);
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xffff) throw new RangeError(`frame seq must be 0..65535, got ${seq}`);
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`frame payload must be 0..${MAX_PAYLOAD_BYTES} bytes, got ${payload.length} (type ${type})`);
  }
  const out = Buffer.alloc(MIN_FRAME_BYTES + payload.length);
  out.writeUInt8(version, 0);
  out.writeUInt8(type, 1);
  out.writeUInt16LE(seq, 2);
  payload.copy(out, HEADER_BYTES);
  out.writeUInt16LE(crc16(out.subarray(0, HEADER_BYTES + payload.length)), HEADER_BYTES + payload.length);
  return out;
}
