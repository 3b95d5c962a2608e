// Turns stored detections into incidents and alerts, inside the same transaction as the detection
// insert, so "persisted" (and therefore "ACKed") always includes its effect on incidents and alerts.
// Grouping reads the stored incidents around each batch (bulk-ingest.ts) under the store's ingest lock,
// and nothing about incidents is answered from memory: a restarted gateway keeps grouping correctly, and
// on a shared store (PostgreSQL, several gateways) gateways see each other's incidents.
import type { Store, IncidentRow, NewDetection } from '../store/types.ts';
import { groupingWindowUs } from './fuse.ts';
import type { LatLon } from './geo.ts';
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
  // Board positions change only on HELLO; re-read a board at most once a second instead of per detection.
  const positions = new Map<string, { pos: LatLon | null; readMs: number }>();
  const params = {
    windowUs, refractoryUs, timingSigma, webhookUrls,
    cachedPosition: (b: string) => { const hit = positions.get(b); return hit && Date.now() - hit.readMs < 1000 ? hit.pos : undefined; },
    cachePosition: (b: string, pos: LatLon | null) => { positions.set(b, { pos, readMs: Date.now() }); },
  };

  /**
   * Stores and fuses the detections atomically, in order, in one transaction (a commit costs far more
   * than the statements inside it; each touched incident is re-fused once per batch); results are
   * returned in the same order.
   */
  const ingestBatch = (ds: NewDetection[], now = Date.now()): Promise<IngestResult[]> =>
    store.transaction((tx) => ingestSetAtATime(tx, ds, now, params));

  return {
    windowUs,
    ingestBatch,
    ingest: async (d: NewDetection, now = Date.now()): Promise<IngestResult> => (await ingestBatch([d], now))[0],
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;
