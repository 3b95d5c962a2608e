/**
 * A minimal protocol-v1 client for tests (firmware-bridge/PROTOCOL.md): a socat pty pair, the host board on
 * one end, serialport + the SLIP parser on the other. Frames are checked with crc's crc16ccitt. The gateway
 * has its own production client; this one exists so firmware tests do not depend on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SerialPort } from 'serialport';
import { SlipDecoder } from '@serialport/parser-slip-encoder';
import { crc16ccitt } from 'crc';

export interface Frame { type: number; seq: number; payload: Buffer }

export const MSG = {
  HELLO: 0x01, HEARTBEAT: 0x02, DETECTION: 0x03, LOG: 0x04, CONFIG_ACK: 0x05, VERIFY_RESULT: 0x06, ERROR: 0x07,
  ACK: 0x08, CONFIG: 0x10, VERIFY_BEGIN: 0x11, VERIFY_PCM: 0x12, VERIFY_END: 0x13, VERIFY_FEATURES: 0x14,
  HELLO_REQUEST: 0x15,
} as const;

/** SLIP-encodes one frame, with the leading END of PROTOCOL.md §2. */
export function encodeFrame(type: number, seq: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const body = Buffer.alloc(4 + payload.length + 2);
  body[0] = 1;
  body[1] = type;
  body.writeUInt16LE(seq & 0xffff, 2);
  body.set(payload, 4);
  body.writeUInt16LE(crc16ccitt(body.subarray(0, 4 + payload.length)), 4 + payload.length);
  const out: number[] = [0xc0];
  for (const b of body) {
    if (b === 0xc0) out.push(0xdb, 0xdc);
    else if (b === 0xdb) out.push(0xdb, 0xdd);
    else out.push(b);
  }
  out.push(0xc0);
  return Buffer.from(out);
}

/** Starts `socat` with two raw ptys; resolves with their paths. */
export async function ptyPair(): Promise<{ a: string; b: string; proc: ChildProcess }> {
  const proc = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const paths: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socat did not report two ptys within 5 s')), 5000);
    proc.stderr!.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/PTY is (\S+)/g)) paths.push(m[1]);
      if (paths.length >= 2) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('exit', (code) => reject(new Error(`socat exited with ${code}`)));
  });
  return { a: paths[0], b: paths[1], proc };
}

/** The gateway side of a link: send frames, await frames by predicate. */
export class BoardLink {
  readonly frames: Frame[] = [];
  crcErrors = 0;
  private seq = 0;
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private constructor(readonly port: SerialPort) {
    const dec = port.pipe(new SlipDecoder());
    dec.on('data', (buf: Buffer) => {
      if (buf.length < 6) return; // the leading END produces empty frames
      const crc = buf.readUInt16LE(buf.length - 2);
      if (crc !== crc16ccitt(buf.subarray(0, buf.length - 2)) || buf[0] !== 1) {
        this.crcErrors++;
        return;
      }
      const f = { type: buf[1], seq: buf.readUInt16LE(2), payload: Buffer.from(buf.subarray(4, buf.length - 2)) };
      this.frames.push(f);
      const i = this.waiters.findIndex((w) => w.pred(f));
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(f);
    });
  }

  static async open(path: string): Promise<BoardLink> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    return new BoardLink(port);
  }

  send(type: number, payload?: Uint8Array): number {
    const seq = this.seq++;
    this.port.write(encodeFrame(type, seq, payload));
    return seq;
  }

  writeRaw(bytes: Uint8Array): void {
    this.port.write(Buffer.from(bytes));
  }

  /** The next frame (arriving after the call) matching `pred`, or a rejection naming `what` after timeoutMs. */
  next(pred: (f: Frame) => boolean, what: string, timeoutMs = 5000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (f: Frame) => { clearTimeout(t); resolve(f); } };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`no ${what} within ${timeoutMs} ms (got types ${this.frames.slice(-10).map((f) => f.type)})`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((res) => this.port.close(() => res()));
  }
}

/** Waits for a child process to exit (or kills it after timeoutMs). */
export function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
    setTimeout(() => proc.kill('SIGKILL'), 2000).unref();
  });
}
