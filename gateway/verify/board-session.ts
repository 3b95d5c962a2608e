// One board in verification mode: handshake, then clips streamed one at a time as VERIFY_BEGIN /
// VERIFY_PCM chunks / VERIFY_END, each chunk sent only after the board ACKed the previous one (one in
// flight, PROTOCOL.md §5), and the VERIFY_RESULT parts reassembled into the per-window int8 outputs.
// Unlike serial/board-link.ts this holds no reconnect logic: a verification run that loses its port fails.
import type { Duplex } from 'node:stream';
import { SerialPort } from 'serialport';
import { attachFraming, type Framing } from '../serial/framing.ts';
import type { Frame } from '../serial/frame.ts';
import {
  MessageType, decodeAck, decodeError, decodeHello, decodeVerifyResult, encodeAck, decodeDetection, type Hello,
} from '../serial/messages.ts';
import { DEFAULT_PCM_CHUNK, MAX_PCM_CHUNK, encodeVerifyBeginPcm, encodeVerifyEnd, encodeVerifyPcm } from './codec.ts';

export interface BoardSessionOptions {
  /** Handshake gives up after this long, ms; defaults to 10000; range 100..600000. */
  helloTimeoutMs?: number;
  /** Wait for each ACK, ms; defaults to 5000 (a busy host or a slow UART); range 100..600000. */
  ackTimeoutMs?: number;
  /** Wait for a clip's result after VERIFY_END, ms, plus 50 ms per second of audio; defaults to 10000. */
  resultTimeoutMs?: number;
  /** Samples per VERIFY_PCM; defaults to 512; range 1..543. */
  chunkSamples?: number;
  /** Where the port name for error messages comes from; defaults to "board". */
  name?: string;
}

/** A board's answer for one clip. */
export interface BoardClipResult {
  /** Per-window int8 model outputs, window order. */
  outputs: Int8Array;
  /** The board's own decision (its threshold in force). */
  decision: boolean;
  maxScore: number;
  /** Board time in features + inference for the clip, µs. */
  elapsedUs: number;
}

export interface BoardSession {
  hello: Hello;
  verifyClip(clipId: number, pcm: Int16Array): Promise<BoardClipResult>;
  close(): Promise<void>;
}

const ERROR_NAMES: Record<number, string> = {
  1: 'BAD_LENGTH', 2: 'UNKNOWN_TYPE', 3: 'BAD_VERSION', 4: 'BAD_STATE', 5: 'OUT_OF_RANGE', 6: 'BUSY', 7: 'OVERFLOW', 8: 'BAD_OFFSET',
};

function checkMs(v: number, field: string, name: string): number {
  if (!Number.isFinite(v) || v < 100 || v > 600000) throw new RangeError(`${field} must be 100..600000 ms, got ${v} (${name})`);
  return v;
}

/** Opens `path` as a serial port and starts a session on it. */
export async function openBoardSession(path: string, baudRate = 115200, options: BoardSessionOptions = {}): Promise<BoardSession> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(new Error(`cannot open ${path}: ${e.message}`)) : res())));
  try {
    return await startBoardSession(port, { name: path, ...options }, () => new Promise<void>((r) => port.close(() => r())));
  } catch (err) {
    await new Promise<void>((r) => port.close(() => r()));
    throw err;
  }
}

/** Starts a session on an open byte duplex (a SerialPort, or a mock in unit tests). */
export async function startBoardSession(io: Duplex, options: BoardSessionOptions = {}, closeIo: () => Promise<void> = async () => {}): Promise<BoardSession> {
  const name = options.name ?? 'board';
  const helloTimeoutMs = checkMs(options.helloTimeoutMs ?? 10000, 'helloTimeoutMs', name);
  const ackTimeoutMs = checkMs(options.ackTimeoutMs ?? 5000, 'ackTimeoutMs', name);
  const resultTimeoutMs = checkMs(options.resultTimeoutMs ?? 10000, 'resultTimeoutMs', name);
  const chunk = options.chunkSamples ?? DEFAULT_PCM_CHUNK;
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > MAX_PCM_CHUNK) throw new RangeError(`chunkSamples must be 1..${MAX_PCM_CHUNK}, got ${chunk} (${name})`);

  const framing: Framing = attachFraming(io);
  let seq = 0;
  const send = (type: number, payload: Buffer = Buffer.alloc(0)): number => {
    const s = seq;
    seq = (seq + 1) & 0xffff;
    framing.send({ type, seq: s, payload });
    return s;
  };

  // Frames are handed to the one waiter whose predicate accepts them; anything else is dropped, except
  // DETECTIONs, which are ACKed so a board with a live microphone does not fill its queue meanwhile.
  type Waiter = { accept(f: Frame): boolean };
  let waiter: Waiter | null = null;
  framing.decoder.on('data', (f: Frame) => {
    if (f.type === MessageType.DETECTION) {
      try {
        const d = decodeDetection(f);
        send(MessageType.ACK, encodeAck({ ackedType: MessageType.DETECTION, ackedSeq: f.seq, eventId: d.eventId, status: 0 }));
      } catch { /* undecodable: let the board re-send */ }
      return;
    }
    waiter?.accept(f);
  });

  /** Resolves with the first frame `pick` maps to a value; rejects on an ERROR naming `refSeqs` or on timeout. */
  function expectFrame<T>(what: string, timeoutMs: number, pick: (f: Frame) => T | undefined, refSeqs: number[] = [], onTick?: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (fn: () => void) => { clearTimeout(timer); if (tick) clearInterval(tick); waiter = null; fn(); };
      const timer = setTimeout(() => done(() => reject(new Error(`no ${what} from ${name} within ${timeoutMs} ms`))), timeoutMs);
      const tick = onTick ? setInterval(onTick, 1000) : null;
      waiter = {
        accept(f) {
          if (f.type === MessageType.ERROR) {
            const e = decodeError(f);
            if (refSeqs.includes(e.refSeq)) {
              done(() => reject(new Error(`${name} answered ERROR ${ERROR_NAMES[e.code] ?? e.code} to frame type 0x${e.refType.toString(16)} while waiting for ${what}${e.text ? `: ${e.text}` : ''}`)));
              return true;
            }
            return false;
          }
          let v: T | undefined;
          try { v = pick(f); } catch (err) { done(() => reject(err)); return true; }
          if (v === undefined) return false;
          done(() => resolve(v));
          return true;
        },
      };
    });
  }

  async function ack(type: number, s: number, what: string): Promise<void> {
    await expectFrame(what, ackTimeoutMs, (f) => {
      if (f.type !== MessageType.ACK) return undefined;
      const a = decodeAck(f);
      if (a.ackedType !== type || a.ackedSeq !== s) return undefined;
      if (a.status !== 0) throw new Error(`${name} ACKed ${what} with status ${a.status}`);
      return true;
    }, [s]);
  }

  send(MessageType.HELLO_REQUEST);
  let hello: Hello;
  try {
    hello = await expectFrame('HELLO', helloTimeoutMs, (f) => (f.type === MessageType.HELLO ? decodeHello(f) : undefined), [], () => send(MessageType.HELLO_REQUEST));
  } catch (err) {
    framing.detach();
    throw err;
  }

  return {
    hello,
    async verifyClip(clipId, pcm) {
      let s = send(MessageType.VERIFY_BEGIN, encodeVerifyBeginPcm(clipId, pcm.length));
      await ack(MessageType.VERIFY_BEGIN, s, `ACK of VERIFY_BEGIN (clip ${clipId})`);
      for (let off = 0; off < pcm.length; off += chunk) {
        s = send(MessageType.VERIFY_PCM, encodeVerifyPcm(clipId, off, pcm.subarray(off, off + chunk)));
        await ack(MessageType.VERIFY_PCM, s, `ACK of VERIFY_PCM (clip ${clipId}, offset ${off})`);
      }
      // Register the result waiter before VERIFY_END goes out (the answer can arrive within the same
      // tick); `seq` is the number VERIFY_END will carry, which an ERROR about it would name.
      let outputs: Int8Array | null = null;
      let got = 0;
      const endSeq = seq;
      const result = expectFrame(`VERIFY_RESULT (clip ${clipId})`, resultTimeoutMs + (pcm.length / 16000) * 50, (f) => {
        if (f.type !== MessageType.VERIFY_RESULT) return undefined;
        const r = decodeVerifyResult(f);
        if (r.clipId !== clipId) return undefined;
        outputs ??= new Int8Array(r.nWindows);
        outputs.set(r.scores, r.firstWindow);
        got++;
        return got === r.nParts ? { outputs, decision: r.decision, maxScore: r.maxScore, elapsedUs: r.elapsedUs } : undefined;
      }, [endSeq]);
      send(MessageType.VERIFY_END, encodeVerifyEnd(clipId));
      return result;
    },
    async close() {
      waiter = null;
      framing.detach();
      await closeIo();
    },
  };
}
