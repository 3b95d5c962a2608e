// Turns SLIP-decoded packets into checked frames. Sits after @serialport/parser-slip-encoder's
// SlipDecoder (which must run with readableObjectMode so packet boundaries survive buffering).
// Bad packets are dropped and counted, never thrown: a noisy line must not take the gateway down.
import { Transform, type TransformCallback, type TransformOptions } from 'node:stream';
import { CRC_BYTES, HEADER_BYTES, MAX_FRAME_BYTES, MIN_FRAME_BYTES, PROTOCOL_VERSION, crc16, type Frame } from './frame.ts';

export interface FrameDecoderOptions extends TransformOptions {
  /** Largest accepted decoded frame, in bytes; defaults to MAX_FRAME_BYTES (1100); range 6..65535. */
  maxFrameBytes?: number;
  /** Protocol version to accept; defaults to PROTOCOL_VERSION (1); range 0..255. */
  version?: number;
}

/** Why packets were dropped; monotonically increasing. */
export interface FrameCounters {
  frames: number;
  /** Packets shorter than a header + CRC (line noise, partial frames at open). */
  garbage: number;
  badCrc: number;
  oversize: number;
  unknownVersion: number;
}

export class FrameDecoder extends Transform {
  readonly counters: FrameCounters = { frames: 0, garbage: 0, badCrc: 0, oversize: 0, unknownVersion: 0 };
  private readonly maxFrameBytes: number;
  private readonly version: number;

  constructor({ maxFrameBytes = MAX_FRAME_BYTES, version = PROTOCOL_VERSION, ...options }: FrameDecoderOptions = {}) {
    if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < MIN_FRAME_BYTES || maxFrameBytes > 0xffff) {
      throw new TypeError(`"maxFrameBytes" must be an integer ${MIN_FRAME_BYTES}..65535, got ${maxFrameBytes}`);
    }
    if (!Number.isInteger(version) || version < 0 || version > 0xff) {
      throw new TypeError(`"version" must be an integer 0..255, got ${version}`);
    }
    super({ ...options, writableObjectMode: true, readableObjectMode: true });
    this.maxFrameBytes = maxFrameBytes;
    this.version = version;
  }

  /** One chunk = one SLIP packet; empty packets (back-to-back END bytes) are normal and ignored. */
  _transform(packet: Buffer, _encoding: BufferEncoding, cb: TransformCallback): void {
    const frame = packet.length === 0 ? null : checkPacket(packet, this.counters, this.maxFrameBytes, this.version);
    if (frame) this.push(frame);
    cb();
  }
}

/**
 * Checks one decoded packet (a SLIP packet, or an MQTT message payload) and returns its frame, or null
 * after counting why it was dropped. The payload is copied: the frame outlives the packet buffer.
 */
export function checkPacket(packet: Buffer, counters: FrameCounters, maxFrameBytes = MAX_FRAME_BYTES, version = PROTOCOL_VERSION): Frame | null {
  if (packet.length > maxFrameBytes) { counters.oversize++; return null; }
  if (packet.length < MIN_FRAME_BYTES) { counters.garbage++; return null; }
  const body = packet.length - CRC_BYTES;
  if (crc16(packet.subarray(0, body)) !== packet.readUInt16LE(body)) { counters.badCrc++; return null; }
  if (packet[0] !== version) { counters.unknownVersion++; return null; }
  counters.frames++;
  return { type: packet[1], seq: packet.readUInt16LE(2), payload: Buffer.from(packet.subarray(HEADER_BYTES, body)) };
}
