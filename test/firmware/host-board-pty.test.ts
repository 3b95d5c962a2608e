/**
 * End to end over a real pseudo-terminal (mocks lie about timing): the host board on one end of a socat pty
 * pair, a protocol client on the other. HELLO, CONFIG, decoder counters after garbage, clip verification
 * against the TypeScript pipeline (device frontend + runInt8), and store-and-forward of a live detection.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInt8 } from '../../exporter/reference/index.ts';
import { deviceFeatureWindows, int16FromFloat } from '../../common/features/device-frontend.ts';
import { categoryByName, makeRng } from '../../common/synth/index.ts';
import { BoardLink, MSG, ptyPair, stop } from './board-link.ts';
import { buildHostBoard, HOST_BOARD, loadTestExport, writeWav16, type TestExport } from './host-board.ts';

describe('host board over a socat pty', function () {
  this.timeout(60000);
  let socat: ChildProcess | undefined;
  let board: ChildProcess | undefined;
  let link: BoardLink | undefined;
  let exp: TestExport;
  let dir: string;
  let boardLog = '';

  before(() => {
    buildHostBoard();
    exp = loadTestExport();
    dir = mkdtempSync(join(tmpdir(), 'ge-fw-pty-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await link?.close();
    await stop(board);
    await stop(socat);
    link = undefined;
    board = undefined;
    socat = undefined;
  });

  async function startBoard(args: string[]): Promise<BoardLink> {
    const pty = await ptyPair();
    socat = pty.proc;
    boardLog = '';
    board = spawn(HOST_BOARD, ['--port', pty.a, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    board.stderr!.on('data', (d: Buffer) => { boardLog += d.toString(); });
    link = await BoardLink.open(pty.b);
    return link;
  }

  it('answers HELLO_REQUEST with its identity, position and model', async () => {
    const l = await startBoard(['--no-audio', '--board-id', 'pty-test-01', '--lat', '47.376887', '--lon', '8.541694', '--alt', '408.5']);
    const hello = l.next((f) => f.type === MSG.HELLO, 'HELLO');
    l.send(MSG.HELLO_REQUEST);
    const h = (await hello).payload;
    expect(h.length).to.equal(62);
    expect(h[0]).to.equal(1);
    expect(h.subarray(1, 17).toString('ascii').replace(/\0+$/, '')).to.equal('pty-test-01');
    expect(h.readUInt32LE(40)).to.equal(16000);
    expect(h.readUInt16LE(44)).to.equal(exp.window.frames);
    expect(h.readUInt16LE(46)).to.equal(exp.window.hopFrames);
    expect(h[48]).to.equal(exp.featureSpec.nMfcc);
    expect(h.readInt32LE(50)).to.equal(47376887);
    expect(h.readInt32LE(54)).to.equal(8541694);
    expect(h.readInt32LE(58)).to.equal(40850);
    expect(h.readUInt32LE(36) & 0x3).to.equal(0x3); // VERIFY_PCM | VERIFY_FEATURES
  });

  it('applies CONFIG, counts garbage and bad CRCs, and reports them in HEARTBEAT', async () => {
    const l = await startBoard(['--no-audio']);
    const cfg = Buffer.alloc(30);
    cfg.writeUInt16LE(0x01 | 0x20, 0); // threshold, heartbeat
    cfg.writeInt8(-7, 2);
    cfg.writeUInt16LE(200, 26);
    const ack = l.next((f) => f.type === MSG.CONFIG_ACK, 'CONFIG_ACK');
    const seq = l.send(MSG.CONFIG, cfg);
    const a = (await ack).payload;
    expect(a.readUInt16LE(0)).to.equal(seq);
    expect(a[2]).to.equal(0);
    expect(a.readInt8(3)).to.equal(-7);
    // Garbage, a frame with a corrupted CRC, then a valid request: the decoder must resynchronise.
    l.writeRaw(Uint8Array.from([0x01, 0x02, 0xdb, 0x00, 0xc0]));
    const bad = Buffer.from([0xc0, 1, MSG.HELLO_REQUEST, 9, 0, 0x12, 0x34, 0xc0]);
    l.writeRaw(bad);
    const hello = l.next((f) => f.type === MSG.HELLO, 'HELLO after garbage');
    l.send(MSG.HELLO_REQUEST);
    await hello;
    const hb = (await l.next((f) => f.type === MSG.HEARTBEAT, 'HEARTBEAT', 3000)).payload;
    expect(hb.readUInt32LE(22), 'rx_crc_errors').to.equal(1);
    expect(hb.readUInt32LE(18), 'rx_dropped').to.be.at.least(1);
    expect(hb[13], 'queue capacity').to.equal(16);
  });

  it('verifies a clip: per-window outputs equal the TypeScript pipeline (device frontend + runInt8)', async () => {
    const l = await startBoard(['--no-audio']);
    const clip = categoryByName('gunshot_pistol').generate({ rng: makeRng('pty:clip'), scene: makeRng('pty:scene'), rateHz: 16000, n: 40000 });
    const pcm = int16FromFloat(clip);
    const inT = exp.qmodel.tensors[exp.qmodel.inputs[0]];
    const want = deviceFeatureWindows(pcm, exp.featureSpec, exp.norm, { scale: inT.scale[0], zeroPoint: inT.zeroPoint[0] }, exp.window)
      .map((w) => runInt8(exp.qmodel, w)[0][0]);
    const clipId = 0xc11d;
    const begin = Buffer.alloc(10);
    begin.writeUInt32LE(clipId, 0);
    begin.writeUInt32LE(pcm.length, 4);
    let ackSeq = l.send(MSG.VERIFY_BEGIN, begin);
    await l.next((f) => f.type === MSG.ACK && f.payload.readUInt16LE(1) === ackSeq, 'ACK of VERIFY_BEGIN');
    for (let off = 0; off < pcm.length; off += 512) {
      const k = Math.min(512, pcm.length - off);
      const chunk = Buffer.alloc(8 + 2 * k);
      chunk.writeUInt32LE(clipId, 0);
      chunk.writeUInt32LE(off, 4);
      for (let i = 0; i < k; i++) chunk.writeInt16LE(pcm[off + i], 8 + 2 * i);
      const s = l.send(MSG.VERIFY_PCM, chunk);
      ackSeq = s;
      await l.next((f) => (f.type === MSG.ACK || f.type === MSG.ERROR) && f.payload.readUInt16LE(f.type === MSG.ACK ? 1 : 2) === s, `ACK of chunk at ${off}`);
      expect(l.frames.at(-1)!.type, `chunk at ${off}`).to.equal(MSG.ACK);
    }
    const end = Buffer.alloc(4);
    end.writeUInt32LE(clipId, 0);
    const result = l.next((f) => f.type === MSG.VERIFY_RESULT, 'VERIFY_RESULT', 10000);
    l.send(MSG.VERIFY_END, end);
    const r = (await result).payload;
    expect(r.readUInt32LE(0)).to.equal(clipId);
    expect(r.readUInt16LE(6), 'parts').to.equal(1);
    const n = r.readUInt16LE(8);
    const outputs = Array.from(new Int8Array(r.buffer, r.byteOffset + 22, n));
    expect(outputs).to.deep.equal(want);
    expect(r.readInt8(13)).to.equal(Math.max(...want));
  });

  it('re-sends an unacknowledged DETECTION until it is ACKed', async () => {
    const clip = categoryByName('gunshot_rifle').generate({ rng: makeRng('pty:live'), scene: makeRng('pty:live-scene'), rateHz: 16000, n: 20000 });
    const wav = join(dir, 'live.wav');
    writeWav16(wav, int16FromFloat(clip));
    // Threshold −128: every window reaches it, so the first window is an onset; refractory 500 ms, and the
    // detector re-arms only below −138 (never), so exactly one event.
    const l = await startBoard(['--wav', wav, '--threshold', '-128']);
    const first = (await l.next((f) => f.type === MSG.DETECTION, 'DETECTION', 8000)).payload;
    const id = first.readUInt32LE(0);
    expect(first[21] & 1, 'first copy is not flagged as a retransmission').to.equal(0);
    expect(first.readBigUInt64LE(4) >= first.readBigUInt64LE(12), 'peak is inside the window').to.equal(true);
    const again = (await l.next((f) => f.type === MSG.DETECTION, 'retransmitted DETECTION', 3000)).payload;
    expect(again.readUInt32LE(0)).to.equal(id);
    expect(again[21] & 1).to.equal(1);
    const ack = Buffer.alloc(8);
    ack[0] = MSG.DETECTION;
    ack.writeUInt32LE(id, 3);
    l.send(MSG.ACK, ack);
    await new Promise((r) => setTimeout(r, 300));
    const before = l.frames.length;
    await new Promise((r) => setTimeout(r, 1500));
    const later = l.frames.slice(before).filter((f) => f.type === MSG.DETECTION && f.payload.readUInt32LE(0) === id);
    expect(later, `copies of event ${id} after its ACK`).to.have.length(0);
    const hb = l.frames.filter((f) => f.type === MSG.HEARTBEAT).at(-1)!.payload;
    expect(hb[12], 'queue depth after ACK').to.equal(0);
    expect(boardLog).to.contain('[board]');
  });
});
