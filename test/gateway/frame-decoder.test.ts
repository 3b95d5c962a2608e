import { expect } from 'chai';
import { SerialPortMock } from 'serialport';
import { SlipEncoder } from '@serialport/parser-slip-encoder';
import { attachFraming } from '../../gateway/serial/framing.ts';
import { encodeFrame, MAX_FRAME_BYTES, type Frame } from '../../gateway/serial/frame.ts';
import { FrameDecoder } from '../../gateway/serial/frame-decoder.ts';

// serialport re-exports @serialport/binding-mock's MockBinding (with types, which the package itself lacks under NodeNext).
const MockBinding = SerialPortMock.binding;
type MockPortBinding = NonNullable<SerialPortMock['port']>;
const PATH = '/dev/ROBOT';

/** SLIP-encodes raw frame bytes exactly as a board would put them on the wire. */
async function slip(raw: Buffer): Promise<Buffer> {
  const enc = new SlipEncoder();
  const parts: Buffer[] = [];
  enc.on('data', (b: Buffer) => parts.push(b));
  enc.end(raw);
  await new Promise((r) => enc.on('end', r));
  return Buffer.concat(parts);
}

function openPort(): Promise<SerialPortMock> {
  const port = new SerialPortMock({ path: PATH, baudRate: 115200 });
  return new Promise((resolve, reject) => port.on('open', () => resolve(port)).on('error', reject));
}

function collect(decoder: FrameDecoder, n: number, timeoutMs = 1000): Promise<Frame[]> {
  const got: Frame[] = [];
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`expected ${n} frames, got ${got.length}`)), timeoutMs);
    decoder.on('data', (f: Frame) => {
      got.push(f);
      if (got.length === n) { clearTimeout(t); resolve(got); }
    });
  });
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('gateway/serial FrameDecoder over a mock port', () => {
  beforeEach(() => MockBinding.createPort(PATH, { echo: false, record: true }));
  afterEach(() => MockBinding.reset());

  it('reassembles a frame split across chunks, including an escaped END inside the payload', async () => {
    const port = await openPort();
    const { decoder } = attachFraming(port);
    const payload = Buffer.from([1, 0xc0, 2, 0xdb, 3]);
    const wire = await slip(encodeFrame({ type: 7, seq: 513, payload }));
    const got = collect(decoder, 1);
    const mock = port.port as MockPortBinding;
    for (let i = 0; i < wire.length; i += 3) { mock.emitData(wire.subarray(i, i + 3)); await tick(); }
    const [f] = await got;
    expect(f.type).to.equal(7);
    expect(f.seq).to.equal(513);
    expect([...f.payload]).to.deep.equal([...payload]);
    port.close();
  });

  it('drops garbage between frames and counts it, keeping both frames', async () => {
    const port = await openPort();
    const { decoder } = attachFraming(port);
    const a = await slip(encodeFrame({ type: 1, seq: 1, payload: Buffer.from('a') }));
    const b = await slip(encodeFrame({ type: 1, seq: 2, payload: Buffer.from('b') }));
    const got = collect(decoder, 2);
    (port.port as MockPortBinding).emitData(Buffer.concat([a, Buffer.from([0x55, 0x13, 0xc0]), b]));
    const frames = await got;
    expect(frames.map((f) => f.seq)).to.deep.equal([1, 2]);
    expect(decoder.counters.garbage).to.equal(1);
    expect(decoder.counters.frames).to.equal(2);
    port.close();
  });

  it('drops bad-CRC, oversize and unknown-version frames and counts each', async () => {
    const port = await openPort();
    const { decoder } = attachFraming(port);
    const bad = encodeFrame({ type: 1, seq: 1, payload: Buffer.from('xyz') });
    bad[5] ^= 0xff;
    const huge = encodeFrame({ type: 1, seq: 2, payload: Buffer.alloc(MAX_FRAME_BYTES - 6) });
    const hugeWire = Buffer.concat([huge.subarray(0, 4), Buffer.alloc(10), huge.subarray(4)]);
    const v2 = encodeFrame({ type: 1, seq: 3, payload: Buffer.alloc(0) }, 2);
    const good = encodeFrame({ type: 9, seq: 4, payload: Buffer.alloc(0) });
    const got = collect(decoder, 1);
    const mock = port.port as MockPortBinding;
    for (const raw of [bad, hugeWire, v2, good]) mock.emitData(await slip(raw));
    const [f] = await got;
    expect(f.seq).to.equal(4);
    expect(decoder.counters).to.include({ frames: 1, badCrc: 1, oversize: 1, unknownVersion: 1 });
    port.close();
  });

  it('writes SLIP-encoded frames that decode back to what was sent', async () => {
    const port = await openPort();
    const { send } = attachFraming(port);
    send({ type: 3, seq: 65535, payload: Buffer.from([0xc0, 0xdb]) });
    await tick();
    const written = (port.port as MockPortBinding).lastWrite!;
    expect(written[0]).to.equal(0xc0);
    expect(written[written.length - 1]).to.equal(0xc0);
    const check = new FrameDecoder();
    const { SlipDecoder } = await import('@serialport/parser-slip-encoder');
    const sd = new SlipDecoder({ readableObjectMode: true });
    sd.pipe(check);
    const got = collect(check, 1);
    sd.write(written);
    const [f] = await got;
    expect(f).to.deep.include({ type: 3, seq: 65535 });
    expect([...f.payload]).to.deep.equal([0xc0, 0xdb]);
    port.close();
  });

  it('sends the frames queued in one burst of synchronous work (a batch of ACKs) in one write', async () => {
    const port = await openPort();
    let writes = 0;
    const write = port.port!.write.bind(port.port!);
    port.port!.write = (b: Buffer) => { writes++; return write(b); };
    const { send, decoder } = attachFraming(port);
    for (let i = 0; i < 10; i++) send({ type: 3, seq: i, payload: Buffer.from([i]) });
    await tick();
    expect(writes).to.equal(1);
    // …and the joined bytes still decode to the ten frames, in order.
    const got = collect(decoder, 10);
    (port.port as MockPortBinding).emitData((port.port as MockPortBinding).lastWrite!);
    expect((await got).map((f) => f.seq)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    port.close();
  });

  it('rejects bad options with a TypeError naming the option', () => {
    expect(() => new FrameDecoder({ maxFrameBytes: 3 })).to.throw(TypeError, /maxFrameBytes/);
    expect(() => new FrameDecoder({ version: 300 })).to.throw(TypeError, /version/);
  });
});
