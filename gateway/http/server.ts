// The HTTP API, SSE stream and dashboard. Handlers are thin: parse (schemas), call the store, map to a
// status. One error handler: 4xx keep their message, 5xx are logged and answered generically.
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import type { Store, BoardRow, IncidentRow } from '../store/types.ts';
import type { LiveBus } from '../store/live.ts';
import type { Fleet } from '../boards/fleet.ts';
import type { MqttCounters } from '../mqtt/transport.ts';
import type { LiveRelayCounters } from '../store/pg-live.ts';
import { renderMetrics } from './metrics.ts';
import { incidentsQuerySchema, idParamsSchema, ackBodySchema, type IncidentsQuery, type IdParams, type AckBody } from './schemas.ts';

export interface HttpDeps {
  store: Store; live: LiveBus; fleet?: Fleet | null; mqtt?: { counters(): MqttCounters } | null;
  liveRelay?: { counters(): LiveRelayCounters } | null; logger?: boolean;
}

const DASHBOARD_DIR = fileURLToPath(new URL('../dashboard/', import.meta.url));

const boardView = (b: BoardRow) => ({
  id: b.id, port: b.port, firmware: b.firmware, modelHash: b.model_hash,
  modelHashOk: b.model_hash_ok === null ? null : b.model_hash_ok === 1, lat: b.lat, lon: b.lon, altM: b.alt_m,
  status: b.status, firstSeenMs: b.first_seen_ms, lastSeenMs: b.last_seen_ms, conflict: b.conflict === 1,
  health: b.health_json ? JSON.parse(b.health_json) : null,
});
const incidentView = async (i: IncidentRow, store: Store) => {
  const a = await store.alertOfIncident(i.id);
  return {
    id: i.id, timeUs: i.time_us, confidence: i.confidence, boards: i.n_boards, lat: i.lat, lon: i.lon, errorM: i.error_m,
    alert: a ? { id: a.id, acknowledgedBy: a.acknowledged_by, acknowledgedMs: a.acknowledged_ms, note: a.note } : null,
  };
};

export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  const { store, live } = deps;
  const app = Fastify({ logger: deps.logger ?? false });
  let sseClients = 0;

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error(err);
      return reply.status(500).send({ error: 'internal error' });
    }
    return reply.status(status).send({ error: err.message });
  });

  await app.register(fastifyStatic, { root: DASHBOARD_DIR, prefix: '/' });

  app.get('/api/boards', async () => ({
    boards: (await store.boards()).map(boardView),
    conflicts: await store.conflicts(),
  }));

  app.get<{ Querystring: IncidentsQuery }>('/api/incidents', { schema: { querystring: incidentsQuerySchema } }, async (req) => {
    const { since, minConfidence, located, limit } = req.query;
    return { incidents: await Promise.all((await store.incidents({ sinceUs: since, minConfidence, located, limit })).map((i) => incidentView(i, store))) };
  });

  app.get<{ Params: IdParams }>('/api/incidents/:id', { schema: { params: idParamsSchema } }, async (req, reply) => {
    const i = await store.incident(req.params.id);
    if (!i) return reply.status(404).send({ error: `incident ${req.params.id} not found` });
    return { ...(await incidentView(i, store)), detections: await store.incidentDetections(i.id) };
  });

  app.post<{ Params: IdParams; Body: AckBody }>('/api/alerts/:id/ack', { schema: { params: idParamsSchema, body: ackBodySchema } }, async (req, reply) => {
    const { id } = req.params;
    if (!(await store.alert(id))) return reply.status(404).send({ error: `alert ${id} not found` });
    if (!(await store.acknowledgeAlert(id, req.body.by, req.body.note ?? null))) {
      return reply.status(409).send({ error: `alert ${id} already acknowledged by ${(await store.alert(id))?.acknowledged_by}` });
    }
    live.publish({ type: 'alert-ack', alertId: id, by: req.body.by });
    return store.alert(id);
  });

  app.get('/api/verification/latest', async (_req, reply) => {
    const v = await store.latestVerification();
    if (!v) return reply.status(404).send({ error: 'no verification run stored yet' });
    return { ...v, summary: JSON.parse(v.summary_json), summary_json: undefined };
  });

  app.get('/metrics', async (_req, reply) => {
    reply.type('text/plain; version=0.0.4; charset=utf-8');
    return renderMetrics(store, deps.fleet ?? null, sseClients, deps.mqtt?.counters() ?? null, deps.liveRelay?.counters() ?? null);
  });

  app.get('/events', (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': connected\n\n');
    sseClients++;
    const unsubscribe = live.subscribe((e) => { res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`); });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15000);
    req.raw.on('close', () => { sseClients--; clearInterval(keepAlive); unsubscribe(); });
  });

  return app;
}
