// End-to-end over real pseudo-terminals (socat): the in-process gateway on one end, TypeScript fake
// boards on the other. Mocks lie about timing; these do not.
import { expect } from 'chai';
import { parseLatencyHistogram, quantileUpperBoundMs } from '../../gateway/boards/ingest-latency.ts';
import { join } from 'node:path';
import { openPtyPair, type PtyPair } from '../../gateway/sim/pty-pair.ts';
import { createFakeBoard, type FakeBoard } from '../../gateway/sim/fake-board.ts';
import { startGateway, type Gateway } from '../../gateway/app.ts';
import { DEFAULT_CONFIG, mergeConfig } from '../../gateway/config.ts';
import { encodeFrame } from '../../gateway/serial/frame.ts';
import { tempDir, waitFor, requireSocat, quietLog } from './helpers.ts';

describe('gateway end-to-end over ptys (fake boards)', function () {
  this.timeout(30000);
  let tmp: ReturnType<typeof tempDir>;
  let pairs: PtyPair[];
  let boards: FakeBoard[];
  let gw: Gateway | null;
  const warnings: string[] = [];
  const log = { info: () => {}, warn: (m: string) => { warnings.push(m); } };

  before(requireSocat);
  beforeEach(() => { tmp = tempDir(); pairs = []; boards = []; gw = null; warnings.length = 0; });
  afterEach(async () => {
    await gw?.close();
    await Promise.all(boards.map((b) => b.close()));
    await Promise.all(pairs.map((p) => p.close()));
    tmp.cleanup();
  });

  async function setup(n: number, extra: Record<string, unknown> = {}, boardOpts: Partial<Parameters<typeof createFakeBoard>[0]> = {}) {
    for (let i = 0; i < n; i++) pairs.push(await openPtyPair(join(tmp.dir, `gw${i}`), join(tmp.dir, `board${i}`)));
    const config = mergeConfig(DEFAULT_CONFIG, {
      ports: pairs.map((p) => p.a), db: join(tmp.dir, 'gw.db'), httpPort: 0, expectedModelHash: '0011223344556677',
      link: { reconnectBaseMs: 50, reconnectMaxMs: 400, staleAfterMs: 1500 }, ...extra,
    }, 'test');
    gw = await startGateway(config, log);
    boards = pairs.map((p, i) => createFakeBoard({ path: p.b, boardId: `board-${i}`, heartbeatMs: 200, resendMs: 50, ...boardOpts }).open());
    await waitFor('all boards online', () => gw!.fleet.links().every((l) => l.status === 'online'));
  }

  it('handshakes, stores and ACKs detections, serves them over HTTP', async () => {
    await setup(2);
    boards[0].detect(0.9);
    boards[1].detect(0.8);
    await waitFor('both ACKed', () => boards.every((b) => b.acked().length === 1 && b.pending() === 0));
    const res = await fetch(`${gw!.url}/api/boards`);
    const body = await res.json() as { boards: { id: string; status: string; modelHashOk: boolean }[] };
    expect(body.boards.map((b) => [b.id, b.status, b.modelHashOk])).to.deep.equal([['board-0', 'online', true], ['board-1', 'online', true]]);
    const inc = await (await fetch(`${gw!.url}/api/incidents`)).json() as { incidents: { boards: number; confidence: number }[] };
    expect(inc.incidents).to.have.length(1);
    expect(inc.incidents[0].boards).to.equal(2);
    expect(inc.incidents[0].confidence).to.be.closeTo(1 - 0.1 * 0.2, 1e-3);
    const metrics = await (await fetch(`${gw!.url}/metrics`)).text();
    expect(metrics).to.match(/^gunshot_detections_stored 2$/m);
    // Both detections went through the frame → commit latency histogram.
    expect(metrics).to.match(/^# TYPE gunshot_ingest_latency_seconds histogram$/m);
    const h = parseLatencyHistogram(metrics);
    expect(h.count).to.equal(2);
    expect(h.sumS).to.be.greaterThan(0);
    expect(quantileUpperBoundMs(h, null, 1)).to.be.at.most(1000);
  });

  it('warns loudly about a model hash mismatch', async () => {
    await setup(1, {}, { modelHash: 'ffffffffffffffff' });
    expect(warnings.some((w) => /MODEL HASH MISMATCH.*board-0.*ffffffffffffffff/.test(w))).to.equal(true);
    const body = await (await fetch(`${gw!.url}/api/boards`)).json() as { boards: { modelHashOk: boolean }[] };
    expect(body.boards[0].modelHashOk).to.equal(false);
  });

  it('survives unplug and replug mid-burst: nothing lost, no duplicate alert', async () => {
    await setup(1, { incidents: { refractoryMs: 0, marginMs: 0, maxBoardDistanceM: 0 } });
    const b = boards[0];
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(b.detect(0.9, Date.now() * 1000 + i * 1_000_000));
    // Unplug: the cable (socat) disappears with unACKed detections possibly in flight.
    await pairs[0].close();
    for (let i = 5; i < 10; i++) ids.push(b.detect(0.9, Date.now() * 1000 + i * 1_000_000));
    await new Promise((r) => setTimeout(r, 300));
    pairs[0] = await openPtyPair(pairs[0].a, pairs[0].b);
    await waitFor('queue drained after replug', async () => b.pending() === 0 && (await gw!.store.counts()).detections === 10, 15000);
    const c = await gw!.store.counts();
    expect(c).to.include({ detections: 10, incidents: 10, alerts: 10 });
    const rows = await gw!.store.detectionKeys();
    expect(rows.map((r) => r.event_id).sort((x, y) => x - y)).to.deep.equal(ids);
    expect(gw!.fleet.links()[0].stats.reconnects).to.be.greaterThan(0);
  });

  it('drops and counts garbage and oversize frames without losing the good ones', async () => {
    await setup(1);
    const b = boards[0];
    b.sendRaw(Buffer.from([0xc0, 1, 2, 3, 0xc0]));
    b.sendRaw(Buffer.concat([Buffer.from([0xc0]), Buffer.alloc(3000, 0x41), Buffer.from([0xc0])]));
    const bad = encodeFrame({ type: 3, seq: 9, payload: Buffer.alloc(30) });
    bad[10] ^= 1;
    b.sendRaw(Buffer.concat([Buffer.from([0xc0]), bad, Buffer.from([0xc0])]));
    b.detect(0.7);
    await waitFor('detection ACKed', () => b.acked().length === 1);
    const s = gw!.fleet.links()[0].stats;
    expect(s).to.include({ garbage: 1, oversize: 1, badCrc: 1 });
    const metrics = await (await fetch(`${gw!.url}/metrics`)).text();
    expect(metrics).to.match(/gunshot_link_frames_total\{port="[^"]+",kind="oversize"\} 1/);
  });

  it('flags a board claiming another board\'s id and keeps its detections apart', async () => {
    for (let i = 0; i < 2; i++) pairs.push(await openPtyPair(join(tmp.dir, `gw${i}`), join(tmp.dir, `board${i}`)));
    const config = mergeConfig(DEFAULT_CONFIG, { ports: pairs.map((p) => p.a), db: join(tmp.dir, 'gw.db'), httpPort: 0 }, 'test');
    gw = await startGateway(config, log);
    boards.push(createFakeBoard({ path: pairs[0].b, boardId: 'same', heartbeatMs: 200 }).open());
    await waitFor('first online', () => gw!.fleet.links()[0].status === 'online');
    boards.push(createFakeBoard({ path: pairs[1].b, boardId: 'same', heartbeatMs: 200 }).open());
    await waitFor('second online', () => gw!.fleet.links()[1].status === 'online');
    boards[0].detect(0.9);
    boards[1].detect(0.9);
    await waitFor('both ACKed', () => boards.every((b) => b.acked().length === 1));
    const body = await (await fetch(`${gw!.url}/api/boards`)).json() as { boards: { id: string; conflict: boolean }[]; conflicts: unknown[] };
    expect(body.boards.map((b) => b.id)).to.deep.equal(['same', `same@${pairs[1].a}`]);
    expect(body.conflicts).to.have.length(1);
    expect(warnings.some((w) => w.includes('BOARD ID CONFLICT'))).to.equal(true);
    const owners = await gw!.store.detectionKeys();
    expect(owners.map((o) => o.board_id).sort()).to.deep.equal(['same', `same@${pairs[1].a}`]);
  });
});
