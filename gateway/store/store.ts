// The embedded SQLite store (better-sqlite3): every SQL statement lives here, prepared once. The
// calls are synchronous underneath and wrapped as promises to meet the Store contract (types.ts) the
// PostgreSQL store shares. Writes outside a transaction wait for an open transaction to finish, so
// nothing joins a transaction it does not belong to.
import type { Db } from './db.ts';
import {
  detectionKey, healthJson, type BulkIngest, type Neighbourhood, type AlertRow, type BoardRow, type ConflictRow, type DetectionRow, type IncidentFilter, type IncidentRow,
  type NewBoard, type NewDetection, type OutboxRow, type Store, type StoreCounts, type VerificationRow,
} from './types.ts';

export type { BoardRow, DetectionRow, NewDetection, IncidentRow, AlertRow, OutboxRow, IncidentFilter, Store } from './types.ts';

export type SqliteStore = Store & { readonly kind: 'sqlite'; readonly db: Db };

export function createStore(db: Db): SqliteStore {
  const q = {
    upsertBoard: db.prepare(`INSERT INTO boards (id, port, firmware, model_hash, model_hash_ok, lat, lon, alt_m, status, first_seen_ms, last_seen_ms)
      VALUES (@id, @port, @firmware, @model_hash, @model_hash_ok, @lat, @lon, @alt_m, @status, @now, @now)
      ON CONFLICT(id) DO UPDATE SET port = excluded.port, firmware = excluded.firmware, model_hash = excluded.model_hash,
        model_hash_ok = excluded.model_hash_ok, lat = COALESCE(excluded.lat, boards.lat), lon = COALESCE(excluded.lon, boards.lon),
        alt_m = COALESCE(excluded.alt_m, boards.alt_m), status = excluded.status, last_seen_ms = excluded.last_seen_ms`),
    setStatus: db.prepare('UPDATE boards SET status = ?, last_seen_ms = ? WHERE id = ?'),
    setHealth: db.prepare('UPDATE boards SET health_json = ?, last_seen_ms = ?, status = ? WHERE id = ?'),
    setConflict: db.prepare('UPDATE boards SET conflict = 1 WHERE id = ?'),
    addConflict: db.prepare('INSERT INTO board_conflicts (board_id, port, other_port, at_ms) VALUES (?, ?, ?, ?)'),
    board: db.prepare('SELECT * FROM boards WHERE id = ?'),
    boards: db.prepare('SELECT * FROM boards ORDER BY id'),
    conflicts: db.prepare('SELECT * FROM board_conflicts ORDER BY id'),
    // Only a repeat of (board, event, timestamp) is ignored; OR IGNORE would also swallow a NOT NULL violation.
    insertDetection: db.prepare(`INSERT INTO detections (board_id, event_id, board_time_us, time_us, window_start_us, score,
      probability, peak_level, energy, received_ms, port) VALUES (@board_id, @event_id, @board_time_us, @time_us, @window_start_us,
      @score, @probability, @peak_level, @energy, @received_ms, @port) ON CONFLICT (board_id, event_id, board_time_us) DO NOTHING`),
    previousFused: db.prepare(`SELECT * FROM detections WHERE board_id = ? AND echo = 0 AND id != ? AND time_us BETWEEN ? AND ?
      ORDER BY time_us DESC LIMIT 1`),
    markEcho: db.prepare('UPDATE detections SET echo = 1 WHERE id = ?'),
    // Two index walks (one each way from t) that stop at the first incident this board is not part of;
    // ORDER BY abs(…) would scan every incident in the window, which a busy field cannot afford.
    nearestBefore: db.prepare(`SELECT i.* FROM incidents i WHERE i.time_us BETWEEN ? AND ?
      AND NOT EXISTS (SELECT 1 FROM detections d WHERE d.incident_id = i.id AND d.board_id = ?)
      ORDER BY i.time_us DESC LIMIT 1`),
    nearestAfter: db.prepare(`SELECT i.* FROM incidents i WHERE i.time_us BETWEEN ? AND ?
      AND NOT EXISTS (SELECT 1 FROM detections d WHERE d.incident_id = i.id AND d.board_id = ?)
      ORDER BY i.time_us ASC LIMIT 1`),
    insertIncident: db.prepare(`INSERT INTO incidents (time_us, confidence, n_boards, created_ms, updated_ms) VALUES (?, ?, 1, ?, ?)`),
    updateIncident: db.prepare(`UPDATE incidents SET time_us = @time_us, confidence = @confidence, n_boards = @n_boards, lat = @lat,
      lon = @lon, error_m = @error_m, updated_ms = @updated_ms WHERE id = @id RETURNING *`),
    attach: db.prepare('UPDATE detections SET incident_id = ? WHERE id = ?'),
    incidentDetections: db.prepare('SELECT * FROM detections WHERE incident_id = ? ORDER BY time_us'),
    incident: db.prepare('SELECT * FROM incidents WHERE id = ?'),
    maxIncidentTime: db.prepare('SELECT max(time_us) AS t FROM incidents'),
    incidentMembersSince: db.prepare(`SELECT i.id, i.time_us, d.board_id FROM incidents i JOIN detections d ON d.incident_id = i.id
      WHERE i.time_us >= ?`),
    insertAlert: db.prepare('INSERT INTO alerts (incident_id, created_ms) VALUES (?, ?)'),
    alert: db.prepare('SELECT * FROM alerts WHERE id = ?'),
    alertOfIncident: db.prepare('SELECT * FROM alerts WHERE incident_id = ?'),
    ackAlert: db.prepare(`UPDATE alerts SET acknowledged_by = ?, acknowledged_ms = ?, note = ? WHERE id = ? AND acknowledged_ms IS NULL`),
    enqueue: db.prepare(`INSERT INTO webhook_outbox (alert_id, url, idempotency_key, body, next_attempt_ms) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (idempotency_key) DO NOTHING`),
    due: db.prepare('SELECT * FROM webhook_outbox WHERE delivered_ms IS NULL AND next_attempt_ms <= ? ORDER BY id LIMIT ?'),
    lease: db.prepare('UPDATE webhook_outbox SET next_attempt_ms = ? WHERE id = ?'),
    detectionKeys: db.prepare('SELECT board_id, event_id, received_ms, incident_id FROM detections ORDER BY id'),
    migrations: db.prepare('SELECT id, name FROM migrations ORDER BY id'),
    delivered: db.prepare('UPDATE webhook_outbox SET delivered_ms = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?'),
    failed: db.prepare('UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? WHERE id = ?'),
    outbox: db.prepare('SELECT * FROM webhook_outbox ORDER BY id'),
    insertVerification: db.prepare(`INSERT INTO verification_results (board_id, created_ms, clips, agree, max_score_diff, summary_json)
      VALUES (?, ?, ?, ?, ?, ?)`),
    latestVerification: db.prepare('SELECT * FROM verification_results ORDER BY id DESC LIMIT 1'),
    // Set-at-a-time ingest (bulk below): the PostgreSQL store's steps, a row at a time.
    detectionsOfBoardBetween: db.prepare('SELECT board_id, time_us, echo FROM detections WHERE board_id = ? AND time_us BETWEEN ? AND ?'),
    incidentsWithMembers: db.prepare(`SELECT i.id, i.time_us, i.created_ms, a.id AS alert_id, d.id AS member_id, d.board_id,
      d.time_us AS member_time_us, d.probability FROM incidents i JOIN alerts a ON a.incident_id = i.id
      LEFT JOIN detections d ON d.incident_id = i.id WHERE i.time_us BETWEEN ? AND ?`),
    maxIds: db.prepare(`SELECT (SELECT coalesce(max(id), 0) FROM incidents) AS i, (SELECT coalesce(max(id), 0) FROM alerts) AS a,
      (SELECT coalesce(max(id), 0) FROM detections) AS d`),
    detectionExists: db.prepare('SELECT 1 FROM detections WHERE board_id = ? AND event_id = ? AND board_time_us = ?'),
    insertDetectionRow: db.prepare(`INSERT INTO detections (id, board_id, event_id, board_time_us, time_us, window_start_us, score,
      probability, peak_level, energy, received_ms, port, echo, incident_id) VALUES (@id, @board_id, @event_id, @board_time_us, @time_us,
      @window_start_us, @score, @probability, @peak_level, @energy, @received_ms, @port, @echo, @incident_id)`),
    insertIncidentRow: db.prepare(`INSERT INTO incidents (id, time_us, confidence, n_boards, lat, lon, error_m, created_ms, updated_ms)
      VALUES (@id, @time_us, @confidence, @n_boards, @lat, @lon, @error_m, @now, @now)`),
    insertAlertRow: db.prepare('INSERT INTO alerts (id, incident_id, created_ms) VALUES (?, ?, ?)'),
    updateIncidentRow: db.prepare(`UPDATE incidents SET time_us = @time_us, confidence = @confidence, n_boards = @n_boards, lat = @lat,
      lon = @lon, error_m = @error_m, updated_ms = @now WHERE id = @id`),
    position: db.prepare('SELECT lat, lon FROM boards WHERE id = ?'),
    counts: db.prepare(`SELECT (SELECT count(*) FROM detections) AS detections, (SELECT count(*) FROM incidents) AS incidents,
      (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM alerts WHERE acknowledged_ms IS NULL) AS alerts_open,
      (SELECT count(*) FROM webhook_outbox WHERE delivered_ms IS NULL) AS outbox_pending,
      (SELECT count(*) FROM webhook_outbox WHERE delivered_ms IS NOT NULL) AS outbox_delivered`),
  };

  // The open transaction's end; writes from outside it queue behind it.
  let txDone: Promise<unknown> = Promise.resolve();
  let inTx = false;
  /** A write outside a transaction: runs now, or after the open transaction ended. */
  const write = <T>(f: () => T): Promise<T> => (inTx ? txDone.then(f, f) : Promise.resolve(f()));
  const read = <T>(f: () => T): Promise<T> => Promise.resolve(f());

  function ops(w: <T>(f: () => T) => Promise<T>) {
    return {
      upsertBoard: (b: NewBoard, now = Date.now()) => w(() => { q.upsertBoard.run({ ...b, now }); }),
      setBoardStatus: (id: string, status: string, now = Date.now()) => w(() => { q.setStatus.run(status, now, id); }),
      setBoardHealth: (id: string, health: unknown, status: string, now = Date.now()) => w(() => { q.setHealth.run(healthJson(health), now, status, id); }),
      recordConflict: (boardId: string, port: string, otherPort: string | null, now = Date.now()) => w(() => {
        q.addConflict.run(boardId, port, otherPort, now);
        q.setConflict.run(boardId);
      }),
      board: (id: string) => read(() => q.board.get(id) as BoardRow | undefined),
      boards: () => read(() => q.boards.all() as BoardRow[]),
      conflicts: () => read(() => q.conflicts.all() as ConflictRow[]),
      insertDetection: (d: NewDetection) => w(() => {
        const r = q.insertDetection.run(d);
        return r.changes === 1 ? Number(r.lastInsertRowid) : null;
      }),
      previousFusedDetection: (boardId: string, excludeId: number, fromUs: number, toUs: number) =>
        read(() => q.previousFused.get(boardId, excludeId, fromUs, toUs) as DetectionRow | undefined),
      markEcho: (id: number) => w(() => { q.markEcho.run(id); }),
      nearestIncident: (timeUs: number, windowUs: number, excludingBoard: string) => read(() => {
        const before = q.nearestBefore.get(timeUs - windowUs, timeUs, excludingBoard) as IncidentRow | undefined;
        const after = q.nearestAfter.get(timeUs, timeUs + windowUs, excludingBoard) as IncidentRow | undefined;
        if (!before || !after) return before ?? after;
        return timeUs - before.time_us <= after.time_us - timeUs ? before : after;
      }),
      createIncident: (timeUs: number, confidence: number, now = Date.now()) => w(() => Number(q.insertIncident.run(timeUs, confidence, now, now).lastInsertRowid)),
      updateIncident: (i: Omit<IncidentRow, 'created_ms'>) => w(() => q.updateIncident.get(i) as IncidentRow | undefined),
      attachDetection: (incidentId: number, detectionId: number) => w(() => { q.attach.run(incidentId, detectionId); }),
      incidentDetections: (incidentId: number) => read(() => q.incidentDetections.all(incidentId) as DetectionRow[]),
      incident: (id: number) => read(() => q.incident.get(id) as IncidentRow | undefined),
      maxIncidentTimeUs: () => read(() => (q.maxIncidentTime.get() as { t: number | null }).t),
      incidentMembersSince: (fromUs: number) => read(() => {
        const out = new Map<number, { id: number; timeUs: number; boards: Set<string> }>();
        for (const r of q.incidentMembersSince.all(fromUs) as { id: number; time_us: number; board_id: string }[]) {
          const e = out.get(r.id) ?? { id: r.id, timeUs: r.time_us, boards: new Set<string>() };
          e.boards.add(r.board_id);
          out.set(r.id, e);
        }
        return [...out.values()];
      }),
      incidents: (f: IncidentFilter = {}) => read(() => {
        const where: string[] = [];
        const args: (number | string)[] = [];
        if (f.sinceUs !== undefined) { where.push('time_us >= ?'); args.push(f.sinceUs); }
        if (f.minConfidence !== undefined) { where.push('confidence >= ?'); args.push(f.minConfidence); }
        if (f.located !== undefined) where.push(f.located ? 'lat IS NOT NULL' : 'lat IS NULL');
        const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time_us DESC LIMIT ?`;
        return db.prepare(sql).all(...args, f.limit ?? 100) as IncidentRow[];
      }),
      createAlert: (incidentId: number, now = Date.now()) => w(() => Number(q.insertAlert.run(incidentId, now).lastInsertRowid)),
      alert: (id: number) => read(() => q.alert.get(id) as AlertRow | undefined),
      alertOfIncident: (incidentId: number) => read(() => q.alertOfIncident.get(incidentId) as AlertRow | undefined),
      acknowledgeAlert: (id: number, by: string, note: string | null, now = Date.now()) => w(() => q.ackAlert.run(by, now, note, id).changes === 1),
      enqueueWebhook: (alertId: number, url: string, key: string, body: string, now = Date.now()) => w(() => { q.enqueue.run(alertId, url, key, body, now); }),
      claimDueWebhooks: (now: number, leaseMs: number, limit = 20) => w(() => db.transaction(() => {
        const rows = q.due.all(now, limit) as OutboxRow[];
        for (const r of rows) q.lease.run(now + leaseMs, r.id);
        return rows;
      })()),
      markDelivered: (id: number, now = Date.now()) => w(() => { q.delivered.run(now, id); }),
      markFailed: (id: number, nextAttemptMs: number, error: string) => w(() => { q.failed.run(nextAttemptMs, error.slice(0, 500), id); }),
      outbox: () => read(() => q.outbox.all() as OutboxRow[]),
      insertVerification: (boardId: string, clips: number, agree: number, maxScoreDiff: number | null, summary: unknown, now = Date.now()) =>
        w(() => Number(q.insertVerification.run(boardId, now, clips, agree, maxScoreDiff, JSON.stringify(summary)).lastInsertRowid)),
      latestVerification: () => read(() => q.latestVerification.get() as VerificationRow | undefined),
      counts: () => read(() => q.counts.get() as StoreCounts),
      detectionKeys: () => read(() => q.detectionKeys.all() as { board_id: string; event_id: number; received_ms: number; incident_id: number | null }[]),
      migrations: () => read(() => q.migrations.all() as { id: number; name: string }[]),
      lockIngest: () => Promise.resolve(),
    };
  }

  // Each step runs its statements synchronously: one promise per step, not per row. Called inside the
  // ingest transaction only (the incident service), so no write queueing is needed.
  const bulk: BulkIngest = {
    positions: (boardIds) => read(() => {
      const out = new Map<string, { lat: number; lon: number }>();
      for (const b of boardIds) {
        const r = q.position.get(b) as { lat: number | null; lon: number | null } | undefined;
        if (r && r.lat !== null && r.lon !== null) out.set(b, { lat: r.lat, lon: r.lon });
      }
      return out;
    }),
    neighbourhood: (ds, fromUs, toUs) => read(() => {
      const stored = new Set(ds.filter((d) => q.detectionExists.get(d.board_id, d.event_id, d.board_time_us) !== undefined).map(detectionKey));
      const detections = [...new Set(ds.map((d) => d.board_id))].flatMap((b) => q.detectionsOfBoardBetween.all(b, fromUs, toUs) as Neighbourhood['detections']);
      const incidents = new Map<number, Neighbourhood['incidents'][number]>();
      for (const r of q.incidentsWithMembers.all(fromUs, toUs) as { id: number; time_us: number; created_ms: number; alert_id: number;
        member_id: number | null; board_id: string | null; member_time_us: number | null; probability: number | null }[]) {
        const i = incidents.get(r.id) ?? incidents.set(r.id, { id: r.id, time_us: r.time_us, created_ms: r.created_ms, alert_id: r.alert_id, members: [] }).get(r.id)!;
        if (r.member_id !== null) i.members.push({ id: r.member_id, board_id: r.board_id!, time_us: r.member_time_us!, probability: r.probability! });
      }
      return { stored, detections, incidents: [...incidents.values()] };
    }),
    // The transaction holds SQLite's write lock, so the next ids are free until it commits.
    reserveIds: (incidents, detections) => read(() => {
      const m = q.maxIds.get() as { i: number; a: number; d: number };
      const from = (start: number, n: number) => Array.from({ length: n }, (_, k) => start + 1 + k);
      return { incidents: from(m.i, incidents), alerts: from(m.a, incidents), detections: from(m.d, detections) };
    }),
    writeBatch: (w) => read(() => {
      for (const i of w.newIncidents) {
        q.insertIncidentRow.run({ id: i.id, time_us: i.time_us, confidence: i.confidence, n_boards: i.n_boards, lat: i.lat, lon: i.lon, error_m: i.error_m, now: w.now });
        q.insertAlertRow.run(i.alert_id, i.id, w.now);
      }
      for (const i of w.updatedIncidents) q.updateIncidentRow.run({ ...i, now: w.now });
      for (const d of w.detections) q.insertDetectionRow.run(d);
      for (const h of w.webhooks) q.enqueue.run(h.alert_id, h.url, h.key, h.body, w.now);
    }),
  };

  const direct = <T>(f: () => T): Promise<T> => Promise.resolve(f());
  const store: SqliteStore = {
    kind: 'sqlite',
    shared: false,
    db,
    bulk,
    ...ops(write),
    transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      const run = txDone.then(async () => {
        const tx: Store = { ...store, ...ops(direct), transaction: (f) => f(tx) };
        db.exec('BEGIN IMMEDIATE');
        inTx = true;
        try {
          const r = await fn(tx);
          db.exec('COMMIT');
          return r;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        } finally {
          inTx = false;
        }
      });
      txDone = run.catch(() => {});
      return run;
    },
    async close() { db.close(); },
  };
  return store;
}
