// Fault injection against the real CLI gateway as a child process (so it can be SIGKILLed) and against
// a webhook receiver that is down for a while. Boards are TypeScript fake boards on socat ptys.
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPtyPair, type PtyPair } from '../../gateway/sim/pty-pair.ts';
import { createFakeBoard, type FakeBoard } from '../../gateway/sim/fake-board.ts';
import { openDb } from '../../gateway/store/db.ts';
import { createStore } from '../../gateway/store/store.ts';
import { startGateway } from '../../gateway/app.ts';
import { DEFAULT_CONFIG, mergeConfig } from '../../gateway/config.ts';
import { tempDir, waitFor, requireSocat, quietLog, spawnGateway } from './helpers.ts';


describe('gateway fault injection', function () {
  this.timeout(180000);
  let tmp: ReturnType<typeof tempDir>;
  let pairs: PtyPair[] = [];
  let boards: FakeBoard[] = [];
  let children: ChildProcess[] = [];

  before(requireSocat);
  beforeEach(() => { tmp = tempDir(); pairs = []; boards = []; children = []; });
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(boards.map((b) => b.close()));
    await Promise.all(pairs.map((p) => p.close()));
    tmp.cleanup();
  });

  it('loses nothing when the gateway is SIGKILLed mid-burst and restarted', async () => {
    const n = 2;
    for (let i = 0; i < n; i++) pairs.push(await openPtyPair(join(tmp.dir, `gw${i}`), join(tmp.dir, `board${i}`)));
    const db = join(tmp.dir, 'gw.db');
    const cfg = join(tmp.dir, 'gw.json');
    // Clock sync over a pty is only as good as the host's scheduling: on a loaded machine transit delays
    // of a few hundred ms are real, so the margin is wide and shots are 3 s apart.
    writeFileSync(cfg, JSON.stringify({ incidents: { maxBoardDistanceM: 100, marginMs: 1200 }, link: { reconnectBaseMs: 50 } }));
    const args = ['--port', pairs.map((p) => p.a).join(','), '--db', db, '--http-port', '0', '--config', cfg];
    let gw = await spawnGateway(args);
    children.push(gw.child);
    // Capacity covers the whole burst: the board must be able to hold everything while the gateway is down.
    boards = pairs.map((p, i) => createFakeBoard({ path: p.b, boardId: `b${i}`, heartbeatMs: 200, resendMs: 20, queueCapacity: 64 }).open());
    await waitFor('boards online', async () => {
      const r = await (await fetch(`${gw.url}/api/boards`)).json() as { boards: { status: string }[] };
      return r.boards.length === n && r.boards.every((b) => b.status === 'online');
    });
    // Each shot is heard by both boards (same instant) → one incident per shot, n detections per shot.
    const shots = 40;
    const t0 = Date.now() * 1000;
    for (let s = 0; s < shots; s++) {
      for (const b of boards) b.detect(0.6, t0 + s * 3_000_000);
      if (s === shots / 2) gw.child.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise<void>((r) => (gw.child.exitCode !== null || gw.child.signalCode !== null ? r() : gw.child.once('exit', () => r())));
    expect(boards.some((b) => b.pending() > 0), 'some detections must be unACKed while the gateway is dead').to.equal(true);
    gw = await spawnGateway(args);
    children.push(gw.child);
    await waitFor('all detections ACKed', () => boards.every((b) => b.pending() === 0), 30000);
    gw.child.kill('SIGTERM');
    await new Promise((r) => gw.child.once('exit', r));

    const store = createStore(openDb(db));
    try {
      const split = store.db.prepare('SELECT id, time_us, n_boards FROM incidents WHERE n_boards != ?').all(n);
      expect(split, 'incidents not heard by every board').to.deep.equal([]);
      expect(await store.counts()).to.include({ detections: shots * n, incidents: shots, alerts: shots });
      const perIncident = store.db.prepare('SELECT count(*) AS c FROM detections GROUP BY incident_id').all() as { c: number }[];
      expect(perIncident.every((r) => r.c === n)).to.equal(true);
      expect((store.db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).to.equal('ok');
    } finally {
      store.db.close();
    }
  });

  it('delivers every alert exactly once after the webhook endpoint comes back', async () => {
    // Reserve a port, then close it: the endpoint is "down" (connection refused) until we listen again.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    pairs.push(await openPtyPair(join(tmp.dir, 'gw0'), join(tmp.dir, 'board0')));
    const config = mergeConfig(DEFAULT_CONFIG, {
      ports: [pairs[0].a], db: join(tmp.dir, 'gw.db'), httpPort: 0, webhooks: [`http://127.0.0.1:${port}/alerts`],
    }, 'test');
    const gw = await startGateway(config, quietLog);
    try {
      boards.push(createFakeBoard({ path: pairs[0].b, boardId: 'w0', heartbeatMs: 200 }).open());
      await waitFor('online', () => gw.fleet.links()[0].status === 'online');
      const t0 = Date.now() * 1000;
      for (let s = 0; s < 3; s++) boards[0].detect(0.9, t0 + s * 2_000_000);
      await waitFor('a failed attempt', async () => { const o = await gw.store.outbox(); return o.length === 3 && o.every((r) => r.attempts >= 1); });
      const received: string[] = [];
      const server: Server = createServer((req, res) => {
        received.push(String(req.headers['idempotency-key']));
        req.resume();
        req.on('end', () => res.end('ok'));
      });
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
      try {
        await waitFor('all delivered', async () => (await gw.store.outbox()).every((r) => r.delivered_ms !== null), 20000);
        await new Promise((r) => setTimeout(r, 1200)); // one more dispatcher cycle: must not re-send
        expect(received.sort()).to.deep.equal((await gw.store.outbox()).map((r) => r.idempotency_key).sort());
        expect(new Set(received).size).to.equal(3);
      } finally {
        server.close();
      }
    } finally {
      await gw.close();
    }
  });
});
