// The schema of store/migrations.ts in PostgreSQL's dialect: the same ids, names, tables, columns,
// constraints and indexes. Times in µs and ms need 64 bits (BIGINT, read back as JS numbers: every
// value stays below 2^53); REAL becomes DOUBLE PRECISION; INTEGER PRIMARY KEY becomes BIGSERIAL.
// Append only, in step with migrations.ts: a migration added there gets its twin here.
import type { Migration } from './migrations.ts';

export const PG_MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE boards (
        id TEXT PRIMARY KEY,
        port TEXT, firmware TEXT, model_hash TEXT, model_hash_ok INTEGER,
        lat DOUBLE PRECISION, lon DOUBLE PRECISION, alt_m DOUBLE PRECISION,
        status TEXT NOT NULL DEFAULT 'offline',
        first_seen_ms BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL,
        health_json TEXT,
        conflict INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE board_conflicts (
        id BIGSERIAL PRIMARY KEY, board_id TEXT NOT NULL, port TEXT NOT NULL, other_port TEXT, at_ms BIGINT NOT NULL
      );
      CREATE TABLE incidents (
        id BIGSERIAL PRIMARY KEY,
        time_us BIGINT NOT NULL,
        confidence DOUBLE PRECISION NOT NULL, n_boards INTEGER NOT NULL,
        lat DOUBLE PRECISION, lon DOUBLE PRECISION, error_m DOUBLE PRECISION,
        created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL
      );
      CREATE INDEX incidents_time ON incidents(time_us);
      CREATE TABLE detections (
        id BIGSERIAL PRIMARY KEY,
        board_id TEXT NOT NULL, event_id BIGINT NOT NULL,
        board_time_us BIGINT NOT NULL,
        time_us BIGINT NOT NULL,
        window_start_us BIGINT NOT NULL, score INTEGER NOT NULL, probability DOUBLE PRECISION NOT NULL,
        peak_level INTEGER NOT NULL, energy BIGINT NOT NULL,
        received_ms BIGINT NOT NULL, port TEXT,
        echo INTEGER NOT NULL DEFAULT 0,
        incident_id BIGINT REFERENCES incidents(id),
        UNIQUE (board_id, event_id, board_time_us)
      );
      CREATE INDEX detections_board_time ON detections(board_id, time_us);
      CREATE INDEX detections_incident ON detections(incident_id);
      CREATE TABLE alerts (
        id BIGSERIAL PRIMARY KEY, incident_id BIGINT NOT NULL UNIQUE REFERENCES incidents(id),
        created_ms BIGINT NOT NULL, acknowledged_by TEXT, acknowledged_ms BIGINT, note TEXT
      );
      CREATE TABLE webhook_outbox (
        id BIGSERIAL PRIMARY KEY, alert_id BIGINT NOT NULL REFERENCES alerts(id), url TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE, body TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms BIGINT NOT NULL,
        delivered_ms BIGINT, last_error TEXT
      );
      CREATE INDEX outbox_due ON webhook_outbox(delivered_ms, next_attempt_ms);
      CREATE TABLE verification_results (
        id BIGSERIAL PRIMARY KEY, board_id TEXT NOT NULL, created_ms BIGINT NOT NULL,
        clips INTEGER NOT NULL, agree INTEGER NOT NULL, max_score_diff INTEGER, summary_json TEXT NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: 'covering index for incident membership',
    sql: `
      DROP INDEX detections_incident;
      CREATE INDEX detections_incident_board ON detections(incident_id, board_id);
    `,
  },
];
