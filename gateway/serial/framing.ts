// Wires a byte duplex (a SerialPort, a mock port, a socket) to the frame layer:
// bytes → SlipDecoder → FrameDecoder → Frame objects, and Frame objects → FrameEncoder → SlipEncoder → bytes.
import type { Duplex } from 'node:stream';
import { SlipDecoder, SlipEncoder } from '@serialport/parser-slip-encoder';
import { FrameDecoder, type FrameDecoderOptions } from './frame-decoder.ts';
import { FrameEncoder } from './frame-encoder.ts';
import type { Frame } from './frame.ts';

export interface Framing {
  /** Readable of checked `Frame`s; its `counters` say what was dropped. */
  decoder: FrameDecoder;
  /** Queues one frame for the wire. */
  send(frame: Frame): void;
  /** Unpipes everything from the duplex (the duplex itself is left to its owner). */
  detach(): void;
}

export function attachFraming(io: Duplex, options: FrameDecoderOptions = {}): Framing {
  // Object mode keeps one SLIP packet per chunk even when the decoder's output is buffered.
  const slipIn = new SlipDecoder({ readableObjectMode: true });
  const decoder = new FrameDecoder(options);
  const encoder = new FrameEncoder();
  // Leading END flushes any line noise the far end holds before our frame (RFC 1055 advice).
  const slipOut = new SlipEncoder({ bluetoothQuirk: true });
  io.pipe(slipIn).pipe(decoder);
  encoder.pipe(slipOut).pipe(io, { end: false });
  // Frames queued in one burst of synchronous work (e.g. the ACKs of one committed batch) leave in one
  // write: the duplex is corked until the microtask queue drains, and SerialPort's _writev joins them.
  let corked = false;
  const uncork = () => { corked = false; io.uncork(); };
  return {
    decoder,
    send: (frame) => {
      if (!corked) { corked = true; io.cork(); queueMicrotask(uncork); }
      encoder.write(frame);
    },
    detach: () => {
      io.unpipe(slipIn);
      slipOut.unpipe(io);
      encoder.end();
    },
  };
}
