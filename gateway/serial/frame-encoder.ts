// Frame objects in, decoded frame bytes out; pipe into SlipEncoder before the port.
import { Transform, type TransformCallback, type TransformOptions } from 'node:stream';
import { PROTOCOL_VERSION, encodeFrame, type Frame } from './frame.ts';

export interface FrameEncoderOptions extends TransformOptions {
  /** Version byte written into every frame; defaults to PROTOCOL_VERSION (1); range 0..255. */
  version?: number;
}

export class FrameEncoder extends Transform {
  private readonly version: number;

  constructor({ version = PROTOCOL_VERSION, ...options }: FrameEncoderOptions = {}) {
    if (!Number.isInteger(version) || version < 0 || version > 0xff) {
      throw new TypeError(`"version" must be an integer 0..255, got ${version}`);
    }
    // Readable side stays in object mode so each frame reaches SlipEncoder as one packet.
    super({ ...options, writableObjectMode: true, readableObjectMode: true });
    this.version = version;
  }

  _transform(frame: Frame, _encoding: BufferEncoding, cb: TransformCallback): void {
    try {
      cb(null, encodeFrame(frame, this.version));
    } catch (err) {
      cb(err as Error);
    }
  }
}
