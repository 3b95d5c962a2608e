// A board that speaks protocol v1 from TypeScript: HELLO on open and on request, heartbeats, and
// store-and-forward detections (fixed queue, round-robin re-send until ACKed, §6 of PROTOCOL.md).
// Used by end-to-end tests and the load benchmark; the C host board is the reference implementation.
import { SerialPort } from 'serialport';
import { attachFraming, type Framing } from '../serial/framing.ts';
import type { Frame } from '../serial/frame.ts';
import { MessageType, encodeHello, encodeHeartbeat, encodeDetection, decodeAck, POSITION_UNKNOWN, type Detection } from '../serial/messages.ts';
import { gatewayNowUs } from '../serial/clock.ts';
import type { FrameChannel } from '../transport/channel.ts';

export interface FakeBoardOptions {
  /** Serial port (pty end) of the board; ignored when `channel` is given. */
  path?: string;
  /**
   * Another transport for the board's frames (e.g. `boardMqttChannel`); made afresh after a loss;
   * defaults to the serial port at `path`.
   */
  channel?: () => FrameChannel;
  boardId: string;
  /** defaults to '1.0.0'. */
  firmware?: string;
  /** 16 hex chars; defaults to '0011223344556677'. */
  modelHash?: string;
  /** Degrees and metres; defaults to unknown. */
  position?: { lat: number; lon: number; altM?: number };
  /** defaults to 1000 ms. */
  heartbeatMs?: number;
  /** Re-send period for the oldest unACKed detection, ms; defaults to 500. */
  resendMs?: number;
  /** Unacknowledged detections kept; defaults to 16 (the C host board's GE_EVENT_QUEUE_CAPACITY). */
  queueCapacity?: number;
  /** Re-open period after the port vanished, ms; defaults to 100. */
  reopenMs?: number;
}

interface Pending { d: Detection; firstSentUs: number }

export function createFakeBoard(o: FakeBoardOptions) {
  const heartbeatMs = o.heartbeatMs ?? 1000, resendMs = o.resendMs ?? 500, capacity = o.queueCapacity ?? 16;
  // The board clock counts µs since "boot", like the firmware's free-running counter; the fake board
  // pretends it booted a minute ago so a window start is never before boot.
  const bootUs = gatewayNowUs() - 60_000_000;
  const clockUs = () => BigInt(gatewayNowUs() - bootUs);
  let port: SerialPort | null = null;
  let framing: Framing | null = null;
  let channel: FrameChannel | null = null;
  let channelUp = false;
  let lastLoss: string | null = null;
  let seq = 0, nextEventId = 1, rr = 0, closed = false, dropped = 0;
  const queue: Pending[] = [];
  /** ACKed detections: when each was first sent (gateway clock, µs) and how long its ACK took. */
  const acked: { eventId: number; sentUs: number; latencyUs: number }[] = [];
  const timers: NodeJS.Timeout[] = [];

  const send = (type: number, payload: Buffer) => {
    if (channel) { if (channelUp) channel.send({ type, seq, payload }); } else framing?.send({ type, seq, payload });
    seq = (seq + 1) & 0xffff;
  };
  const sendHello = () => send(MessageType.HELLO, encodeHello({
    protocolVersion: 1, boardId: o.boardId, firmware: o.firmware ?? '1.0.0', modelHash: o.modelHash ?? '0011223344556677',
    clockUs: clockUs(), capabilities: 0, sampleRateHz: 16000, windowFrames: 49, hopFrames: 16, nMfcc: 13, threshold: 0,
    latE6: o.position ? Math.round(o.position.lat * 1e6) : POSITION_UNKNOWN,
    lonE6: o.position ? Math.round(o.position.lon * 1e6) : POSITION_UNKNOWN,
    altCm: o.position ? Math.round((o.position.altM ?? 0) * 100) : POSITION_UNKNOWN,
  }));

  function onFrame(f: Frame) {
    if (f.type === MessageType.HELLO_REQUEST) sendHello();
    else if (f.type === MessageType.ACK) {
      const a = decodeAck(f);
      const i = queue.findIndex((p) => p.d.eventId === a.eventId);
      if (i >= 0) {
        acked.push({ eventId: a.eventId, sentUs: queue[i].firstSentUs, latencyUs: gatewayNowUs() - queue[i].firstSentUs });
        queue.splice(i, 1);
      }
    }
  }

  function open() {
    if (closed) return;
    if (o.channel) {
      const c = o.channel();
      channel = c;
      c.open({
        onOpen: () => { if (channel === c) { channelUp = true; sendHello(); } },
        onFrame: (f) => { if (channel === c) onFrame(f); },
        onLost: (reason) => { if (channel !== c) return; lastLoss = reason; channelUp = false; void c.close(); retry(); },
      });
      return;
    }
    if (!o.path) throw new TypeError(`fake board ${o.boardId}: "path" or "channel" is required`);
    const p = new SerialPort({ path: o.path, baudRate: 115200, autoOpen: false });
    // A write into a vanished pty fails (EIO) without a close event: treat any error as an unplug.
    const lost = () => {
      if (port !== p) return;
      port = null;
      framing = null;
      if (p.isOpen) p.close(() => {});
      retry();
    };
    p.on('error', lost);
    p.on('close', lost);
    p.open((err) => {
      if (err) { retry(); return; }
      port = p;
      framing = attachFraming(p);
      framing.decoder.on('data', onFrame);
      sendHello();
    });
  }
  function retry() { if (!closed) setTimeout(open, o.reopenMs ?? 100).unref(); }

  timers.push(setInterval(() => send(MessageType.HEARTBEAT, encodeHeartbeat({
    uptimeMs: Math.floor(Number(clockUs()) / 1000), clockUs: clockUs(), queueDepth: Math.min(queue.length, 255),
    queueCapacity: Math.min(capacity, 255), droppedEvents: dropped, rxDropped: 0, rxCrcErrors: 0, audioOverruns: 0, lastInferenceUs: 1234,
  })), heartbeatMs));
  timers.push(setInterval(() => {
    if (!queue.length) return;
    rr = rr % queue.length;
    send(MessageType.DETECTION, encodeDetection({ ...queue[rr].d, retransmission: true }));
    rr++;
  }, resendMs));

  return {
    boardId: o.boardId,
    open() { open(); return this; },
    /** Emits a detection whose loudest sample happened at `atGatewayUs` (gateway clock; defaults to now). */
    detect(probability = 0.9, atGatewayUs = gatewayNowUs()): number {
      const t = BigInt(atGatewayUs - bootUs);
      const d: Detection = {
        eventId: nextEventId++, timestampUs: t, windowStartUs: t - 500_000n, score: Math.round(probability * 255) - 128,
        retransmission: false, probability, peakLevel: 20000, energy: 123456,
      };
      if (queue.length >= capacity) { queue.shift(); dropped++; }
      queue.push({ d, firstSentUs: gatewayNowUs() });
      send(MessageType.DETECTION, encodeDetection(d));
      return d.eventId;
    },
    /** Raw bytes onto the wire, for fault tests. */
    sendRaw(bytes: Buffer) { port?.write(bytes); },
    isOpen: () => framing !== null || channelUp,
    /** Why the transport was last lost or refused (e.g. the broker's "Not authorized"); null when never. */
    lastLoss: () => lastLoss,
    pending: () => queue.length,
    acked: () => acked,
    dropped: () => dropped,
    async close() {
      closed = true;
      timers.forEach(clearInterval);
      const c = channel;
      channel = null;
      channelUp = false;
      await c?.close();
      const p = port;
      port = null;
      if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
    },
  };
}

export type FakeBoard = ReturnType<typeof createFakeBoard>;
