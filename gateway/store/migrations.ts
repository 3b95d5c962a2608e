// Ordered schema migrations. Append only: an applied migration is never edited, a change is a new entry.
export interface Migration { id: number; name: string; sql: string }

export const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE boards (
        id TEXT PRIMARY KEY,            -- board id from HELLO (or a quarantine key for an impostor)
        port TEXT, firmware TEXT, model_hash TEXT, model_hash_ok INTEGER,
        lat REAL, lon REAL, alt_m REAL,
        status TEXT NOT NULL DEFAULT 'offline',
        first_seen_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL,
        health_json TEXT,               -- the latest HEARTBEAT, decoded
        conflict INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE board_conflicts (
        id INTEGER PRIMARY KEY, board_id TEXT NOT NULL, port TEXT NOT NULL, other_port TEXT, at_ms INTEGER NOT NULL
      );
      CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        time_us INTEGER NOT NULL,       -- earliest arrival, gateway clock (µs since Unix epoch)
        confidence REAL NOT NULL, n_boards INTEGER NOT NULL,
        lat REAL, lon REAL, error_m REAL, -- null until ≥ 3 boards with positions heard it
        created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL
      );
      CREATE INDEX incidents_time ON incidents(time_us);
      CREATE TABLE detections (
        id INTEGER PRIMARY KEY,
        board_id TEXT NOT NULL, event_id INTEGER NOT NULL,
        board_time_us INTEGER NOT NULL, -- DETECTION.timestamp_us as sent (board clock)
        time_us INTEGER NOT NULL,       -- the same instant on the gateway clock
        window_start_us INTEGER NOT NULL, score INTEGER NOT NULL, probability REAL NOT NULL,
        peak_level INTEGER NOT NULL, energy INTEGER NOT NULL,
        received_ms INTEGER NOT NULL, port TEXT,
        echo INTEGER NOT NULL DEFAULT 0, -- same board inside its refractory window: kept, not fused
        incident_id INTEGER REFERENCES incidents(id),
        -- event_id restarts at 1 when a board reboots; the board timestamp tells those apart.
        UNIQUE (board_id, event_id, board_time_us)
      );
      CREATE INDEX detections_board_time ON detections(board_id, time_us);
      CREATE INDEX detections_incident ON detections(incident_id);
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY, incident_id INTEGER NOT NULL UNIQUE REFERENCES incidents(id),
        created_ms INTEGER NOT NULL, acknowledged_by TEXT, acknowledged_ms INTEGER, note TEXT
      );
      CREATE TABLE webhook_outbox (
        id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL REFERENCES alerts(id), url TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE, body TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER NOT NULL,
        delivered_ms INTEGER, last_error TEXT
      );
      CREATE INDEX outbox_due ON webhook_outbox(delivered_ms, next_attempt_ms);
      CREATE TABLE verification_results (
        id INTEGER PRIMARY KEY, board_id TEXT NOT NULL, created_ms INTEGER NOT NULL,
        clips INTEGER NOT NULL, agree INTEGER NOT NULL, max_score_diff INTEGER, summary_json TEXT NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: 'covering index for incident membership',
    // Grouping asks "has board B already joined incident I?" for every candidate incident in the
    // window; with (incident_id, board_id) that is answered from the index alone.
    sql: `
      DROP INDEX detections_incident;
      CREATE INDEX detections_incident_board ON detections(incident_id, board_id);
    `,
  },
];
