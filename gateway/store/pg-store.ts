// The shared PostgreSQL store (`pg`): the Store contract of types.ts with the SQLite store's schema
// (pg-migrations.ts), for several gateways on one database. Every gateway's ingest transaction takes
// one advisory lock (lockIngest) before it groups, so grouping reads what the others committed; webhook rows are
// claimed with FOR UPDATE SKIP LOCKED, so each is delivered by one gateway.
import pg from 'pg';
import { PG_MIGRATIONS } from './pg-migrations.ts';
import type { Migration } from './migrations.ts';
import {
  detectionKey, healthJson, type BulkIngest, type AlertRow, type BoardRow, type ConflictRow, type DetectionRow, type IncidentFilter, type IncidentRow,
  type NewBoard, type NewDetection, type Neighbourhood, type OutboxRow, type Store, type StoreCounts, type VerificationRow,
} from './types.ts';

/** Advisory lock keys (any two distinct 64-bit numbers no other application on the database uses). */
const INGEST_LOCK = 0x67756e73686f7401n; // "gunshot" 01
const MIGRATE_LOCK = 0x67756e73686f7402n;

export interface PgStoreOptions {
  /** Pool size per gateway; defaults to 8; range 1..100. */
  maxConnections?: number;
  migrations?: Migration[];
}

// BIGINT columns (µs and ms timestamps, ids) as JS numbers: all of them stay below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

type Query = <R extends pg.QueryResultRow = Record<string, unknown>>(name: string | null, text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;

export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<Store> {
  const max = options.maxConnections ?? 8;
  if (!Number.isInteger(max) || max < 1 || max > 100) throw new RangeError(`maxConnections must be 1..100, got ${max}`);
  // Plans for the actual arguments on every execution: the ingest statements are prepared and driven by
  // arrays (unnest), and after five executions PostgreSQL may keep one generic plan for good — one chosen
  // while the tables were small joins them by sequential scan (measured: an UPDATE of incidents FROM unnest
  // became a hash join over the whole table), a cost that then grows with every row stored.
  const pool = new pg.Pool({ connectionString: url, max, types, options: '-c plan_cache_mode=force_custom_plan' });
  pool.on('error', () => { /* an idle client lost its connection: the pool replaces it */ });
  try {
    await migrate(pool, options.migrations ?? PG_MIGRATIONS);
  } catch (err) {
    await pool.end();
    throw new Error(`PostgreSQL ${url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')}: ${(err as Error).message}`);
  }
  const viaPool: Query = (name, text, values) => pool.query(name ? { name, text, values } : { text, values });

  function ops(q: Query) {
    const one = async <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[] = []) => (await q<R>(name, text, values)).rows[0] as R | undefined;
    const all = async <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[] = []) => (await q<R>(name, text, values)).rows;
    const run = async (name: string, text: string, values: unknown[]) => { await q(name, text, values); };
    return {
      upsertBoard: (b: NewBoard, now = Date.now()) => run('upsertBoard', `INSERT INTO boards (id, port, firmware, model_hash, model_hash_ok, lat, lon, alt_m, status, first_seen_ms, last_seen_ms)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
        ON CONFLICT (id) DO UPDATE SET port = excluded.port, firmware = excluded.firmware, model_hash = excluded.model_hash,
          model_hash_ok = excluded.model_hash_ok, lat = COALESCE(excluded.lat, boards.lat), lon = COALESCE(excluded.lon, boards.lon),
          alt_m = COALESCE(excluded.alt_m, boards.alt_m), status = excluded.status, last_seen_ms = excluded.last_seen_ms`,
      [b.id, b.port, b.firmware, b.model_hash, b.model_hash_ok, b.lat, b.lon, b.alt_m, b.status, now]),
      setBoardStatus: (id: string, status: string, now = Date.now()) => run('setStatus', 'UPDATE boards SET status = $1, last_seen_ms = $2 WHERE id = $3', [status, now, id]),
      setBoardHealth: (id: string, health: unknown, status: string, now = Date.now()) =>
        run('setHealth', 'UPDATE boards SET health_json = $1, last_seen_ms = $2, status = $3 WHERE id = $4', [healthJson(health), now, status, id]),
      recordConflict: async (boardId: string, port: string, otherPort: string | null, now = Date.now()) => {
        await run('addConflict', 'INSERT INTO board_conflicts (board_id, port, other_port, at_ms) VALUES ($1, $2, $3, $4)', [boardId, port, otherPort, now]);
        await run('setConflict', 'UPDATE boards SET conflict = 1 WHERE id = $1', [boardId]);
      },
      board: (id: string) => one<BoardRow>('board', 'SELECT * FROM boards WHERE id = $1', [id]),
      boards: () => all<BoardRow>('boards', 'SELECT * FROM boards ORDER BY id'),
      conflicts: () => all<ConflictRow>('conflicts', 'SELECT * FROM board_conflicts ORDER BY id'),
      insertDetection: async (d: NewDetection) => (await one<{ id: number }>('insertDetection', `INSERT INTO detections (board_id, event_id, board_time_us,
        time_us, window_start_us, score, probability, peak_level, energy, received_ms, port) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (board_id, event_id, board_time_us) DO NOTHING RETURNING id`, [d.board_id, d.event_id, d.board_time_us, d.time_us, d.window_start_us, d.score, d.probability,
        d.peak_level, d.energy, d.received_ms, d.port]))?.id ?? null,
      previousFusedDetection: (boardId: string, excludeId: number, fromUs: number, toUs: number) => one<DetectionRow>('previousFused',
        `SELECT * FROM detections WHERE board_id = $1 AND echo = 0 AND id != $2 AND time_us BETWEEN $3 AND $4 ORDER BY time_us DESC LIMIT 1`,
        [boardId, excludeId, fromUs, toUs]),
      markEcho: (id: number) => run('markEcho', 'UPDATE detections SET echo = 1 WHERE id = $1', [id]),
      nearestIncident: async (timeUs: number, windowUs: number, excludingBoard: string) => {
        const before = await one<IncidentRow>('nearestBefore', `SELECT i.* FROM incidents i WHERE i.time_us BETWEEN $1 AND $2
          AND NOT EXISTS (SELECT 1 FROM detections d WHERE d.incident_id = i.id AND d.board_id = $3) ORDER BY i.time_us DESC LIMIT 1`,
        [timeUs - windowUs, timeUs, excludingBoard]);
        const after = await one<IncidentRow>('nearestAfter', `SELECT i.* FROM incidents i WHERE i.time_us BETWEEN $1 AND $2
          AND NOT EXISTS (SELECT 1 FROM detections d WHERE d.incident_id = i.id AND d.board_id = $3) ORDER BY i.time_us ASC LIMIT 1`,
        [timeUs, timeUs + windowUs, excludingBoard]);
        if (!before || !after) return before ?? after;
        return timeUs - before.time_us <= after.time_us - timeUs ? before : after;
      },
      createIncident: async (timeUs: number, confidence: number, now = Date.now()) => (await one<{ id: number }>('insertIncident',
        'INSERT INTO incidents (time_us, confidence, n_boards, created_ms, updated_ms) VALUES ($1, $2, 1, $3, $3) RETURNING id', [timeUs, confidence, now]))!.id,
      updateIncident: (i: Omit<IncidentRow, 'created_ms'>) => one<IncidentRow>('updateIncident', `UPDATE incidents SET time_us = $1, confidence = $2,
        n_boards = $3, lat = $4, lon = $5, error_m = $6, updated_ms = $7 WHERE id = $8 RETURNING *`,
      [i.time_us, i.confidence, i.n_boards, i.lat, i.lon, i.error_m, i.updated_ms, i.id]),
      attachDetection: (incidentId: number, detectionId: number) => run('attach', 'UPDATE detections SET incident_id = $1 WHERE id = $2', [incidentId, detectionId]),
      incidentDetections: (incidentId: number) => all<DetectionRow>('incidentDetections', 'SELECT * FROM detections WHERE incident_id = $1 ORDER BY time_us', [incidentId]),
      incident: (id: number) => one<IncidentRow>('incident', 'SELECT * FROM incidents WHERE id = $1', [id]),
      maxIncidentTimeUs: async () => (await one<{ t: number | null }>('maxIncidentTime', 'SELECT max(time_us) AS t FROM incidents'))!.t,
      incidentMembersSince: async (fromUs: number) => {
        const out = new Map<number, { id: number; timeUs: number; boards: Set<string> }>();
        for (const r of await all<{ id: number; time_us: number; board_id: string }>('membersSince',
          'SELECT i.id, i.time_us, d.board_id FROM incidents i JOIN detections d ON d.incident_id = i.id WHERE i.time_us >= $1', [fromUs])) {
          const e = out.get(r.id) ?? { id: r.id, timeUs: r.time_us, boards: new Set<string>() };
          e.boards.add(r.board_id);
          out.set(r.id, e);
        }
        return [...out.values()];
      },
      incidents: async (f: IncidentFilter = {}) => {
        const where: string[] = [];
        const args: (number | string)[] = [];
        if (f.sinceUs !== undefined) { args.push(f.sinceUs); where.push(`time_us >= $${args.length}`); }
        if (f.minConfidence !== undefined) { args.push(f.minConfidence); where.push(`confidence >= $${args.length}`); }
        if (f.located !== undefined) where.push(f.located ? 'lat IS NOT NULL' : 'lat IS NULL');
        args.push(f.limit ?? 100);
        return (await q<IncidentRow>(null, `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time_us DESC LIMIT $${args.length}`, args)).rows;
      },
      createAlert: async (incidentId: number, now = Date.now()) =>
        (await one<{ id: number }>('insertAlert', 'INSERT INTO alerts (incident_id, created_ms) VALUES ($1, $2) RETURNING id', [incidentId, now]))!.id,
      alert: (id: number) => one<AlertRow>('alert', 'SELECT * FROM alerts WHERE id = $1', [id]),
      alertOfIncident: (incidentId: number) => one<AlertRow>('alertOfIncident', 'SELECT * FROM alerts WHERE incident_id = $1', [incidentId]),
      acknowledgeAlert: async (id: number, by: string, note: string | null, now = Date.now()) => (await q('ackAlert',
        'UPDATE alerts SET acknowledged_by = $1, acknowledged_ms = $2, note = $3 WHERE id = $4 AND acknowledged_ms IS NULL', [by, now, note, id])).rowCount === 1,
      enqueueWebhook: (alertId: number, url: string, key: string, body: string, now = Date.now()) => run('enqueue',
        'INSERT INTO webhook_outbox (alert_id, url, idempotency_key, body, next_attempt_ms) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING',
        [alertId, url, key, body, now]),
      claimDueWebhooks: async (now: number, leaseMs: number, limit = 20) => (await all<OutboxRow>('claimDue', `UPDATE webhook_outbox SET next_attempt_ms = $2
        WHERE id IN (SELECT id FROM webhook_outbox WHERE delivered_ms IS NULL AND next_attempt_ms <= $1 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING *`, [now, now + leaseMs, limit])).sort((a, b) => a.id - b.id),
      markDelivered: (id: number, now = Date.now()) => run('delivered', 'UPDATE webhook_outbox SET delivered_ms = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2', [now, id]),
      markFailed: (id: number, nextAttemptMs: number, error: string) => run('failed',
        'UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_ms = $1, last_error = $2 WHERE id = $3', [nextAttemptMs, error.slice(0, 500), id]),
      outbox: () => all<OutboxRow>('outbox', 'SELECT * FROM webhook_outbox ORDER BY id'),
      insertVerification: async (boardId: string, clips: number, agree: number, maxScoreDiff: number | null, summary: unknown, now = Date.now()) =>
        (await one<{ id: number }>('insertVerification', `INSERT INTO verification_results (board_id, created_ms, clips, agree, max_score_diff, summary_json)
          VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [boardId, now, clips, agree, maxScoreDiff, JSON.stringify(summary)]))!.id,
      latestVerification: () => one<VerificationRow>('latestVerification', 'SELECT * FROM verification_results ORDER BY id DESC LIMIT 1'),
      counts: async () => (await one<StoreCounts>('counts', `SELECT (SELECT count(*) FROM detections)::int AS detections, (SELECT count(*) FROM incidents)::int AS incidents,
        (SELECT count(*) FROM alerts)::int AS alerts, (SELECT count(*) FROM alerts WHERE acknowledged_ms IS NULL)::int AS alerts_open,
        (SELECT count(*) FROM webhook_outbox WHERE delivered_ms IS NULL)::int AS outbox_pending,
        (SELECT count(*) FROM webhook_outbox WHERE delivered_ms IS NOT NULL)::int AS outbox_delivered`))!,
      detectionKeys: () => all<{ board_id: string; event_id: number; received_ms: number; incident_id: number | null }>('detectionKeys',
        'SELECT board_id, event_id, received_ms, incident_id FROM detections ORDER BY id'),
      migrations: () => all<{ id: number; name: string }>('migrations', 'SELECT id, name FROM migrations ORDER BY id'),
      lockIngest: () => run('lockIngest', 'SELECT pg_advisory_xact_lock($1)', [INGEST_LOCK.toString()]),
    };
  }

  function bulkOps(q: Query): BulkIngest {
    const col = <T, K extends keyof T>(rows: T[], k: K) => rows.map((r) => r[k]);
    return {
      async positions(boardIds) {
        const rows = boardIds.length ? (await q<{ id: string; lat: number | null; lon: number | null }>('bulkPositions',
          'SELECT id, lat, lon FROM boards WHERE id = ANY($1::text[])', [boardIds])).rows : [];
        return new Map(rows.filter((r) => r.lat !== null && r.lon !== null).map((r) => [r.id, { lat: r.lat!, lon: r.lon! }]));
      },
      async neighbourhood(ds, fromUs, toUs) {
        // One round trip: the batch's keys already stored ('s'), the echo rule's rows ('d') and the incidents
        // with alert and members ('i', one row per member). Every part must walk an index whatever the
        // table sizes: the statement is prepared, and a generic plan chosen while a table was small (a join
        // to alerts became a sequential scan of it) would otherwise stay for the life of the connection.
        const boardIds = [...new Set(ds.map((d) => d.board_id))];
        const rows = (await q<{ k: string; id: number | null; board_id: string | null; time_us: number; echo: number | null; created_ms: number | null;
          alert_id: number | null; member_id: number | null; member_time_us: number | null; probability: number | null }>('neighbourhood',
        `SELECT 's' AS k, NULL::bigint AS id, board_id, event_id AS time_us, NULL::int AS echo, board_time_us AS created_ms, NULL::bigint AS alert_id,
             NULL::bigint AS member_id, NULL::bigint AS member_time_us, NULL::float8 AS probability
           FROM detections WHERE (board_id, event_id, board_time_us) IN (SELECT * FROM unnest($4::text[], $5::bigint[], $6::bigint[]))
         UNION ALL
         SELECT 'd', NULL, board_id, time_us, echo, NULL, NULL, NULL, NULL, NULL
           FROM detections WHERE board_id = ANY($1::text[]) AND time_us BETWEEN $2 AND $3
         UNION ALL
         SELECT 'i', i.id, d.board_id, i.time_us, NULL, i.created_ms, (SELECT a.id FROM alerts a WHERE a.incident_id = i.id), d.id, d.time_us, d.probability
           FROM incidents i LEFT JOIN detections d ON d.incident_id = i.id
           WHERE i.time_us BETWEEN $2 AND $3`, [boardIds, fromUs, toUs, col(ds, 'board_id'), col(ds, 'event_id'), col(ds, 'board_time_us')])).rows;
        const stored = new Set<string>();
        const detections: Neighbourhood['detections'] = [];
        const incidents = new Map<number, Neighbourhood['incidents'][number]>();
        for (const r of rows) {
          if (r.k === 's') stored.add(detectionKey({ board_id: r.board_id!, event_id: r.time_us, board_time_us: r.created_ms! }));
          else if (r.k === 'd') detections.push({ board_id: r.board_id!, time_us: r.time_us, echo: r.echo! });
          else {
            const i = incidents.get(r.id!) ?? incidents.set(r.id!, { id: r.id!, time_us: r.time_us, created_ms: r.created_ms!, alert_id: r.alert_id!, members: [] }).get(r.id!)!;
            if (r.member_id !== null) i.members.push({ id: r.member_id, board_id: r.board_id!, time_us: r.member_time_us!, probability: r.probability! });
          }
        }
        return { stored, detections, incidents: [...incidents.values()] };
      },
      async reserveIds(incidents, detections) {
        const r = (await q<{ i: string[]; a: string[]; d: string[] }>('reserveIds', `SELECT
          ARRAY(SELECT nextval('incidents_id_seq') FROM generate_series(1, $1)) AS i,
          ARRAY(SELECT nextval('alerts_id_seq') FROM generate_series(1, $1)) AS a,
          ARRAY(SELECT nextval('detections_id_seq') FROM generate_series(1, $2)) AS d`, [incidents, detections])).rows[0];
        return { incidents: r.i.map(Number), alerts: r.a.map(Number), detections: r.d.map(Number) };
      },
      async writeBatch(w) {
        // One statement: its parts see the same snapshot and touch different rows; the foreign keys are
        // checked at its end, when the new incidents and alerts exist. Detections are inserted without
        // ON CONFLICT: under the ingest lock a re-send was already recognised (neighbourhood), and any
        // other conflict fails the batch (nothing is ACKed) instead of being skipped silently.
        const ni = w.newIncidents, ui = w.updatedIncidents, ds = w.detections;
        await q('writeBatch', `WITH
          ni AS (INSERT INTO incidents (id, time_us, confidence, n_boards, lat, lon, error_m, created_ms, updated_ms)
            SELECT id, t, c, n, lat, lon, e, $1, $1
            FROM unnest($2::bigint[], $3::bigint[], $4::float8[], $5::int[], $6::float8[], $7::float8[], $8::float8[]) AS u(id, t, c, n, lat, lon, e)),
          na AS (INSERT INTO alerts (id, incident_id, created_ms) SELECT a, i, $1 FROM unnest($9::bigint[], $2::bigint[]) AS u(a, i)),
          ui AS (UPDATE incidents i SET time_us = u.t, confidence = u.c, n_boards = u.n, lat = u.lat, lon = u.lon, error_m = u.e, updated_ms = $1
            FROM unnest($10::bigint[], $11::bigint[], $12::float8[], $13::int[], $14::float8[], $15::float8[], $16::float8[]) AS u(id, t, c, n, lat, lon, e)
            WHERE i.id = u.id),
          nd AS (INSERT INTO detections (id, board_id, event_id, board_time_us, time_us, window_start_us, score, probability, peak_level, energy,
              received_ms, port, echo, incident_id)
            SELECT * FROM unnest($17::bigint[], $18::text[], $19::bigint[], $20::bigint[], $21::bigint[], $22::bigint[], $23::int[], $24::float8[],
              $25::int[], $26::bigint[], $27::bigint[], $28::text[], $29::int[], $30::bigint[])),
          wh AS (INSERT INTO webhook_outbox (alert_id, url, idempotency_key, body, next_attempt_ms)
            SELECT a, u, k, b, $1 FROM unnest($31::bigint[], $32::text[], $33::text[], $34::text[]) AS x(a, u, k, b)
            ON CONFLICT (idempotency_key) DO NOTHING)
          SELECT 1`, [w.now,
          col(ni, 'id'), col(ni, 'time_us'), col(ni, 'confidence'), col(ni, 'n_boards'), col(ni, 'lat'), col(ni, 'lon'), col(ni, 'error_m'), col(ni, 'alert_id'),
          col(ui, 'id'), col(ui, 'time_us'), col(ui, 'confidence'), col(ui, 'n_boards'), col(ui, 'lat'), col(ui, 'lon'), col(ui, 'error_m'),
          col(ds, 'id'), col(ds, 'board_id'), col(ds, 'event_id'), col(ds, 'board_time_us'), col(ds, 'time_us'), col(ds, 'window_start_us'), col(ds, 'score'),
          col(ds, 'probability'), col(ds, 'peak_level'), col(ds, 'energy'), col(ds, 'received_ms'), col(ds, 'port'), col(ds, 'echo'), col(ds, 'incident_id'),
          col(w.webhooks, 'alert_id'), col(w.webhooks, 'url'), col(w.webhooks, 'key'), col(w.webhooks, 'body')]);
      },
    };
  }

  const store: Store = {
    kind: 'postgres',
    shared: true,
    ...ops(viaPool),
    bulk: bulkOps(viaPool),
    async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const viaClient: Query = (name, text, values) => client.query(name ? { name, text, values } : { text, values });
      const tx: Store = { ...store, ...ops(viaClient), bulk: bulkOps(viaClient), transaction: (f) => f(tx) };
      let broken = false;
      try {
        await client.query('BEGIN');
        const r = await fn(tx);
        await client.query('COMMIT');
        return r;
      } catch (err) {
        try { await client.query('ROLLBACK'); } catch { broken = true; }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async close() { await pool.end(); },
  };
  return store;
}

/** Applies pending migrations under an advisory lock: gateways starting together apply each once. */
async function migrate(pool: pg.Pool, migrations: Migration[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK.toString()]);
    await client.query('CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)');
    const applied = new Set((await client.query<{ id: number }>('SELECT id FROM migrations')).rows.map((r) => r.id));
    for (const m of migrations) {
      if (applied.has(m.id)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO migrations (id, name, applied_ms) VALUES ($1, $2, $3)', [m.id, m.name, Date.now()]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
