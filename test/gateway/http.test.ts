import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { openDb } from '../../gateway/store/db.ts';
import { createStore, type Store } from '../../gateway/store/store.ts';
import { createLiveBus, type LiveBus } from '../../gateway/store/live.ts';
import { createIncidentService } from '../../gateway/incidents/service.ts';
import { buildHttp } from '../../gateway/http/server.ts';

/** Builds the HTTP app over an in-memory store; `close()` tears both down. */
async function build() {
  const store = createStore(openDb(':memory:'));
  const live = createLiveBus();
  const app = await buildHttp({ store, live });
  return { store, live, app, close: async () => { await app.close(); await store.close(); } };
}

describe('gateway/http', () => {
  let store: Store;
  let live: LiveBus;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ store, live, app, close } = await build());
    const svc = createIncidentService(store);
    await store.upsertBoard({ id: 'b1', port: '/dev/x', firmware: '1.0.0', model_hash: 'aa', model_hash_ok: 1, lat: null, lon: null, alt_m: null, status: 'online' });
    await svc.ingest({ board_id: 'b1', event_id: 1, board_time_us: 1, time_us: 1_000_000, window_start_us: 0, score: 1, probability: 0.4, peak_level: 1, energy: 1, received_ms: 0, port: null });
    await svc.ingest({ board_id: 'b1', event_id: 2, board_time_us: 2, time_us: 9_000_000, window_start_us: 0, score: 1, probability: 0.9, peak_level: 1, energy: 1, received_ms: 0, port: null });
  });
  afterEach(() => close());

  it('filters incidents and validates the query, naming the bad field', async () => {
    const r = await app.inject({ url: '/api/incidents?minConfidence=0.5' });
    expect(r.statusCode).to.equal(200);
    expect(r.json().incidents.map((i: { confidence: number }) => i.confidence)).to.deep.equal([0.9]);
    const since = await app.inject({ url: '/api/incidents?since=2000000' });
    expect(since.json().incidents).to.have.length(1);
    const bad = await app.inject({ url: '/api/incidents?minConfidence=2' });
    expect(bad.statusCode).to.equal(400);
    expect(bad.json().error).to.match(/minConfidence/);
  });

  it('acknowledges an alert once (404 unknown, 409 twice) and never leaks 5xx details', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/alerts/99/ack', payload: { by: 'a' } })).statusCode).to.equal(404);
    expect((await app.inject({ method: 'POST', url: '/api/alerts/1/ack', payload: {} })).statusCode).to.equal(400);
    const ok = await app.inject({ method: 'POST', url: '/api/alerts/1/ack', payload: { by: 'alice', note: 'seen' } });
    expect(ok.statusCode).to.equal(200);
    expect(ok.json()).to.include({ acknowledged_by: 'alice', note: 'seen' });
    expect((await app.inject({ method: 'POST', url: '/api/alerts/1/ack', payload: { by: 'bob' } })).statusCode).to.equal(409);
    store.boards = () => { throw new Error('SQLITE_CORRUPT: secret path /var/lib/x'); };
    const boom = await app.inject({ url: '/api/boards' });
    expect(boom.statusCode).to.equal(500);
    expect(boom.body).to.not.include('secret');
    expect(boom.json()).to.deep.equal({ error: 'internal error' });
  });

  it('serves Prometheus metrics and streams live events over SSE', async () => {
    const m = await app.inject({ url: '/metrics' });
    expect(m.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/);
    expect(m.body).to.match(/^# TYPE gunshot_detections_stored gauge\ngunshot_detections_stored 2$/m);
    expect(m.body).to.match(/^gunshot_alerts_stored\{state="open"\} 2$/m);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const ac = new AbortController();
    const res = await fetch(`${url}/events`, { signal: ac.signal });
    expect(res.headers.get('content-type')).to.equal('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('connected')) text += new TextDecoder().decode((await reader.read()).value);
    live.publish({ type: 'alert-ack', alertId: 1, by: 'alice' });
    while (!text.includes('event: alert-ack')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).to.include('data: {"type":"alert-ack","alertId":1,"by":"alice"}');
    ac.abort();
  });
});
