import { expect } from 'chai';
import { SerialPortMock } from 'serialport';
import { SlipDecoder, SlipEncoder } from '@serialport/parser-slip-encoder';
import { createBoardLink } from '../../gateway/serial/board-link.ts';
import { encodeFrame, type Frame } from '../../gateway/serial/frame.ts';
import { FrameDecoder } from '../../gateway/serial/frame-decoder.ts';
import {
  MessageType, encodeHello, encodeHeartbeat, encodeDetection, decodeAck, decodeDetection, decodeHello, POSITION_UNKNOWN,
} from '../../gateway/serial/messages.ts';

const MockBinding = SerialPortMock.binding;
type MockPortBinding = NonNullable<SerialPortMock['port']>;
const PATH = '/dev/BOARD';
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

function wire(f: Frame): Buffer {
  const enc = new SlipEncoder({ bluetoothQuirk: true });
  const out: Buffer[] = [];
  enc.on('data', (b: Buffer) => out.push(b));
  enc.write(encodeFrame(f));
  return Buffer.concat(out);
}

/** Decodes everything the link wrote to the mock port. */
function written(port: MockPortBinding): Frame[] {
  const frames: Frame[] = [];
  const sd = new SlipDecoder({ readableObjectMode: true });
  const fd = new FrameDecoder();
  sd.pipe(fd);
  fd.on('data', (f: Frame) => frames.push(f));
  sd.write(port.recording);
  return frames;
}

const hello = (boardId: string, modelHash = '0011223344556677', clockUs = 5_000_000n) => encodeHello({
  protocolVersion: 1, boardId, firmware: '1.2.3', modelHash, clockUs, capabilities: 3, sampleRateHz: 16000,
  windowFrames: 49, hopFrames: 16, nMfcc: 13, threshold: 40, latE6: POSITION_UNKNOWN, lonE6: POSITION_UNKNOWN, altCm: POSITION_UNKNOWN,
});
const heartbeat = (clockUs: bigint) => encodeHeartbeat({
  uptimeMs: 1, clockUs, queueDepth: 1, queueCapacity: 16, droppedEvents: 0, rxDropped: 0, rxCrcErrors: 0, audioOverruns: 0, lastInferenceUs: 1,
});
const detection = (eventId: number) => encodeDetection({
  eventId, timestampUs: 5_100_000n, windowStartUs: 4_600_000n, score: 90, retransmission: false, probability: 0.9, peakLevel: 1000, energy: 5,
});

describe('gateway/serial messages and BoardLink over a mock port', () => {
  beforeEach(() => MockBinding.createPort(PATH, { echo: false, record: true }));
  afterEach(() => MockBinding.reset());

  it('matches the PROTOCOL.md example bytes and round-trips HELLO and DETECTION', () => {
    expect(encodeFrame({ type: MessageType.HELLO_REQUEST, seq: 1, payload: Buffer.alloc(0) }).toString('hex')).to.equal('01150100d669');
    const h = decodeHello({ type: 1, seq: 0, payload: hello('north-mast') });
    expect(h).to.include({ boardId: 'north-mast', firmware: '1.2.3', modelHash: '0011223344556677', nMfcc: 13, threshold: 40 });
    const d = decodeDetection({ type: 3, seq: 0, payload: detection(7) });
    expect(d).to.include({ eventId: 7, score: 90, retransmission: false });
    expect(d.probability).to.be.closeTo(0.9, 1 / 65535);
    expect(() => decodeDetection({ type: 3, seq: 0, payload: Buffer.alloc(29) })).to.throw(RangeError, /at least 30 bytes, got 29/);
  });

  it('handshakes, waits for clock samples, and ACKs a detection only after it was persisted', async () => {
    const persisted: number[] = [];
    let failNext = true;
    let port: SerialPortMock | null = null;
    const warnings: string[] = [];
    const link = createBoardLink({
      path: PATH, minClockSamples: 2, expectedModelHash: 'ffffffffffffffff',
      openPort: (path) => (port = new SerialPortMock({ path, baudRate: 115200, autoOpen: false })),
    }, {
      onDetection: (_l, d) => {
        if (failNext) { failNext = false; throw new Error('disk full'); }
        persisted.push(d.eventId);
      },
      onWarning: (_l, m) => warnings.push(m),
    }).open();
    await tick();
    const mock = port!.port as MockPortBinding;
    expect(written(mock).map((f) => f.type)).to.include(MessageType.HELLO_REQUEST);
    mock.emitData(wire({ type: MessageType.HELLO, seq: 0, payload: hello('b1') }));
    await tick();
    expect(link.status()).to.equal('online');
    expect(warnings.join()).to.match(/MODEL HASH MISMATCH.*b1 runs 0011223344556677, expected ffffffffffffffff/);

    // One clock sample so far: the detection is left unACKed for the board to re-send.
    mock.emitData(wire({ type: MessageType.DETECTION, seq: 1, payload: detection(1) }));
    await tick();
    expect(link.stats().awaitingClock).to.equal(1);
    mock.emitData(wire({ type: MessageType.HEARTBEAT, seq: 2, payload: heartbeat(5_050_000n) }));
    // Persisting fails: still no ACK.
    mock.emitData(wire({ type: MessageType.DETECTION, seq: 3, payload: detection(1) }));
    await tick();
    const acks = () => written(mock).filter((f) => f.type === MessageType.ACK).map((f) => decodeAck(f));
    expect(acks()).to.deep.equal([]);
    expect(link.stats().persistFailures).to.equal(1);
    // The re-send is persisted and ACKed, naming the copy's seq and the event id.
    mock.emitData(wire({ type: MessageType.DETECTION, seq: 4, payload: detection(1) }));
    await tick();
    expect(persisted).to.deep.equal([1]);
    expect(acks()).to.deep.equal([{ ackedType: MessageType.DETECTION, ackedSeq: 4, eventId: 1, status: 0 }]);
    await link.close();
    expect(link.status()).to.equal('closed');
  });

  it('keeps its clock samples across a HELLO of the same boot, and starts over after a reboot', async () => {
    let port: SerialPortMock | null = null;
    const link = createBoardLink({
      path: PATH, minClockSamples: 2, openPort: (path) => (port = new SerialPortMock({ path, baudRate: 115200, autoOpen: false })),
    }, { onDetection: () => {} }).open();
    await tick();
    const mock = port!.port as MockPortBinding;
    const acked = () => written(mock).filter((f) => f.type === MessageType.ACK).map((f) => decodeAck(f).eventId);
    mock.emitData(wire({ type: MessageType.HELLO, seq: 0, payload: hello('b1') }));
    mock.emitData(wire({ type: MessageType.HEARTBEAT, seq: 1, payload: heartbeat(5_050_000n) }));
    mock.emitData(wire({ type: MessageType.DETECTION, seq: 2, payload: detection(1) }));
    await tick();
    expect(acked()).to.deep.equal([1]);
    // Another HELLO, its clock running on (another gateway asked for it, or a reconnect): still ACKed at once.
    mock.emitData(wire({ type: MessageType.HELLO, seq: 3, payload: hello('b1', undefined, 5_100_000n) }));
    mock.emitData(wire({ type: MessageType.DETECTION, seq: 4, payload: detection(2) }));
    await tick();
    expect(acked()).to.deep.equal([1, 2]);
    expect(link.stats().awaitingClock).to.equal(0);
    // A HELLO whose clock went backwards is a reboot: the old samples would map its timestamps wrongly.
    mock.emitData(wire({ type: MessageType.HELLO, seq: 5, payload: hello('b1', undefined, 2_000n) }));
    mock.emitData(wire({ type: MessageType.DETECTION, seq: 6, payload: detection(3) }));
    await tick();
    expect(acked()).to.deep.equal([1, 2]);
    expect(link.stats().awaitingClock).to.equal(1);
    await link.close();
  });

  it('marks a silent board stale and back online when frames resume', async () => {
    let port: SerialPortMock | null = null;
    const statuses: string[] = [];
    const link = createBoardLink({
      path: PATH, staleAfterMs: 150, openPort: (path) => (port = new SerialPortMock({ path, baudRate: 115200, autoOpen: false })),
    }, { onStatus: (_l, s) => statuses.push(s) }).open();
    await tick();
    const mock = port!.port as MockPortBinding;
    mock.emitData(wire({ type: MessageType.HELLO, seq: 0, payload: hello('quiet') }));
    await tick(400);
    expect(link.status()).to.equal('stale');
    mock.emitData(wire({ type: MessageType.HEARTBEAT, seq: 1, payload: heartbeat(6_000_000n) }));
    await tick();
    expect(link.status()).to.equal('online');
    // A link starts in 'connecting', so the first reported change is the handshake.
    expect(statuses).to.deep.equal(['handshaking', 'online', 'stale', 'online']);
    await link.close();
  });

  it('rejects bad options naming the option and the port', () => {
    expect(() => createBoardLink({ path: '/dev/x', expectedModelHash: 'nothex' })).to.throw(RangeError, /expectedModelHash.*\/dev\/x/);
    expect(() => createBoardLink({ path: '/dev/x', minClockSamples: 0 })).to.throw(RangeError, /minClockSamples must be 1..16, got 0/);
  });
});
