// Typed codecs for the payloads of firmware-bridge/PROTOCOL.md §5 (version 1). Offsets and sizes mirror
// that document's tables; a payload longer than the minimum is accepted (later versions may append).
// Board clocks are u64 µs and travel here as bigint so nothing is rounded.
import type { Frame } from './frame.ts';

export const MessageType = {
  HELLO: 0x01, HEARTBEAT: 0x02, DETECTION: 0x03, LOG: 0x04, CONFIG_ACK: 0x05, VERIFY_RESULT: 0x06,
  ERROR: 0x07, ACK: 0x08, CONFIG: 0x10, VERIFY_BEGIN: 0x11, VERIFY_PCM: 0x12, VERIFY_END: 0x13,
  VERIFY_FEATURES: 0x14, HELLO_REQUEST: 0x15,
} as const;
export type MessageTypeName = keyof typeof MessageType;

/** INT32_MIN in lat/lon/alt means "position unknown". */
export const POSITION_UNKNOWN = -0x80000000;

export interface Hello {
  protocolVersion: number; boardId: string; firmware: string; modelHash: string; clockUs: bigint;
  capabilities: number; sampleRateHz: number; windowFrames: number; hopFrames: number; nMfcc: number;
  threshold: number; latE6: number; lonE6: number; altCm: number;
}
export interface Heartbeat {
  uptimeMs: number; clockUs: bigint; queueDepth: number; queueCapacity: number; droppedEvents: number;
  rxDropped: number; rxCrcErrors: number; audioOverruns: number; lastInferenceUs: number;
}
export interface Detection {
  eventId: number; timestampUs: bigint; windowStartUs: bigint; score: number; retransmission: boolean;
  /** Dequantised score, 0..1 (u16 / 65535 on the wire). */
  probability: number; peakLevel: number; energy: number;
}
export interface Log { level: number; text: string }
export interface ConfigAck { configSeq: number; status: number; threshold: number; hysteresis: number; refractoryMs: number; clockUs: bigint }
export interface VerifyResult {
  clipId: number; part: number; nParts: number; nWindows: number; firstWindow: number; decision: boolean;
  maxScore: number; elapsedUs: number; cycles: number; scores: Int8Array;
}
export interface ErrorMessage { code: number; refSeq: number; refType: number; text: string }
export interface Ack { ackedType: number; ackedSeq: number; eventId: number; status: number }
/** CONFIG: only the fields present are applied (their `valid` bits are set). */
export interface Config {
  threshold?: number; hysteresis?: number; refractoryMs?: number;
  position?: { latE6: number; lonE6: number; altCm: number };
  clockOffsetUs?: bigint; heartbeatMs?: number; resendMs?: number;
}

export const MIN_PAYLOAD: Record<number, number> = {
  [MessageType.HELLO]: 62, [MessageType.HEARTBEAT]: 34, [MessageType.DETECTION]: 30, [MessageType.LOG]: 1,
  [MessageType.CONFIG_ACK]: 15, [MessageType.VERIFY_RESULT]: 22, [MessageType.ERROR]: 5, [MessageType.ACK]: 8,
  [MessageType.CONFIG]: 30, [MessageType.HELLO_REQUEST]: 0,
};

/** Thrown for a payload shorter than its type requires; the link answers ERROR BAD_LENGTH. */
export class PayloadLengthError extends RangeError {
  constructor(readonly type: number, readonly length: number) {
    super(`payload of type 0x${type.toString(16)} must be at least ${MIN_PAYLOAD[type]} bytes, got ${length}`);
  }
}

function need(frame: Frame, type: number): Buffer {
  if (frame.payload.length < MIN_PAYLOAD[type]) throw new PayloadLengthError(type, frame.payload.length);
  return frame.payload;
}
const ascii = (b: Buffer) => b.toString('latin1').replace(/\0.*$/s, '');

export function decodeHello(f: Frame): Hello {
  const p = need(f, MessageType.HELLO);
  return {
    protocolVersion: p[0], boardId: ascii(p.subarray(1, 17)), firmware: `${p[17]}.${p[18]}.${p[19]}`,
    modelHash: p.subarray(20, 28).toString('hex'), clockUs: p.readBigUInt64LE(28), capabilities: p.readUInt32LE(36),
    sampleRateHz: p.readUInt32LE(40), windowFrames: p.readUInt16LE(44), hopFrames: p.readUInt16LE(46),
    nMfcc: p[48], threshold: p.readInt8(49), latE6: p.readInt32LE(50), lonE6: p.readInt32LE(54), altCm: p.readInt32LE(58),
  };
}
export function encodeHello(h: Hello): Buffer {
  const p = Buffer.alloc(62);
  p[0] = h.protocolVersion;
  p.write(h.boardId.slice(0, 16), 1, 'latin1');
  h.firmware.split('.').slice(0, 3).forEach((v, i) => { p[17 + i] = Number(v) & 0xff; });
  Buffer.from(h.modelHash.padEnd(16, '0').slice(0, 16), 'hex').copy(p, 20);
  p.writeBigUInt64LE(h.clockUs, 28); p.writeUInt32LE(h.capabilities, 36); p.writeUInt32LE(h.sampleRateHz, 40);
  p.writeUInt16LE(h.windowFrames, 44); p.writeUInt16LE(h.hopFrames, 46); p[48] = h.nMfcc; p.writeInt8(h.threshold, 49);
  p.writeInt32LE(h.latE6, 50); p.writeInt32LE(h.lonE6, 54); p.writeInt32LE(h.altCm, 58);
  return p;
}

export function decodeHeartbeat(f: Frame): Heartbeat {
  const p = need(f, MessageType.HEARTBEAT);
  return {
    uptimeMs: p.readUInt32LE(0), clockUs: p.readBigUInt64LE(4), queueDepth: p[12], queueCapacity: p[13],
    droppedEvents: p.readUInt32LE(14), rxDropped: p.readUInt32LE(18), rxCrcErrors: p.readUInt32LE(22),
    audioOverruns: p.readUInt32LE(26), lastInferenceUs: p.readUInt32LE(30),
  };
}
export function encodeHeartbeat(h: Heartbeat): Buffer {
  const p = Buffer.alloc(34);
  p.writeUInt32LE(h.uptimeMs >>> 0, 0); p.writeBigUInt64LE(h.clockUs, 4); p[12] = h.queueDepth; p[13] = h.queueCapacity;
  p.writeUInt32LE(h.droppedEvents, 14); p.writeUInt32LE(h.rxDropped, 18); p.writeUInt32LE(h.rxCrcErrors, 22);
  p.writeUInt32LE(h.audioOverruns, 26); p.writeUInt32LE(h.lastInferenceUs, 30);
  return p;
}

export function decodeDetection(f: Frame): Detection {
  const p = need(f, MessageType.DETECTION);
  return {
    eventId: p.readUInt32LE(0), timestampUs: p.readBigUInt64LE(4), windowStartUs: p.readBigUInt64LE(12),
    score: p.readInt8(20), retransmission: (p[21] & 1) === 1, probability: p.readUInt16LE(22) / 65535,
    peakLevel: p.readUInt16LE(24), energy: p.readUInt32LE(26),
  };
}
export function encodeDetection(d: Detection): Buffer {
  const p = Buffer.alloc(30);
  p.writeUInt32LE(d.eventId, 0); p.writeBigUInt64LE(d.timestampUs, 4); p.writeBigUInt64LE(d.windowStartUs, 12);
  p.writeInt8(d.score, 20); p[21] = d.retransmission ? 1 : 0; p.writeUInt16LE(Math.round(d.probability * 65535), 22);
  p.writeUInt16LE(d.peakLevel, 24); p.writeUInt32LE(d.energy, 26);
  return p;
}

export function decodeLog(f: Frame): Log {
  const p = need(f, MessageType.LOG);
  return { level: p[0], text: p.subarray(1, 201).toString('latin1') };
}

export function decodeConfigAck(f: Frame): ConfigAck {
  const p = need(f, MessageType.CONFIG_ACK);
  return { configSeq: p.readUInt16LE(0), status: p[2], threshold: p.readInt8(3), hysteresis: p[4], refractoryMs: p.readUInt16LE(5), clockUs: p.readBigUInt64LE(7) };
}

export function decodeVerifyResult(f: Frame): VerifyResult {
  const p = need(f, MessageType.VERIFY_RESULT);
  return {
    clipId: p.readUInt32LE(0), part: p.readUInt16LE(4), nParts: p.readUInt16LE(6), nWindows: p.readUInt16LE(8),
    firstWindow: p.readUInt16LE(10), decision: p[12] === 1, maxScore: p.readInt8(13), elapsedUs: p.readUInt32LE(14),
    cycles: p.readUInt32LE(18), scores: new Int8Array(p.buffer, p.byteOffset + 22, p.length - 22).slice(),
  };
}

export function decodeError(f: Frame): ErrorMessage {
  const p = need(f, MessageType.ERROR);
  return { code: p.readUInt16LE(0), refSeq: p.readUInt16LE(2), refType: p[4], text: p.subarray(5, 205).toString('latin1') };
}
export function encodeError(e: ErrorMessage): Buffer {
  const text = Buffer.from(e.text.slice(0, 200), 'latin1');
  const p = Buffer.alloc(5 + text.length);
  p.writeUInt16LE(e.code, 0); p.writeUInt16LE(e.refSeq, 2); p[4] = e.refType; text.copy(p, 5);
  return p;
}

export function decodeAck(f: Frame): Ack {
  const p = need(f, MessageType.ACK);
  return { ackedType: p[0], ackedSeq: p.readUInt16LE(1), eventId: p.readUInt32LE(3), status: p[7] };
}
export function encodeAck(a: Ack): Buffer {
  const p = Buffer.alloc(8);
  p[0] = a.ackedType; p.writeUInt16LE(a.ackedSeq, 1); p.writeUInt32LE(a.eventId >>> 0, 3); p[7] = a.status;
  return p;
}

export function encodeConfig(c: Config): Buffer {
  const p = Buffer.alloc(30);
  let valid = 0;
  if (c.threshold !== undefined) { valid |= 1; p.writeInt8(c.threshold, 2); }
  if (c.hysteresis !== undefined) { valid |= 2; p[3] = c.hysteresis; }
  if (c.refractoryMs !== undefined) { valid |= 4; p.writeUInt16LE(c.refractoryMs, 4); }
  if (c.position) { valid |= 8; p.writeInt32LE(c.position.latE6, 6); p.writeInt32LE(c.position.lonE6, 10); p.writeInt32LE(c.position.altCm, 14); }
  if (c.clockOffsetUs !== undefined) { valid |= 16; p.writeBigInt64LE(c.clockOffsetUs, 18); }
  if (c.heartbeatMs !== undefined) { valid |= 32; p.writeUInt16LE(c.heartbeatMs, 26); }
  if (c.resendMs !== undefined) { valid |= 64; p.writeUInt16LE(c.resendMs, 28); }
  p.writeUInt16LE(valid, 0);
  return p;
}
