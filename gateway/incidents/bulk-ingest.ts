// Set-at-a-time ingest of one batch (both stores, through store.bulk): each detection is a duplicate,
// an echo (same board within the refractory time), joins the nearest incident in the grouping window
// that its board has not joined, or opens an incident with its alert and webhooks. Decided in memory, in
// batch order, from what the store holds around the batch's times, then written with one call.
// Must run inside a transaction. The ingest lock is held from before the reads through the commit: nobody
// else stores detections or decides about incidents meanwhile, so the in-memory picture is the truth
// (including which detections are re-sends). On PostgreSQL the locked part is four round trips.
import { detectionKey, type MemberRow, type NewDetection, type Store } from '../store/types.ts';
import type { LatLon } from './geo.ts';
import { incidentFix } from './incident-fix.ts';
import type { IngestResult } from './service.ts';

export interface SetAtATimeParams {
  windowUs: number;
  refractoryUs: number;
  timingSigma: number;
  webhookUrls: string[];
  /** Board positions known to the caller (cached); undefined = ask the store. */
  cachedPosition(boardId: string): LatLon | null | undefined;
  cachePosition(boardId: string, pos: LatLon | null): void;
}

interface Group {
  /** Stored id; for an incident opened by this batch, set once ids are reserved. */
  id: number;
  timeUs: number;
  boards: Set<string>;
  members: MemberRow[];
  createdMs: number;
  alertId: number;
  /** Order of discovery (stored ones by id, then opened ones): breaks ties between equally near incidents. */
  seq: number;
  /** The detection that opened it, for incidents opened by this batch. */
  opener: NewDetection | null;
}

/** Incidents by time bucket of one grouping window, so a lookup reads three buckets, not every incident. */
function createGroupIndex(windowUs: number) {
  const width = Math.max(1, windowUs);
  const buckets = new Map<number, Group[]>();
  const key = (t: number) => Math.floor(t / width);
  return {
    add(g: Group) { const k = key(g.timeUs); (buckets.get(k) ?? buckets.set(k, []).get(k)!).push(g); },
    /** Moves `g` to time `t` (an incident's time is its earliest arrival, so it only moves earlier). */
    move(g: Group, t: number) {
      if (key(t) !== key(g.timeUs)) {
        const from = buckets.get(key(g.timeUs))!;
        from.splice(from.indexOf(g), 1);
        g.timeUs = t;
        this.add(g);
      } else g.timeUs = t;
    },
    /** The nearest incident within ±windowUs of t that `boardId` has not joined (earlier wins a tie in distance). */
    nearest(t: number, boardId: string): Group | null {
      let before: Group | null = null, after: Group | null = null;
      for (let k = key(t - windowUs); k <= key(t + windowUs); k++) {
        for (const g of buckets.get(k) ?? []) {
          if (g.boards.has(boardId)) continue;
          if (g.timeUs >= t - windowUs && g.timeUs <= t && (!before || g.timeUs > before.timeUs || (g.timeUs === before.timeUs && g.seq < before.seq))) before = g;
          if (g.timeUs >= t && g.timeUs <= t + windowUs && (!after || g.timeUs < after.timeUs || (g.timeUs === after.timeUs && g.seq < after.seq))) after = g;
        }
      }
      return before && after ? (t - before.timeUs <= after.timeUs - t ? before : after) : before ?? after;
    },
  };
}

export async function ingestSetAtATime(tx: Store, ds: NewDetection[], now: number, p: SetAtATimeParams): Promise<IngestResult[]> {
  const bulk = tx.bulk;
  if (ds.length === 0) return [];
  const boards = [...new Set(ds.map((d) => d.board_id))];
  const fetchPositions = async (bs: string[]) => {
    const unknown = bs.filter((b) => p.cachedPosition(b) === undefined);
    if (!unknown.length) return;
    const found = await bulk.positions(unknown);
    for (const b of unknown) p.cachePosition(b, found.get(b) ?? null);
  };
  await fetchPositions(boards); // board rows are not guarded by the lock: read them before taking it

  await tx.lockIngest();
  const span = Math.max(p.windowUs, p.refractoryUs);
  let tMin = Number.POSITIVE_INFINITY, tMax = Number.NEGATIVE_INFINITY;
  for (const d of ds) { tMin = Math.min(tMin, d.time_us); tMax = Math.max(tMax, d.time_us); }
  const near = await bulk.neighbourhood(ds, tMin - span, tMax + span);
  // Fused (non-echo) detections per board: stored ones now, this batch's as they are decided.
  const fused = new Map<string, number[]>();
  for (const r of near.detections) {
    if (r.echo === 0) (fused.get(r.board_id) ?? fused.set(r.board_id, []).get(r.board_id)!).push(r.time_us);
  }
  const index = createGroupIndex(p.windowUs);
  let seq = 0;
  for (const i of [...near.incidents].sort((a, b) => a.id - b.id)) {
    index.add({ id: i.id, timeUs: i.time_us, boards: new Set(i.members.map((m) => m.board_id)), members: [...i.members], createdMs: i.created_ms, alertId: i.alert_id, seq: seq++, opener: null });
  }

  // A stored key, or one repeated earlier in the batch, is a duplicate; the rest get ids once counted.
  const seen = new Set(near.stored);
  type Decided = { d: NewDetection; k: number; group: Group | null; member: MemberRow | null };
  const decided: Decided[] = [];
  const opened: Group[] = [];
  const touched = new Set<Group>();
  ds.forEach((d, k) => {
    const key = detectionKey(d);
    if (seen.has(key)) return;
    seen.add(key);
    const t = d.time_us;
    if ((fused.get(d.board_id) ?? []).some((u) => Math.abs(u - t) <= p.refractoryUs)) {
      decided.push({ d, k, group: null, member: null });
      return;
    }
    let group = index.nearest(t, d.board_id);
    if (!group) {
      group = { id: 0, timeUs: t, boards: new Set(), members: [], createdMs: now, alertId: 0, seq: seq++, opener: d };
      index.add(group);
      opened.push(group);
    }
    const member = { id: 0, board_id: d.board_id, time_us: t, probability: d.probability };
    group.boards.add(d.board_id);
    group.members.push(member);
    if (t < group.timeUs) index.move(group, t);
    touched.add(group);
    (fused.get(d.board_id) ?? fused.set(d.board_id, []).get(d.board_id)!).push(t);
    decided.push({ d, k, group, member });
  });
  if (decided.length === 0) return ds.map(() => ({ kind: 'duplicate' }));

  const reserved = await bulk.reserveIds(opened.length, decided.length);
  opened.forEach((g, i) => { g.id = reserved.incidents[i]; g.alertId = reserved.alerts[i]; });
  decided.forEach((x, i) => { if (x.member) x.member.id = reserved.detections[i]; });

  // Re-fuse every touched incident once, from all its members (ordered as the store would list them).
  await fetchPositions([...new Set([...touched].flatMap((g) => g.members.map((m) => m.board_id)))]);
  const fixes = new Map<Group, ReturnType<typeof incidentFix>>();
  for (const g of touched) {
    g.members.sort((a, b) => a.time_us - b.time_us || a.id - b.id);
    fixes.set(g, incidentFix(g.members, (b) => p.cachedPosition(b) ?? null, p.timingSigma));
  }
  await bulk.writeBatch({
    now,
    detections: decided.map((x, i) => ({ ...x.d, id: reserved.detections[i], incident_id: x.group ? x.group.id : null, echo: x.group ? 0 : 1 })),
    newIncidents: opened.map((g) => ({ id: g.id, alert_id: g.alertId, ...fixes.get(g)! })),
    updatedIncidents: [...touched].filter((g) => g.opener === null).map((g) => ({ id: g.id, ...fixes.get(g)! })),
    webhooks: opened.flatMap((g) => {
      const d = g.opener!;
      const body = JSON.stringify({ alertId: g.alertId, incidentId: g.id, timeUs: d.time_us, confidence: d.probability, firstBoard: d.board_id });
      return p.webhookUrls.map((url) => ({ alert_id: g.alertId, url, key: `alert-${g.alertId}-${url}`, body }));
    }),
  });

  const results: IngestResult[] = ds.map(() => ({ kind: 'duplicate' }));
  decided.forEach((x, i) => {
    const detectionId = reserved.detections[i];
    const g = x.group;
    results[x.k] = g === null ? { kind: 'echo', detectionId } : {
      kind: 'fused', detectionId, alertId: g.alertId, newAlert: g.opener === x.d,
      incident: { id: g.id, ...fixes.get(g)!, created_ms: g.createdMs, updated_ms: now },
    };
  });
  return results;
}
