// The one interface between a board link (handshake, clock, ACK-after-persist) and whatever carries
// its frames: a serial port (SLIP), or a board's pair of MQTT topics. A link owns one channel at a time
// and opens a fresh one after the old one was lost.
import type { Frame } from '../serial/frame.ts';
import type { FrameCounters } from '../serial/frame-decoder.ts';

export interface ChannelHandlers {
  /** The channel carries frames now (called once, after `open`). */
  onOpen(): void;
  /** One checked frame from the board. */
  onFrame(frame: Frame): void;
  /** The channel failed to open or went away; the link decides when to open a new one. Called at most once. */
  onLost(reason: string): void;
}

export interface FrameChannel {
  /** Starts the channel; exactly one of onOpen / onLost follows. */
  open(handlers: ChannelHandlers): void;
  /** Queues one frame for the board; dropped silently when the channel is not open. */
  send(frame: Frame): void;
  /** What the channel's decoder dropped, since this channel was created. */
  counters(): FrameCounters;
  /** Releases the channel; no handler is called afterwards. */
  close(): Promise<void>;
}

/** Makes a fresh channel for a link's path (a serial port path, or `mqtt:<board-id>`). */
export type ChannelFactory = (path: string) => FrameChannel;

export const zeroCounters = (): FrameCounters => ({ frames: 0, garbage: 0, badCrc: 0, oversize: 0, unknownVersion: 0 });
