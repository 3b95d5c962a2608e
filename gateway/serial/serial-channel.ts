// A FrameChannel over a serial port: SLIP framing (framing.ts) on a SerialPort stream. The port
// factory is injectable so unit tests run on @serialport/binding-mock.
import type { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import { attachFraming, type Framing } from './framing.ts';
import { zeroCounters, type ChannelFactory, type FrameChannel } from '../transport/channel.ts';

export interface SerialChannelOptions {
  /** defaults to 115200 (ignored by USB CDC and ptys). */
  baudRate?: number;
  /** Port factory; defaults to a real `SerialPort`. Unit tests pass `SerialPortMock`. */
  openPort?: (path: string, baudRate: number) => SerialPortStream;
}

export function serialChannels(options: SerialChannelOptions = {}): ChannelFactory {
  const { baudRate = 115200, openPort = (p: string, b: number) => new SerialPort({ path: p, baudRate: b, autoOpen: false }) } = options;
  return (path: string): FrameChannel => {
    let port: SerialPortStream | null = null;
    let framing: Framing | null = null;
    let lost = false;
    const last = zeroCounters();

    function release() {
      if (framing) {
        Object.assign(last, framing.decoder.counters);
        framing.detach();
        framing = null;
      }
      if (port) {
        const p = port;
        port = null;
        p.removeAllListeners();
        p.on('error', () => {});
        if (p.isOpen) p.close(() => {});
      }
    }

    return {
      open(h) {
        const p = openPort(path, baudRate);
        port = p;
        const fail = (reason: string) => { if (lost || port !== p) return; lost = true; release(); h.onLost(reason); };
        p.on('error', (err) => fail(err.message));
        p.on('close', () => fail('port closed'));
        p.open((err) => {
          if (port !== p) return;
          if (err) { fail(err.message); return; }
          framing = attachFraming(p);
          framing.decoder.on('data', h.onFrame);
          h.onOpen();
        });
      },
      send(frame) { framing?.send(frame); },
      counters: () => ({ ...(framing ? framing.decoder.counters : last) }),
      async close() {
        lost = true;
        const p = port;
        if (framing) { Object.assign(last, framing.decoder.counters); framing.detach(); framing = null; }
        port = null;
        if (p) {
          p.removeAllListeners();
          p.on('error', () => {});
          if (p.isOpen) await new Promise<void>((r) => p.close(() => r()));
        }
      },
    };
  };
}
