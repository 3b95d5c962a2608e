// Turns stored detections into incidents and alerts, inside the same transaction as the detection
// insert, so "persisted" (and therefore "ACKed") always includes its effect on incidents and alerts.
// Grouping is done in SQL against stored incidents, so a restarted gateway keeps grouping correctly;
// on a shared store (PostgreSQL, several gateways) every ingest transaction takes the store's ingest
// lock first and nothing is answered from memory, so gateways see each other's incidents.
import type { Store, IncidentRow, NewDetection } from '../store/types.ts';
import { groupingWindowUs } from './fuse.ts';
import type { LatLon } from './geo.ts';
import { createRecentIndex } from './recent-index.ts';
import { incidentFix } from './incident-fix.ts';
import { ingestSetAtATime } from './bulk-ingest.ts';

export interface IncidentOptions {
  /** Widest distance between two boards in the field, m; defaults to 1000; range 0..20000. */
  maxBoardDistanceM?: number;
  /** Added to the sound-crossing time for clock error and detector latency, ms; defaults to 250; range 0..10000. */
  marginMs?: number;
  /** A board's detections closer than this to its previous fused one are echoes, ms; defaults to 500; range 0..60000. */
  refractoryMs?: number;
  /** Timing error assumed for location error radii, s; defaults to 2e-3 (pty/USB jitter); > 0. */
  timingSigma?: number;
  /** Webhook URLs every new alert is queued for; defaults to none. */
  webhookUrls?: string[];
}

export type IngestResult =
  | { kind: 'duplicate' }
  | { kind: 'echo'; detectionId: number }
  | { kind: 'fused'; detectionId: number; incident: IncidentRow; alertId: number; newAlert: boolean };

function checkRange(name: string, v: number, lo: number, hi: number): number {
  if (!Number.isFinite(v) || v < lo || v > hi) throw new RangeError(`incidents.${name} must be ${lo}..${hi}, got ${v}`);
  return v;
}

export function createIncidentService(store: Store, options: IncidentOptions = {}) {
  const maxDist = checkRange('maxBoardDistanceM', options.maxBoardDistanceM ?? 1000, 0, 20000);
  const marginMs = checkRange('marginMs', options.marginMs ?? 250, 0, 10000);
  const refractoryUs = checkRange('refractoryMs', options.refractoryMs ?? 500, 0, 60000) * 1000;
  const timingSigma = options.timingSigma ?? 2e-3;
  const windowUs = groupingWindowUs(maxDist, marginMs);
  const webhookUrls = options.webhookUrls ?? [];
  // Two windows of history answer every in-order lookup from memory; older ones fall back to SQL.
  // Not on a shared store: another gateway's incidents would be missing from it.
  const recent = createRecentIndex(2 * windowUs);
  let recentLoaded = false;
  const reloadRecent = async () => {
    recentLoaded = false;
    if (store.shared) return;
    const newest = await store.maxIncidentTimeUs();
    if (newest === null) recent.load([], Number.NEGATIVE_INFINITY);
    else recent.load(await store.incidentMembersSince(newest - 2 * windowUs), newest - 2 * windowUs);
    recentLoaded = true;
  };
  // Board positions change only on HELLO; re-read a board at most once a second instead of per detection.
  const positions = new Map<string, { pos: LatLon | null; readMs: number }>();
  const positionOf = async (tx: Store, boardId: string, now: number): Promise<LatLon | null> => {
    const hit = positions.get(boardId);
    if (hit && now - hit.readMs < 1000) return hit.pos;
    const b = await tx.board(boardId);
    const pos = b?.lat != null && b.lon != null ? { lat: b.lat, lon: b.lon } : null;
    positions.set(boardId, { pos, readMs: now });
    return pos;
  };

  // Every incident has exactly one alert; recent ones are remembered so a joining detection does not
  // look its alert up. Bounded: the oldest entries go first (Map keeps insertion order).
  const alertIds = new Map<number, number>();
  const rememberAlert = (incidentId: number, alertId: number) => {
    alertIds.set(incidentId, alertId);
    if (alertIds.size > 4096) alertIds.delete(alertIds.keys().next().value!);
  };
  const alertIdOf = async (tx: Store, incidentId: number): Promise<number> => {
    const hit = alertIds.get(incidentId);
    if (hit !== undefined) return hit;
    const id = (await tx.alertOfIncident(incidentId))!.id;
    rememberAlert(incidentId, id);
    return id;
  };

  /** Recomputes confidence, time and (with ≥ 3 positioned boards) location from the member detections. */
  async function refresh(tx: Store, incidentId: number, now: number): Promise<IncidentRow> {
    const members = await tx.incidentDetections(incidentId);
    const pos = new Map<string, LatLon | null>();
    for (const d of members) if (!pos.has(d.board_id)) pos.set(d.board_id, await positionOf(tx, d.board_id, now));
    const fix = incidentFix(members, (b) => pos.get(b) ?? null, timingSigma);
    return (await tx.updateIncident({ id: incidentId, ...fix, updated_ms: now }))!;
  }

  /** What ingestOne decided; the incident row is filled in once per batch (see ingestTx). */
  type Pending = Exclude<IngestResult, { kind: 'fused' }> | { kind: 'fused'; detectionId: number; incidentId: number; alertId: number; newAlert: boolean };

  async function ingestOne(tx: Store, d: NewDetection, now: number): Promise<Pending> {
    const id = await tx.insertDetection(d);
    if (id === null) return { kind: 'duplicate' };
    const prev = await tx.previousFusedDetection(d.board_id, id, d.time_us - refractoryUs, d.time_us + refractoryUs);
    if (prev) {
      await tx.markEcho(id);
      return { kind: 'echo', detectionId: id };
    }
    const cached = recentLoaded ? recent.nearest(d.time_us, windowUs, d.board_id) : undefined;
    const near = cached === undefined ? await tx.nearestIncident(d.time_us, windowUs, d.board_id) : cached;
    if (near) {
      const nearId = near.id;
      await tx.attachDetection(nearId, id);
      // An incident's time is its earliest arrival, so joining can only move it earlier.
      if (recentLoaded) recent.upsert(nearId, Math.min('timeUs' in near ? near.timeUs : near.time_us, d.time_us), d.board_id);
      return { kind: 'fused', detectionId: id, incidentId: nearId, alertId: await alertIdOf(tx, nearId), newAlert: false };
    }
    const incidentId = await tx.createIncident(d.time_us, d.probability, now);
    await tx.attachDetection(incidentId, id);
    if (recentLoaded) recent.upsert(incidentId, d.time_us, d.board_id);
    const alertId = await tx.createAlert(incidentId, now);
    rememberAlert(incidentId, alertId);
    const body = JSON.stringify({ alertId, incidentId, timeUs: d.time_us, confidence: d.probability, firstBoard: d.board_id });
    for (const url of webhookUrls) await tx.enqueueWebhook(alertId, url, `alert-${alertId}-${url}`, body, now);
    return { kind: 'fused', detectionId: id, incidentId, alertId, newAlert: true };
  }

  // One transaction for a whole batch: a commit costs far more than the statements inside it. Each
  // touched incident is re-fused (confidence, location) once per batch, not once per member.
  const bulkParams = {
    windowUs, refractoryUs, timingSigma, webhookUrls, alertIdOf, rememberAlert,
    cachedPosition: (b: string) => { const hit = positions.get(b); return hit && Date.now() - hit.readMs < 1000 ? hit.pos : undefined; },
    cachePosition: (b: string, pos: LatLon | null) => { positions.set(b, { pos, readMs: Date.now() }); },
  };
  const ingestTx = (ds: NewDetection[], now: number) => store.transaction(async (tx): Promise<IngestResult[]> => {
    await tx.lockIngest();
    // A database server: the whole batch in a fixed number of statements (bulk-ingest.ts), same decisions.
    if (tx.bulk) return ingestSetAtATime(tx, tx.bulk, ds, now, bulkParams);
    const pending: Pending[] = [];
    for (const d of ds) pending.push(await ingestOne(tx, d, now));
    const rows = new Map<number, IncidentRow>();
    for (const p of pending) if (p.kind === 'fused' && !rows.has(p.incidentId)) rows.set(p.incidentId, await refresh(tx, p.incidentId, now));
    return pending.map((p): IngestResult => {
      if (p.kind !== 'fused') return p;
      const { incidentId, ...rest } = p;
      return { ...rest, incident: rows.get(incidentId)! };
    });
  });

  /** Stores and fuses the detections atomically, in order; results are returned in the same order. */
  async function ingestBatch(ds: NewDetection[], now = Date.now()): Promise<IngestResult[]> {
    if (!recentLoaded && !store.shared) await reloadRecent();
    try {
      return await ingestTx(ds, now);
    } catch (err) {
      await reloadRecent().catch(() => {}); // the rolled-back transaction may have touched the index…
      alertIds.clear(); // …and remembered alerts that no longer exist
      throw err;
    }
  }

  return {
    windowUs,
    ingestBatch,
    ingest: async (d: NewDetection, now = Date.now()): Promise<IngestResult> => (await ingestBatch([d], now))[0],
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;
