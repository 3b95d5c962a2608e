// The gateway's data access contract: plain rows in, plain objects out, every call async so that the
// embedded SQLite store (store.ts) and the shared PostgreSQL store (pg-store.ts) are interchangeable.
// The services above decide what the rows mean.

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
export interface ConflictRow { id: number; board_id: string; port: string; other_port: string | null; at_ms: number }
export interface VerificationRow { id: number; board_id: string; created_ms: number; clips: number; agree: number; max_score_diff: number | null; summary_json: string }
export interface IncidentFilter { sinceUs?: number; minConfidence?: number; located?: boolean; limit?: number }
export type StoreCounts = Record<'detections' | 'incidents' | 'alerts' | 'alerts_open' | 'outbox_pending' | 'outbox_delivered', number>;
export type NewBoard = Omit<BoardRow, 'first_seen_ms' | 'last_seen_ms' | 'health_json' | 'conflict'>;

/** A member detection of an incident, as re-fusing it needs it. */
export interface MemberRow { id: number; board_id: string; time_us: number; probability: number }

/** What grouping a batch reads from the store: see BulkIngest.neighbourhood. */
export interface Neighbourhood {
  /** Keys `board_id/event_id/board_time_us` of the batch's detections that are stored already (re-sends). */
  stored: Set<string>;
  /** Detections of the batch's boards in the span: what the echo rule looks at. */
  detections: { board_id: string; time_us: number; echo: number }[];
  /** Incidents whose time is in the span, with their alert and member detections: what grouping joins and re-fuses. */
  incidents: { id: number; time_us: number; created_ms: number; alert_id: number; members: MemberRow[] }[];
}

/** The identity of a detection (the table's unique key) as one string. */
export const detectionKey = (d: Pick<NewDetection, 'board_id' | 'event_id' | 'board_time_us'>) => `${d.board_id}/${d.event_id}/${d.board_time_us}`;

/** Everything one batch's decisions write, in one go (BulkIngest.writeBatch). */
export interface BatchWrite {
  now: number;
  /** The batch's new detections (ids from reserveIds), already decided. */
  detections: (NewDetection & { id: number; incident_id: number | null; echo: number })[];
  /** New incidents (ids from reserveIds) with their computed fields; each gets the alert `alert_id`. */
  newIncidents: (Omit<IncidentRow, 'created_ms' | 'updated_ms'> & { alert_id: number })[];
  /** Stored incidents this batch joined, recomputed. */
  updatedIncidents: Omit<IncidentRow, 'created_ms' | 'updated_ms'>[];
  webhooks: { alert_id: number; url: string; key: string; body: string }[];
}

/**
 * Set-at-a-time ingest: a batch costs a fixed number of statements whatever its size. The incident
 * service calls, in one transaction: positions, then lockIngest, then neighbourhood, reserveIds and
 * writeBatch — so on a database server the ingest lock is held for four round trips and the commit, and
 * each detection row is written once, with its decision. Both stores offer it (SQLite runs each step's
 * statements synchronously).
 */
export interface BulkIngest {
  /** Positions of boards (absent when unknown). Needs no ingest lock. */
  positions(boardIds: string[]): Promise<Map<string, { lat: number; lon: number }>>;
  /**
   * Under the ingest lock: which of `ds` are stored already, the boards' detections and the incidents
   * with time in [fromUs, toUs]. The echo rule compares a board only with itself, so the
   * (board_id, time_us) index answers it.
   */
  neighbourhood(ds: NewDetection[], fromUs: number, toUs: number): Promise<Neighbourhood>;
  /** Ids for `incidents` new incidents, as many alerts, and `detections` new detections. */
  reserveIds(incidents: number, detections: number): Promise<{ incidents: number[]; alerts: number[]; detections: number[] }>;
  writeBatch(w: BatchWrite): Promise<void>;
}

export interface Store {
  /** Set-at-a-time ingest statements, what the incident service ingests with. */
  readonly bulk: BulkIngest;
  /** Which backend: 'sqlite' (one gateway, embedded) or 'postgres' (may be shared by several gateways). */
  readonly kind: 'sqlite' | 'postgres';
  /** True when other processes may write the same database (PostgreSQL): nothing may be cached as complete. */
  readonly shared: boolean;
  /**
   * Runs `fn` in one transaction with a store bound to it: all of its writes commit together or none
   * does. Transactions of one store never interleave; a failed `fn` rolls back and rethrows.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: waits until no other transaction (of any gateway on this database) holds the
   * ingest lock, and holds it until commit. Grouping detections into incidents reads what others wrote,
   * so ingest transactions must not overlap. A no-op for SQLite (one writer by construction).
   */
  lockIngest(): Promise<void>;
  /** Applied migrations, in order. */
  migrations(): Promise<{ id: number; name: string }[]>;
  close(): Promise<void>;

  upsertBoard(b: NewBoard, now?: number): Promise<void>;
  setBoardStatus(id: string, status: string, now?: number): Promise<void>;
  setBoardHealth(id: string, health: unknown, status: string, now?: number): Promise<void>;
  recordConflict(boardId: string, port: string, otherPort: string | null, now?: number): Promise<void>;
  board(id: string): Promise<BoardRow | undefined>;
  boards(): Promise<BoardRow[]>;
  conflicts(): Promise<ConflictRow[]>;
  /** Returns the new row id, or null when this (board, event, timestamp) is already stored. */
  insertDetection(d: NewDetection): Promise<number | null>;
  previousFusedDetection(boardId: string, excludeId: number, fromUs: number, toUs: number): Promise<DetectionRow | undefined>;
  markEcho(id: number): Promise<void>;
  /** The incident closest in time (within ±windowUs) that has no detection from `excludingBoard` yet. */
  nearestIncident(timeUs: number, windowUs: number, excludingBoard: string): Promise<IncidentRow | undefined>;
  createIncident(timeUs: number, confidence: number, now?: number): Promise<number>;
  /** Returns the updated row (undefined when there is no such incident). */
  updateIncident(i: Omit<IncidentRow, 'created_ms'>): Promise<IncidentRow | undefined>;
  attachDetection(incidentId: number, detectionId: number): Promise<void>;
  incidentDetections(incidentId: number): Promise<DetectionRow[]>;
  incident(id: number): Promise<IncidentRow | undefined>;
  maxIncidentTimeUs(): Promise<number | null>;
  /** Incidents from `fromUs` on with their member boards. */
  incidentMembersSince(fromUs: number): Promise<{ id: number; timeUs: number; boards: Set<string> }[]>;
  incidents(f?: IncidentFilter): Promise<IncidentRow[]>;
  createAlert(incidentId: number, now?: number): Promise<number>;
  alert(id: number): Promise<AlertRow | undefined>;
  alertOfIncident(incidentId: number): Promise<AlertRow | undefined>;
  /** False when the alert does not exist or was already acknowledged (the first operator wins). */
  acknowledgeAlert(id: number, by: string, note: string | null, now?: number): Promise<boolean>;
  enqueueWebhook(alertId: number, url: string, key: string, body: string, now?: number): Promise<void>;
  /**
   * Undelivered webhooks due at `now`, each leased for `leaseMs` (its next attempt moved to now +
   * leaseMs) in the same statement, so two dispatchers on one database never take the same row.
   */
  claimDueWebhooks(now: number, leaseMs: number, limit?: number): Promise<OutboxRow[]>;
  markDelivered(id: number, now?: number): Promise<void>;
  markFailed(id: number, nextAttemptMs: number, error: string): Promise<void>;
  outbox(): Promise<OutboxRow[]>;
  insertVerification(boardId: string, clips: number, agree: number, maxScoreDiff: number | null, summary: unknown, now?: number): Promise<number>;
  latestVerification(): Promise<VerificationRow | undefined>;
  counts(): Promise<StoreCounts>;
  /** Every detection's identity, for tests and the benchmark's accounting: (board, event, received). */
  detectionKeys(): Promise<{ board_id: string; event_id: number; received_ms: number; incident_id: number | null }[]>;
}

/** JSON of a decoded HEARTBEAT (u64 fields arrive as bigint). */
export const healthJson = (health: unknown) => JSON.stringify(health, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
