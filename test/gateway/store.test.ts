// The store and the incident service, run against both backends: the embedded SQLite store and
// PostgreSQL (a temporary cluster started here: initdb + pg_ctl, a fresh database per test).
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDb } from '../../gateway/store/db.ts';
import { createStore } from '../../gateway/store/store.ts';
import { openPgStore } from '../../gateway/store/pg-store.ts';
import type { Store, NewDetection } from '../../gateway/store/types.ts';
import { startPostgres, requirePostgres, type Postgres } from '../../gateway/sim/postgres.ts';
import { createIncidentService } from '../../gateway/incidents/service.ts';
import { createWebhookDispatcher } from '../../gateway/store/outbox.ts';
import { fromEnu } from '../../gateway/incidents/geo.ts';

const origin = { lat: 48.137, lon: 11.575 };
const T0 = 1_700_000_000_000_000;

function det(board: string, eventId: number, timeUs: number, p = 0.8): NewDetection {
  return {
    board_id: board, event_id: eventId, board_time_us: timeUs, time_us: timeUs, window_start_us: timeUs - 500_000,
    score: 100, probability: p, peak_level: 20000, energy: 1000, received_ms: Date.now(), port: '/dev/x',
  };
}

let pgServer: Postgres | null = null;
let dbCount = 0;
const BACKENDS: { name: string; open(): Promise<Store> }[] = [
  { name: 'SQLite', open: async () => createStore(openDb(':memory:')) },
  { name: 'PostgreSQL', open: async () => openPgStore(await pgServer!.createDatabase(`store_test_${++dbCount}`)) },
];

describe('gateway/store and incident service', function () {
  this.timeout(60000);
  before(async () => { requirePostgres(); pgServer = await startPostgres({ noFsync: true }); });
  after(async () => { await pgServer?.stop(); });

  for (const backend of BACKENDS) {
    describe(`on ${backend.name}`, () => {
      let store: Store;
      beforeEach(async () => {
        store = await backend.open();
        const positions = [{ x: 0, y: 0 }, { x: 600, y: 0 }, { x: 0, y: 600 }, { x: 600, y: 600 }];
        for (const [i, p] of positions.entries()) {
          const { lat, lon } = fromEnu(p, origin);
          await store.upsertBoard({ id: `b${i}`, port: `/dev/p${i}`, firmware: '1.0.0', model_hash: 'aa', model_hash_ok: 1, lat, lon, alt_m: 0, status: 'online' });
        }
      });
      afterEach(() => store.close());

      it('applies migrations once and records them', async () => {
        expect(await store.migrations()).to.deep.equal([{ id: 1, name: 'initial schema' }, { id: 2, name: 'covering index for incident membership' }]);
      });

      it('fuses one shot heard by four boards into one located incident with one alert', async () => {
        const svc = createIncidentService(store, { timingSigma: 1e-4 });
        const src = { x: 200, y: 350 };
        const positions = [{ x: 0, y: 0 }, { x: 600, y: 0 }, { x: 0, y: 600 }, { x: 600, y: 600 }];
        const results = [];
        for (const [i, p] of positions.entries()) results.push(await svc.ingest(det(`b${i}`, 1, T0 + Math.round((Math.hypot(src.x - p.x, src.y - p.y) / 343) * 1e6), 0.5)));
        expect(results.filter((r) => r.kind === 'fused' && r.newAlert)).to.have.length(1);
        const [inc] = await store.incidents();
        expect(inc.n_boards).to.equal(4);
        expect(inc.time_us).to.be.a('number');
        expect(inc.confidence).to.be.closeTo(1 - 0.5 ** 4, 1e-9);
        const truth = fromEnu(src, origin);
        const errM = Math.hypot((inc.lat! - truth.lat) * 111_195, (inc.lon! - truth.lon) * 111_195 * Math.cos((origin.lat * Math.PI) / 180));
        expect(errM).to.be.below(1);
        expect(inc.error_m).to.be.a('number').and.greaterThan(0);
        expect(await store.counts()).to.include({ detections: 4, incidents: 1, alerts: 1 });
      });

      it('ignores a re-sent detection, marks a same-board echo, and opens a new incident for a later shot', async () => {
        const svc = createIncidentService(store, { refractoryMs: 500 });
        expect((await svc.ingest(det('b0', 1, T0))).kind).to.equal('fused');
        expect((await svc.ingest(det('b0', 1, T0))).kind).to.equal('duplicate');
        expect((await svc.ingest(det('b0', 2, T0 + 200_000))).kind).to.equal('echo');
        const later = await svc.ingest(det('b0', 3, T0 + 5_000_000));
        expect(later.kind === 'fused' && later.newAlert).to.equal(true);
        expect(await store.counts()).to.include({ detections: 3, incidents: 2, alerts: 2 });
      });

      it('decides a mixed batch in order: join, echo, repeat within the batch, later shot', async () => {
        const svc = createIncidentService(store, { refractoryMs: 500 });
        const results = await svc.ingestBatch([
          det('b0', 1, T0), det('b1', 1, T0 + 1000), det('b0', 2, T0 + 100_000), det('b1', 1, T0 + 1000),
          det('b2', 1, T0 + 2000), det('b0', 3, T0 + 10_000_000),
        ]);
        expect(results.map((r) => (r.kind === 'fused' ? (r.newAlert ? 'new' : 'join') : r.kind))).to.deep.equal(['new', 'join', 'echo', 'duplicate', 'join', 'new']);
        const [first, , , , third, later] = results;
        if (first.kind !== 'fused' || third.kind !== 'fused' || later.kind !== 'fused') throw new Error('expected fused');
        expect(third.incident).to.include({ id: first.incident.id, n_boards: 3, time_us: T0 });
        expect(third.alertId).to.equal(first.alertId);
        expect(later.incident.id).to.not.equal(first.incident.id);
        expect(await store.counts()).to.include({ detections: 5, incidents: 2, alerts: 2 });
        // The next batch joins what the first one stored: b3 hears the first shot late, b1 repeats.
        const next = await svc.ingestBatch([det('b3', 1, T0 + 3000), det('b1', 1, T0 + 1000)]);
        expect(next.map((r) => r.kind)).to.deep.equal(['fused', 'duplicate']);
        expect(next[0].kind === 'fused' && next[0].incident).to.include({ id: first.incident.id, n_boards: 4 });
      });

      it('commits a batch as one transaction: a failure inside it leaves nothing behind', async () => {
        const svc = createIncidentService(store);
        const bad = { ...det('b1', 2, T0 + 1000), score: null as unknown as number }; // NOT NULL violation
        let err: Error | null = null;
        try { await svc.ingestBatch([det('b0', 1, T0), bad]); } catch (e) { err = e as Error; }
        expect(err, 'the batch fails').to.not.equal(null);
        expect(await store.counts()).to.include({ detections: 0, incidents: 0, alerts: 0 });
        // The service recovers: the same detection goes in afterwards, with its incident and alert.
        const r = await svc.ingest(det('b0', 1, T0));
        expect(r.kind === 'fused' && r.newAlert).to.equal(true);
        expect(await store.counts()).to.include({ detections: 1, incidents: 1, alerts: 1 });
      });

      it('lets the first operator acknowledge an alert, once', async () => {
        const svc = createIncidentService(store);
        const r = await svc.ingest(det('b1', 1, T0));
        if (r.kind !== 'fused') throw new Error('expected fused');
        expect(await store.acknowledgeAlert(r.alertId, 'alice', 'checked')).to.equal(true);
        expect(await store.acknowledgeAlert(r.alertId, 'bob', null)).to.equal(false);
        expect((await store.alert(r.alertId))!.acknowledged_by).to.equal('alice');
      });

      describe('webhook outbox', () => {
        let server: Server;
        let url: string;
        let failuresLeft: number;
        const received: { key: string; body: string }[] = [];
        before(async () => {
          server = createServer((req, res) => {
            let body = '';
            req.on('data', (c) => { body += c; });
            req.on('end', () => {
              if (failuresLeft-- > 0) { res.statusCode = 503; res.end(); return; }
              received.push({ key: String(req.headers['idempotency-key']), body });
              res.end('ok');
            });
          });
          await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
          url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
        });
        after(() => server.close());

        it('retries with backoff while the endpoint fails, then delivers each alert exactly once', async () => {
          failuresLeft = 2;
          received.length = 0;
          const svc = createIncidentService(store, { webhookUrls: [url] });
          await svc.ingest(det('b0', 1, T0));
          await svc.ingest(det('b0', 2, T0 + 10_000_000));
          const d = createWebhookDispatcher(store, { baseBackoffMs: 1, timeoutMs: 1000 });
          // The lease after a failed attempt is replaced by the backoff; poll until both are through.
          for (let i = 0; i < 40 && received.length < 2; i++) {
            await d.deliverDue();
            await new Promise((r) => setTimeout(r, 5));
          }
          for (let i = 0; i < 3; i++) await d.deliverDue();
          expect(received.map((r) => r.key).sort()).to.deep.equal([`alert-1-${url}`, `alert-2-${url}`]);
          const rows = await store.outbox();
          expect(rows.every((r) => r.delivered_ms !== null)).to.equal(true);
          expect(rows.reduce((s, r) => s + r.attempts, 0)).to.equal(4);
        });

        it('hands a due row to one of two dispatchers at a time (the claim leases it)', async () => {
          failuresLeft = 0;
          received.length = 0;
          const svc = createIncidentService(store, { webhookUrls: [url] });
          for (let k = 0; k < 10; k++) await svc.ingest(det('b0', k + 1, T0 + k * 10_000_000));
          const a = createWebhookDispatcher(store), b = createWebhookDispatcher(store);
          await Promise.all([a.deliverDue(), b.deliverDue(), a.deliverDue(), b.deliverDue()]);
          expect(received.map((r) => r.key).sort()).to.deep.equal(Array.from({ length: 10 }, (_, k) => `alert-${k + 1}-${url}`).sort());
          expect((await store.outbox()).every((r) => r.attempts === 1 && r.delivered_ms !== null)).to.equal(true);
        });
      });
    });
  }
});
