// Data access for the gateway: every SQL statement lives here, prepared once. Plain rows in, plain
// objects out; the services above decide what the rows mean.
import type { Db } from './db.ts';

export interface BoardRow {
  id: string; port: string | null; firmware: string | null; model_hash: string | null; model_hash_ok: number | null;
  lat: number | null; lon: number | null; alt_m: number | null; status: string;
  first_seen_ms: number; last_seen_ms: number; health_json: string | null; conflict: number;
}
export interface DetectionRow {
  id: number; board_id: string; event_id: number; board_time_us: number; time_us: number; window_start_us: number;
  score: number; probability: number; peak_level: number; energy: number; received_ms: number; port: string | null;
  echo: number; incident_id: number | null;
}
export type NewDetection = Omit<DetectionRow, 'id' | 'echo' | 'incident_id'>;
export interface IncidentRow {
  id: number; time_us: number; confidence: number; n_boards: number; lat: number | null; lon: number | null;
  error_m: number | null; created_ms: number; updated_ms: number;
}
export interface AlertRow { id: number; incident_id: number; created_ms: number; acknowledged_by: string | null; acknowledged_ms: number | null; note: string | null }
export interface OutboxRow {
  id: number; alert_id: number; url: string; idempotency_key: string; body: string; attempts: number;
  next_attempt_ms: number; delivered_ms: number | null; last_error: string | null;
}
export interface IncidentFilter { sinceUs?: number; minConfidence?: number; located?: boolean; limit?: number }

export function createStore(db: Db) {
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
    insertDetection: db.prepare(`INSERT OR IGNORE INTO detections (board_id, event_id, board_time_us, time_us, window_start_us, score,
      probability, peak_level, energy, received_ms, port) VALUES (@board_id, @event_id, @board_time_us, @time_us, @window_start_us,
      @score, @probability, @peak_level, @energy, @received_ms, @port)`),
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
    enqueue: db.prepare(`INSERT OR IGNORE INTO webhook_outbox (alert_id, url, idempotency_key, body, next_attempt_ms) VALUES (?, ?, ?, ?, ?)`),
    due: db.prepare('SELECT * FROM webhook_outbox WHERE delivered_ms IS NULL AND next_attempt_ms <= ? ORDER BY id LIMIT ?'),
    delivered: db.prepare('UPDATE webhook_outbox SET delivered_ms = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?'),
    failed: db.prepare('UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? WHERE id = ?'),
    outbox: db.prepare('SELECT * FROM webhook_outbox ORDER BY id'),
    insertVerification: db.prepare(`INSERT INTO verification_results (board_id, created_ms, clips, agree, max_score_diff, summary_json)
      VALUES (?, ?, ?, ?, ?, ?)`),
    latestVerification: db.prepare('SELECT * FROM verification_results ORDER BY id DESC LIMIT 1'),
    counts: db.prepare(`SELECT (SELECT count(*) FROM detections) AS detections, (SELECT count(*) FROM incidents) AS incidents,
      (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM alerts WHERE acknowledged_ms IS NULL) AS alerts_open,
      (SELECT count(*) FROM webhook_outbox WHERE delivered_ms IS NULL) AS outbox_pending,
      (SELECT count(*) FROM webhook_outbox WHERE delivered_ms IS NOT NULL) AS outbox_delivered`),
  };

  return {
    db,
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    upsertBoard: (b: Omit<BoardRow, 'first_seen_ms' | 'last_seen_ms' | 'health_json' | 'conflict'>, now = Date.now()) => { q.upsertBoard.run({ ...b, now }); },
    setBoardStatus: (id: string, status: string, now = Date.now()) => { q.setStatus.run(status, now, id); },
    setBoardHealth: (id: string, health: unknown, status: string, now = Date.now()) => {
      q.setHealth.run(JSON.stringify(health, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)), now, status, id);
    },
    recordConflict: (boardId: string, port: string, otherPort: string | null, now = Date.now()) => {
      q.addConflict.run(boardId, port, otherPort, now);
      q.setConflict.run(boardId);
    },
    board: (id: string) => q.board.get(id) as BoardRow | undefined,
    boards: () => q.boards.all() as BoardRow[],
    conflicts: () => q.conflicts.all() as { id: number; board_id: string; port: string; other_port: string | null; at_ms: number }[],
    /** Returns the new row id, or null when this (board, event, timestamp) is already stored. */
    insertDetection: (d: NewDetection): number | null => {
      const r = q.insertDetection.run(d);
      return r.changes === 1 ? Number(r.lastInsertRowid) : null;
    },
    previousFusedDetection: (boardId: string, excludeId: number, fromUs: number, toUs: number) =>
      q.previousFused.get(boardId, excludeId, fromUs, toUs) as DetectionRow | undefined,
    markEcho: (id: number) => { q.markEcho.run(id); },
    /** The incident closest in time (within ±windowUs) that has no detection from `excludingBoard` yet. */
    nearestIncident: (timeUs: number, windowUs: number, excludingBoard: string): IncidentRow | undefined => {
      const before = q.nearestBefore.get(timeUs - windowUs, timeUs, excludingBoard) as IncidentRow | undefined;
      const after = q.nearestAfter.get(timeUs, timeUs + windowUs, excludingBoard) as IncidentRow | undefined;
      if (!before || !after) return before ?? after;
      return timeUs - before.time_us <= after.time_us - timeUs ? before : after;
    },
    createIncident: (timeUs: number, confidence: number, now = Date.now()) => Number(q.insertIncident.run(timeUs, confidence, now, now).lastInsertRowid),
    /** Returns the updated row (undefined when there is no such incident). */
    updateIncident: (i: Omit<IncidentRow, 'created_ms'>) => q.updateIncident.get(i) as IncidentRow | undefined,
    attachDetection: (incidentId: number, detectionId: number) => { q.attach.run(incidentId, detectionId); },
    incidentDetections: (incidentId: number) => q.incidentDetections.all(incidentId) as DetectionRow[],
    incident: (id: number) => q.incident.get(id) as IncidentRow | undefined,
    maxIncidentTimeUs: () => (q.maxIncidentTime.get() as { t: number | null }).t,
    /** Incidents from `fromUs` on with their member boards. */
    incidentMembersSince: (fromUs: number) => {
      const out = new Map<number, { id: number; timeUs: number; boards: Set<string> }>();
      for (const r of q.incidentMembersSince.all(fromUs) as { id: number; time_us: number; board_id: string }[]) {
        const e = out.get(r.id) ?? { id: r.id, timeUs: r.time_us, boards: new Set<string>() };
        e.boards.add(r.board_id);
        out.set(r.id, e);
      }
      return [...out.values()];
    },
    incidents: (f: IncidentFilter = {}) => {
      const where: string[] = [];
      const args: (number | string)[] = [];
      if (f.sinceUs !== undefined) { where.push('time_us >= ?'); args.push(f.sinceUs); }
      if (f.minConfidence !== undefined) { where.push('confidence >= ?'); args.push(f.minConfidence); }
      if (f.located !== undefined) where.push(f.located ? 'lat IS NOT NULL' : 'lat IS NULL');
      const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time_us DESC LIMIT ?`;
      return db.prepare(sql).all(...args, f.limit ?? 100) as IncidentRow[];
    },
    createAlert: (incidentId: number, now = Date.now()) => Number(q.insertAlert.run(incidentId, now).lastInsertRowid),
    alert: (id: number) => q.alert.get(id) as AlertRow | undefined,
    alertOfIncident: (incidentId: number) => q.alertOfIncident.get(incidentId) as AlertRow | undefined,
    /** False when the alert does not exist or was already acknowledged (the first operator wins). */
    acknowledgeAlert: (id: number, by: string, note: string | null, now = Date.now()) => q.ackAlert.run(by, now, note, id).changes === 1,
    enqueueWebhook: (alertId: number, url: string, key: string, body: string, now = Date.now()) => { q.enqueue.run(alertId, url, key, body, now); },
    dueWebhooks: (now: number, limit = 20) => q.due.all(now, limit) as OutboxRow[],
    markDelivered: (id: number, now = Date.now()) => { q.delivered.run(now, id); },
    markFailed: (id: number, nextAttemptMs: number, error: string) => { q.failed.run(nextAttemptMs, error.slice(0, 500), id); },
    outbox: () => q.outbox.all() as OutboxRow[],
    insertVerification: (boardId: string, clips: number, agree: number, maxScoreDiff: number | null, summary: unknown, now = Date.now()) =>
      Number(q.insertVerification.run(boardId, now, clips, agree, maxScoreDiff, JSON.stringify(summary)).lastInsertRowid),
    latestVerification: () => q.latestVerification.get() as
      | { id: number; board_id: string; created_ms: number; clips: number; agree: number; max_score_diff: number | null; summary_json: string }
      | undefined,
    counts: () => q.counts.get() as Record<'detections' | 'incidents' | 'alerts' | 'alerts_open' | 'outbox_pending' | 'outbox_delivered', number>,
  };
}

export type Store = ReturnType<typeof createStore>;
