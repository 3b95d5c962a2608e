// Set-at-a-time ingest of one batch, for a database server (store.bulk, PostgreSQL): the same decisions
// as the per-detection path of service.ts — duplicate, echo (same board within the refractory time),
// join the nearest incident in the grouping window that the board has not joined, or open an incident
// with its alert and webhooks — taken in memory, in batch order, from what the database holds around the
// batch's times, then written with a fixed number of statements. Must run inside the transaction that
// holds the ingest lock: nobody else writes incidents meanwhile, so the in-memory picture is the truth.
import type { BulkIngest, IncidentRow, NewDetection, Store } from '../store/types.ts';
import type { LatLon } from './geo.ts';
import { incidentFix } from './incident-fix.ts';
import type { IngestResult } from './service.ts';

export interface SetAtATimeParams {
  windowUs: number;
  refractoryUs: number;
  timingSigma: number;
  webhookUrls: string[];
  /** Alert id of an existing incident (cached by the caller). */
  alertIdOf(tx: Store, incidentId: number): Promise<number>;
  /** Remembers a new incident's alert. */
  rememberAlert(incidentId: number, alertId: number): void;
  /** Board positions known to the caller (cached); undefined = ask the store. */
  cachedPosition(boardId: string): LatLon | null | undefined;
  cachePosition(boardId: string, pos: LatLon | null): void;
}

interface Group { id: number; timeUs: number; boards: Set<string> }

export async function ingestSetAtATime(tx: Store, bulk: BulkIngest, ds: NewDetection[], now: number, p: SetAtATimeParams): Promise<IngestResult[]> {
  const ids = await bulk.insertDetections(ds);
  const fresh = ds.filter((_, k) => ids[k] !== null);
  if (fresh.length === 0) return ds.map(() => ({ kind: 'duplicate' }));
  const span = Math.max(p.windowUs, p.refractoryUs);
  const tMin = Math.min(...fresh.map((d) => d.time_us)) - span, tMax = Math.max(...fresh.map((d) => d.time_us)) + span;
  const newIds = new Set(ids.filter((x): x is number => x !== null));
  // Fused (non-echo) detections per board: stored ones now, this batch's as they are decided.
  const fused = new Map<string, number[]>();
  for (const r of await bulk.detectionsBetween(tMin, tMax)) {
    if (r.echo !== 0 || newIds.has(r.id)) continue;
    (fused.get(r.board_id) ?? fused.set(r.board_id, []).get(r.board_id)!).push(r.time_us);
  }
  // Incidents whose time is in the span, with the boards that joined them; incidents opened below get
  // provisional negative ids until the database hands out real ones.
  const groups: Group[] = (await bulk.incidentsBetween(tMin, tMax)).map((g) => ({ ...g }));

  type Pending = { kind: 'duplicate' } | { kind: 'echo'; detectionId: number } | { kind: 'fused'; detectionId: number; group: Group; newAlert: boolean; d: NewDetection };
  const pending: Pending[] = [];
  const updates: { id: number; group: Group | null; echo: number }[] = [];
  const opened: { group: Group; d: NewDetection }[] = [];
  ds.forEach((d, k) => {
    const id = ids[k];
    if (id === null) { pending.push({ kind: 'duplicate' }); return; }
    const t = d.time_us;
    if ((fused.get(d.board_id) ?? []).some((u) => Math.abs(u - t) <= p.refractoryUs)) {
      updates.push({ id, group: null, echo: 1 });
      pending.push({ kind: 'echo', detectionId: id });
      return;
    }
    let before: Group | null = null, after: Group | null = null;
    for (const g of groups) {
      if (g.boards.has(d.board_id)) continue;
      if (g.timeUs >= t - p.windowUs && g.timeUs <= t && (!before || g.timeUs > before.timeUs)) before = g;
      if (g.timeUs >= t && g.timeUs <= t + p.windowUs && (!after || g.timeUs < after.timeUs)) after = g;
    }
    let group = before && after ? (t - before.timeUs <= after.timeUs - t ? before : after) : before ?? after;
    const newAlert = group === null;
    if (!group) {
      group = { id: -(opened.length + 1), timeUs: t, boards: new Set() };
      groups.push(group);
      opened.push({ group, d });
    }
    group.boards.add(d.board_id);
    group.timeUs = Math.min(group.timeUs, t); // an incident's time is its earliest arrival
    (fused.get(d.board_id) ?? fused.set(d.board_id, []).get(d.board_id)!).push(t);
    updates.push({ id, group, echo: 0 });
    pending.push({ kind: 'fused', detectionId: id, group, newAlert, d });
  });

  // Provisional ids → real ones, then alerts, memberships and webhooks.
  const incidentIds = await bulk.createIncidents(opened.map((o) => ({ time_us: o.d.time_us, confidence: o.d.probability })), now);
  opened.forEach((o, i) => { o.group.id = incidentIds[i]; });
  const alertIds = await bulk.createAlerts(incidentIds, now);
  const alertOf = new Map<number, number>();
  incidentIds.forEach((iid, i) => { alertOf.set(iid, alertIds[i]); p.rememberAlert(iid, alertIds[i]); });
  await bulk.setDetections(updates.map((u) => ({ id: u.id, incident_id: u.group ? u.group.id : null, echo: u.echo })));
  await bulk.enqueueWebhooks(opened.flatMap((o, i) => {
    const body = JSON.stringify({ alertId: alertIds[i], incidentId: incidentIds[i], timeUs: o.d.time_us, confidence: o.d.probability, firstBoard: o.d.board_id });
    return p.webhookUrls.map((url) => ({ alert_id: alertIds[i], url, key: `alert-${alertIds[i]}-${url}`, body }));
  }), now);

  // Re-fuse every touched incident once, from all its members.
  const touched = [...new Set(pending.flatMap((x) => (x.kind === 'fused' ? [x.group.id] : [])))];
  for (const iid of touched) if (!alertOf.has(iid)) alertOf.set(iid, await p.alertIdOf(tx, iid));
  const members = await bulk.members(touched);
  const unknown = [...new Set(members.map((m) => m.board_id))].filter((b) => p.cachedPosition(b) === undefined);
  const found = await bulk.positions(unknown);
  for (const b of unknown) p.cachePosition(b, found.get(b) ?? null);
  const byIncident = new Map<number, typeof members>();
  for (const m of members) (byIncident.get(m.incident_id) ?? byIncident.set(m.incident_id, []).get(m.incident_id)!).push(m);
  const rows = await bulk.updateIncidents(touched.map((iid) => ({
    id: iid, ...incidentFix(byIncident.get(iid)!, (b) => p.cachedPosition(b) ?? null, p.timingSigma), updated_ms: now,
  })));
  const rowOf = new Map<number, IncidentRow>(rows.map((r) => [r.id, r]));
  return pending.map((x): IngestResult => (x.kind === 'fused'
    ? { kind: 'fused', detectionId: x.detectionId, incident: rowOf.get(x.group.id)!, alertId: alertOf.get(x.group.id)!, newAlert: x.newAlert }
    : x));
}
