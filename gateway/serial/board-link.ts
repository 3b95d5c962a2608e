// One board on one channel (a serial port, or its MQTT topics): opens the channel, handshakes (HELLO),
// tracks health from heartbeats, hands detections to a persisting callback and ACKs each copy only
// after that callback returned, and reopens with exponential backoff after the channel goes away
// (unplug, board reset, broker restart).
import type { SerialPortStream } from '@serialport/stream';
import type { Frame } from './frame.ts';
import { serialChannels } from './serial-channel.ts';
import type { ChannelFactory, FrameChannel } from '../transport/channel.ts';
import type { FrameCounters } from './frame-decoder.ts';
import {
  MessageType, decodeHello, decodeHeartbeat, decodeDetection, decodeLog, decodeError, decodeAck,
  decodeConfigAck, decodeVerifyResult, encodeAck, type Hello, type Heartbeat, type Detection, type Log,
  type ErrorMessage, type Ack, type ConfigAck, type VerifyResult,
} from './messages.ts';
import { createClockEstimator, gatewayNowUs } from './clock.ts';

export type LinkStatus = 'connecting' | 'handshaking' | 'online' | 'stale' | 'disconnected' | 'closed';

export interface BoardLinkOptions {
  path: string;
  /** defaults to 115200 (ignored by USB CDC and ptys). */
  baudRate?: number;
  /** Model hash (16 hex chars) the boards should run; a different one is reported loudly; defaults to none. */
  expectedModelHash?: string;
  /** HELLO_REQUEST is repeated this often until a HELLO arrives, ms; defaults to 1000. */
  helloRetryMs?: number;
  /**
   * Clock samples (HELLO + HEARTBEATs) needed before detections are accepted; defaults to 3; range 1..16.
   * One sample can carry a long transit delay (a busy host), which would shift the board's timestamps
   * and break grouping; until then detections stay unACKed and the board re-sends them.
   */
  minClockSamples?: number;
  /** No frame for this long marks the board stale, ms; defaults to 3500 (3.5 heartbeats at the default rate). */
  staleAfterMs?: number;
  /**
   * No frame for this long closes and reopens the port, ms; defaults to 3 × staleAfterMs. Catches a
   * vanished device whose close the OS never signalled (seen with ptys) and wedged drivers.
   */
  reopenAfterMs?: number;
  /** First reconnect delay, ms, doubled per failed attempt; defaults to 250; range 10..60000. */
  reconnectBaseMs?: number;
  /** Longest reconnect delay, ms; defaults to 8000. */
  reconnectMaxMs?: number;
  /** Port factory for the default serial channel; defaults to a real `SerialPort`. Unit tests pass `SerialPortMock`. */
  openPort?: (path: string, baudRate: number) => SerialPortStream;
  /** Channel factory; defaults to a serial port at `path` (`serialChannels({ baudRate, openPort })`). */
  openChannel?: ChannelFactory;
}

export interface BoardLinkHooks {
  /** A handshake completed; `modelHashOk` is null when no expected hash is configured. */
  onHello?(link: BoardLink, hello: Hello, modelHashOk: boolean | null): void;
  onHeartbeat?(link: BoardLink, hb: Heartbeat): void;
  /**
   * Must persist the detection before returning (or before its promise resolves); throwing or
   * rejecting means "not persisted", and no ACK is sent, so the board re-sends it.
   * `gatewayTimeUs` is the detection's instant on the gateway clock.
   */
  onDetection?(link: BoardLink, d: Detection, gatewayTimeUs: number): void | Promise<void>;
  onLog?(link: BoardLink, log: Log): void;
  onBoardError?(link: BoardLink, e: ErrorMessage): void;
  onAck?(link: BoardLink, a: Ack): void;
  onConfigAck?(link: BoardLink, a: ConfigAck): void;
  onVerifyResult?(link: BoardLink, r: VerifyResult): void;
  onStatus?(link: BoardLink, status: LinkStatus, reason?: string): void;
  /** Anything worth an operator's attention (model mismatch, undecodable payloads, persist failures). */
  onWarning?(link: BoardLink, message: string): void;
}

export interface LinkStats extends FrameCounters {
  detections: number; duplicatesAcked: number; acksSent: number; persistFailures: number; reconnects: number;
  unknownTypes: number; badPayloads: number;
  /** Detection copies left unACKed because the clock estimate was not ready. */
  awaitingClock: number;
}

export function createBoardLink(options: BoardLinkOptions, hooks: BoardLinkHooks = {}) {
  const {
    path, baudRate = 115200, expectedModelHash, helloRetryMs = 1000, staleAfterMs = 3500, minClockSamples = 3,
    reconnectBaseMs = 250, reconnectMaxMs = 8000, reopenAfterMs = 3 * staleAfterMs,
    openChannel = serialChannels({ baudRate, openPort: options.openPort }),
  } = options;
  if (!(reconnectBaseMs >= 10 && reconnectBaseMs <= 60000)) throw new RangeError(`reconnectBaseMs must be 10..60000, got ${reconnectBaseMs} (port ${path})`);
  if (!Number.isInteger(minClockSamples) || minClockSamples < 1 || minClockSamples > 16) {
    throw new RangeError(`minClockSamples must be 1..16, got ${minClockSamples} (port ${path})`);
  }
  if (expectedModelHash !== undefined && !/^[0-9a-f]{16}$/i.test(expectedModelHash)) {
    throw new RangeError(`expectedModelHash must be 16 hex characters, got "${expectedModelHash}" (port ${path})`);
  }

  let channel: FrameChannel | null = null;
  let channelOpen = false;
  let status: LinkStatus = 'connecting';
  let seq = 0;
  let attempt = 0;
  let closed = false;
  let hello: Hello | null = null;
  let lastFrameMs = 0;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let helloTimer: NodeJS.Timeout | null = null;
  const clock = createClockEstimator();
  const prevCounters: FrameCounters = { frames: 0, garbage: 0, badCrc: 0, oversize: 0, unknownVersion: 0 };
  const stats: LinkStats = { ...prevCounters, detections: 0, duplicatesAcked: 0, acksSent: 0, persistFailures: 0, reconnects: 0, unknownTypes: 0, badPayloads: 0, awaitingClock: 0 };

  // A HELLO restarts the clock estimate only when the board may have restarted its clock: another board
  // id, a clock that went backwards, or a sample more than CLOCK_JUMP_US below the offset held (samples
  // are offset + transit delay, never less). A HELLO of the same boot keeps the samples: with several
  // gateways, one gateway's HELLO_REQUEST makes the board say HELLO to all of them (its state topic),
  // and a reset there would leave the board's detections unACKed until new heartbeats reached it.
  let clockOwner: string | null = null;
  let lastBoardClockUs = -1n;
  const CLOCK_JUMP_US = 1_000_000;
  const addClockSample = (boardClockUs: bigint) => {
    clock.addSample(boardClockUs);
    if (boardClockUs > lastBoardClockUs) lastBoardClockUs = boardClockUs;
  };
  const sameBoot = (h: Hello) => {
    const offset = clock.offsetUs();
    return offset !== null && clockOwner === h.boardId && h.clockUs >= lastBoardClockUs &&
      gatewayNowUs() - Number(h.clockUs) >= offset - CLOCK_JUMP_US;
  };

  const setStatus = (s: LinkStatus, reason?: string) => {
    if (s === status) return;
    status = s;
    hooks.onStatus?.(link, s, reason);
  };

  function send(type: number, payload: Buffer = Buffer.alloc(0)): number {
    const s = seq;
    seq = (seq + 1) & 0xffff;
    if (channelOpen) channel?.send({ type, seq: s, payload });
    return s;
  }

  function onFrame(frame: Frame) {
    lastFrameMs = Date.now();
    if (status === 'stale') setStatus('online');
    try {
      switch (frame.type) {
        case MessageType.HELLO: {
          const h = decodeHello(frame);
          if (!sameBoot(h)) { clock.reset(); lastBoardClockUs = -1n; }
          clockOwner = h.boardId;
          addClockSample(h.clockUs);
          hello = h;
          if (helloTimer) { clearInterval(helloTimer); helloTimer = null; }
          const ok = expectedModelHash === undefined ? null : h.modelHash.toLowerCase() === expectedModelHash.toLowerCase();
          if (ok === false) {
            hooks.onWarning?.(link, `MODEL HASH MISMATCH on ${path}: board ${h.boardId} runs ${h.modelHash}, expected ${expectedModelHash}`);
          }
          setStatus('online');
          hooks.onHello?.(link, h, ok);
          break;
        }
        case MessageType.HEARTBEAT: {
          const hb = decodeHeartbeat(frame);
          addClockSample(hb.clockUs);
          hooks.onHeartbeat?.(link, hb);
          break;
        }
        case MessageType.DETECTION: {
          const d = decodeDetection(frame);
          // Before the handshake we do not know whose detection this is: leave it unACKed, it will come back.
          if (!hello) { send(MessageType.HELLO_REQUEST); break; }
          if (clock.count() < minClockSamples) { stats.awaitingClock++; break; }
          const t = clock.toGateway(d.timestampUs)!;
          const boardId = hello.boardId;
          const ack = () => {
            stats.detections++;
            stats.acksSent++;
            send(MessageType.ACK, encodeAck({ ackedType: MessageType.DETECTION, ackedSeq: frame.seq, eventId: d.eventId, status: 0 }));
          };
          const fail = (err: unknown) => {
            stats.persistFailures++;
            hooks.onWarning?.(link, `detection ${d.eventId} from ${boardId} not persisted, not ACKed: ${(err as Error).message}`);
          };
          try {
            const r = hooks.onDetection?.(link, d, t);
            if (r instanceof Promise) r.then(ack, fail);
            else ack();
          } catch (err) {
            fail(err);
          }
          break;
        }
        case MessageType.LOG: hooks.onLog?.(link, decodeLog(frame)); break;
        case MessageType.ERROR: hooks.onBoardError?.(link, decodeError(frame)); break;
        case MessageType.ACK: hooks.onAck?.(link, decodeAck(frame)); break;
        case MessageType.CONFIG_ACK: hooks.onConfigAck?.(link, decodeConfigAck(frame)); break;
        case MessageType.VERIFY_RESULT: hooks.onVerifyResult?.(link, decodeVerifyResult(frame)); break;
        default: stats.unknownTypes++;
      }
    } catch (err) {
      stats.badPayloads++;
      hooks.onWarning?.(link, `undecodable frame type 0x${frame.type.toString(16)} on ${path}: ${(err as Error).message}`);
    }
  }

  function scheduleReconnect(reason: string) {
    if (closed || reconnectTimer) return;
    teardown();
    setStatus('disconnected', reason);
    const delay = Math.min(reconnectMaxMs, reconnectBaseMs * 2 ** attempt);
    attempt++;
    reconnectTimer = setTimeout(() => { reconnectTimer = null; stats.reconnects++; connect(); }, delay);
  }

  function teardown() {
    if (helloTimer) { clearInterval(helloTimer); helloTimer = null; }
    if (channel) {
      // Keep the decoder's counts across reconnects.
      const c = channel.counters();
      for (const k of Object.keys(prevCounters) as (keyof FrameCounters)[]) prevCounters[k] += c[k];
      void channel.close();
      channel = null;
      channelOpen = false;
    }
    hello = null;
  }

  function connect() {
    if (closed) return;
    setStatus('connecting');
    const c = openChannel(path);
    channel = c;
    c.open({
      onLost: (reason) => { if (!closed && channel === c) scheduleReconnect(reason); },
      onFrame: (f) => { if (channel === c) onFrame(f); },
      onOpen: () => {
        if (closed || channel !== c) return;
        attempt = 0;
        channelOpen = true;
        lastFrameMs = Date.now();
        setStatus('handshaking');
        send(MessageType.HELLO_REQUEST);
        helloTimer = setInterval(() => send(MessageType.HELLO_REQUEST), helloRetryMs);
      },
    });
  }

  const watchdog = setInterval(() => {
    const silentMs = Date.now() - lastFrameMs;
    if (status === 'online' && silentMs > staleAfterMs) setStatus('stale', `no frame for ${staleAfterMs} ms`);
    else if ((status === 'stale' || status === 'handshaking') && silentMs > reopenAfterMs) scheduleReconnect(`silent for ${silentMs} ms; reopening`);
  }, Math.max(100, Math.floor(staleAfterMs / 4)));
  watchdog.unref();

  const link = {
    path,
    status: () => status,
    hello: () => hello,
    boardId: () => hello?.boardId ?? null,
    clockOffsetUs: () => clock.offsetUs(),
    stats: (): LinkStats => {
      const live = channel?.counters();
      const out = { ...stats };
      for (const k of Object.keys(prevCounters) as (keyof FrameCounters)[]) out[k] = prevCounters[k] + (live?.[k] ?? 0);
      return out;
    },
    /** Sends one frame; returns its seq. Dropped silently while disconnected (the caller retries on ACK timeout). */
    send,
    open() { connect(); return link; },
    async close(): Promise<void> {
      closed = true;
      clearInterval(watchdog);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const c = channel;
      channel = null;
      channelOpen = false;
      if (helloTimer) { clearInterval(helloTimer); helloTimer = null; }
      await c?.close();
      setStatus('closed');
    },
  };
  return link;
}

export type BoardLink = ReturnType<typeof createBoardLink>;
