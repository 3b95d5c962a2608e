// Several gateways, one truth: gateway processes (the real CLI) share one PostgreSQL database and one
// MQTT shared subscription ($share/city/gunshot/+/up) on a real mosquitto; TypeScript fake boards log in
// as themselves. Everything is counted against what the boards sent: detections stored once, one
// incident, one alert and one webhook delivery per shot — also when a gateway is SIGKILLed mid-burst.
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMosquitto, requireMosquitto, type Mosquitto } from '../../gateway/sim/mosquitto.ts';
import { startPostgres, requirePostgres, type Postgres } from '../../gateway/sim/postgres.ts';
import { createFakeBoard, type FakeBoard } from '../../gateway/sim/fake-board.ts';
import { boardMqttChannel } from '../../gateway/mqtt/board-channel.ts';
import { openPgStore } from '../../gateway/store/pg-store.ts';
import { fromEnu } from '../../gateway/incidents/geo.ts';
import { waitFor, spawnGateway } from './helpers.ts';

const BOARDS = Array.from({ length: 6 }, (_, i) => `pole-${i}`);
const USERS: Record<string, string> = { gateway: 'gw-secret', ...Object.fromEntries(BOARDS.map((b, i) => [b, `pw-${i}`])) };
const LAYOUT = [{ x: 0, y: 0 }, { x: 500, y: 0 }, { x: 1000, y: 0 }, { x: 0, y: 600 }, { x: 500, y: 600 }, { x: 1000, y: 600 }];
const ORIGIN = { lat: 52.52, lon: 13.405 };

describe('several gateways on one PostgreSQL and one MQTT shared subscription', function () {
  this.timeout(600000);
  let broker: Mosquitto;
  let pgServer: Postgres;
  let hooks: Server;
  let hookUrl: string;
  const received: string[] = [];
  let children: ChildProcess[] = [];
  let boards: FakeBoard[] = [];
  let dbN = 0;

  before(async () => {
    requireMosquitto();
    requirePostgres();
    broker = await startMosquitto({ users: USERS });
    pgServer = await startPostgres({ noFsync: true });
    hooks = createServer((req, res) => {
      received.push(String(req.headers['idempotency-key']));
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/alerts`;
  });
  after(async () => {
    hooks?.close();
    await broker?.stop();
    await pgServer?.stop();
  });
  beforeEach(() => { children = []; boards = []; received.length = 0; });
  afterEach(async () => {
    await Promise.all(boards.map((b) => b.close()));
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  async function fleet(nGateways: number) {
    const db = await pgServer.createDatabase(`multi_${++dbN}`);
    const args = ['--mqtt', broker.urlFor('gateway'), '--mqtt-group', 'city', '--mqtt-boards', BOARDS.join(','),
      '--db', db, '--http-port', '0', '--webhook', hookUrl];
    // One after the other: the first applies the migrations (the others find them applied).
    const gws: Awaited<ReturnType<typeof spawnGateway>>[] = [];
    for (let g = 0; g < nGateways; g++) {
      const gw = await spawnGateway(args);
      children.push(gw.child);
      gws.push(gw);
    }
    boards = BOARDS.map((id, i) => createFakeBoard({
      boardId: id, heartbeatMs: 200, resendMs: 200, queueCapacity: 1000, position: fromEnu(LAYOUT[i], ORIGIN),
      channel: () => boardMqttChannel({ url: broker.url, boardId: id, password: USERS[id] }),
    }).open());
    // Every gateway of the group has seen every board's HELLO and enough heartbeats to map its clock: the
    // state topics are not shared, so each gateway reads them all (a shared subscription's round robin
    // would lock each board's periodic heartbeats onto one gateway).
    await waitFor('every gateway online for every board', async () => {
      for (const gw of gws) {
        const metrics = await (await fetch(`${gw.url}/metrics`)).text();
        const up = [...metrics.matchAll(/^gunshot_link_up\{port="mqtt:[^"]+",board="[^"]*"\} 1$/gm)].length;
        if (up < BOARDS.length) return false;
      }
      return true;
    }, 30000);
    await new Promise((r) => setTimeout(r, 1500));
    return { db, gws };
  }

  /** Every board hears shot s at the same instant (sound travel is not what is tested here). */
  const fire = (s: number, t0: number) => boards.map((b) => b.detect(0.7, t0 + s * 5_000_000));

  async function totals(db: string) {
    const store = await openPgStore(db);
    try {
      const keys = await store.detectionKeys();
      const incidents = await store.incidents({ limit: 100000 });
      return { counts: await store.counts(), keys, incidents, outbox: await store.outbox() };
    } finally {
      await store.close();
    }
  }

  /** Alert ids seen on a gateway's live stream (/events) until `stop()`. */
  function watchAlerts(url: string) {
    const ids = new Set<number>();
    const abort = new AbortController();
    const done = (async () => {
      const res = await fetch(`${url}/events`, { signal: abort.signal });
      const decoder = new TextDecoder();
      let text = '';
      try {
        for await (const chunk of res.body!) {
          text += decoder.decode(chunk as Uint8Array, { stream: true });
          let end;
          while ((end = text.indexOf('\n\n')) >= 0) {
            const block = text.slice(0, end);
            text = text.slice(end + 2);
            const data = /^event: alert\ndata: (.*)$/m.exec(block);
            if (data) ids.add(JSON.parse(data[1]).alertId);
          }
        }
      } catch { /* aborted */ }
    })();
    return { ids, stop: async () => { abort.abort(); await done; } };
  }

  it('stores each detection once and joins detections handled by different gateways into one incident, one alert, one webhook; every gateway streams every alert', async () => {
    const { db, gws } = await fleet(2);
    const streams = gws.map((gw) => watchAlerts(gw.url));
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now() * 1000;
    const shots = 4;
    const sent = new Map<string, number[]>(boards.map((b) => [b.boardId, []]));
    for (let s = 0; s < shots; s++) fire(s, t0).forEach((e, i) => sent.get(boards[i].boardId)!.push(e));
    await waitFor('every detection ACKed', () => boards.every((b) => b.pending() === 0), 120000);
    await waitFor('every webhook delivered', () => received.length >= shots, 60000);
    await new Promise((r) => setTimeout(r, 1200)); // one more dispatcher cycle on each gateway: no re-send
    const t = await totals(db);
    expect(t.counts).to.include({ detections: shots * BOARDS.length, incidents: shots, alerts: shots });
    expect(t.incidents.every((i) => i.n_boards === BOARDS.length), 'every incident heard by every board').to.equal(true);
    expect(t.keys.map((k) => `${k.board_id}/${k.event_id}`).sort()).to.deep.equal([...sent].flatMap(([b, ids]) => ids.map((e) => `${b}/${e}`)).sort());
    expect(received.sort()).to.deep.equal(t.outbox.map((r) => r.idempotency_key).sort());
    expect(new Set(received).size).to.equal(shots);
    // Each gateway's live stream carries every alert, also those the other gateway ingested (pg_notify relay).
    await waitFor('every alert on every live stream', () => streams.every((st) => st.ids.size >= shots), 10000);
    await Promise.all(streams.map((st) => st.stop()));
    const alertIds = t.outbox.map((r) => r.alert_id).sort();
    for (const st of streams) expect([...st.ids].sort()).to.deep.equal(alertIds);
    for (const gw of gws) {
      const metrics = await (await fetch(`${gw.url}/metrics`)).text();
      const relay = (outcome: string) => Number(new RegExp(`^gunshot_live_relay_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
      expect(relay('received'), `${gw.url} received relayed events`).to.be.greaterThan(0);
      expect(relay('too_large') + relay('send_failed')).to.equal(0);
    }
    // Both gateways stored detections: the shots really were split between them.
    for (const gw of gws) {
      const m = /^gunshot_ingest_total\{outcome="stored"\} (\d+)$/m.exec(await (await fetch(`${gw.url}/metrics`)).text());
      expect(Number(m?.[1]), `${gw.url} stored some`).to.be.greaterThan(0);
    }
  });

  it('loses nothing and stores nothing twice when one of three gateways is SIGKILLed mid-burst', async () => {
    const { db, gws } = await fleet(3);
    const t0 = Date.now() * 1000;
    const shots = 30;
    const sent = new Map<string, number[]>(boards.map((b) => [b.boardId, []]));
    for (let s = 0; s < shots; s++) {
      fire(s, t0).forEach((e, i) => sent.get(boards[i].boardId)!.push(e));
      if (s === shots / 2) {
        // The victim is doing its share of the work when it dies.
        const m = /^gunshot_ingest_total\{outcome="stored"\} (\d+)$/m.exec(await (await fetch(`${gws[0].url}/metrics`)).text());
        expect(Number(m?.[1]), 'the killed gateway had stored detections').to.be.greaterThan(0);
        gws[0].child.kill('SIGKILL');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(gws[0].child.signalCode ?? (await new Promise((r) => gws[0].child.once('exit', (_c, sig) => r(sig))))).to.equal('SIGKILL');
    await waitFor('every detection ACKed by the survivors', () => boards.every((b) => b.pending() === 0), 120000);
    // A webhook row the killed gateway had claimed is free again when its lease runs out (≈ 10 s); the
    // outbox is done when every row is marked delivered.
    await waitFor('every webhook delivered and marked', async () => (await totals(db)).counts.outbox_pending === 0, 90000);
    await new Promise((r) => setTimeout(r, 1200));
    const t = await totals(db);
    expect(t.counts).to.include({ detections: shots * BOARDS.length, incidents: shots, alerts: shots, outbox_pending: 0 });
    expect(t.incidents.every((i) => i.n_boards === BOARDS.length), 'every incident heard by every board').to.equal(true);
    const stored = t.keys.map((k) => `${k.board_id}/${k.event_id}`);
    expect(new Set(stored).size, 'no detection stored twice').to.equal(stored.length);
    expect(stored.sort()).to.deep.equal([...sent].flatMap(([b, ids]) => ids.map((e) => `${b}/${e}`)).sort());
    expect(t.keys.every((k) => k.incident_id !== null)).to.equal(true);
    expect([...new Set(received)].sort()).to.deep.equal(t.outbox.map((r) => r.idempotency_key).sort());
    // At least once on the wire: only a row the victim had POSTed but not yet marked when it died can go
    // out twice (same Idempotency-Key); every other alert is delivered exactly once.
    expect(received.length - new Set(received).size, 'deliveries beyond one per alert').to.be.at.most(1);
  });
});
