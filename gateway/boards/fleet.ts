// The set of board links, keyed by port path, and what their events mean for the store: the glue
// between serial and persistence. A board id already held by another live link is quarantined under
// `<id>@<path>` and flagged — its detections are kept, never merged into the real board's.
import { createBoardLink, type BoardLink, type BoardLinkOptions, type LinkStatus } from '../serial/board-link.ts';
import { POSITION_UNKNOWN } from '../serial/messages.ts';
import type { Store, NewDetection } from '../store/types.ts';
import type { LiveBus } from '../store/live.ts';
import type { IncidentService, IngestResult } from '../incidents/service.ts';
import type { GatewayConfig } from '../config.ts';
import type { ChannelFactory } from '../transport/channel.ts';
import { createIngestLatency } from './ingest-latency.ts';

export interface FleetLogger { info(msg: string): void; warn(msg: string): void }

/**
 * A board's latest HEARTBEAT is stored at most this often, ms (the newest one wins). Status changes are
 * stored at once. 2000 boards at one heartbeat a second would otherwise be 2000 writes a second that
 * queue in front of ingest on a database server.
 */
export const HEALTH_WRITE_MS = 5000;

export interface FleetCounters { ingested: number; duplicates: number; echoes: number; alerts: number; conflicts: number; warnings: number }

export function createFleet(deps: {
  store: Store; live: LiveBus; incidents: IncidentService; config: GatewayConfig; log: FleetLogger;
  linkOptions?: Partial<BoardLinkOptions>;
}) {
  const { store, live, incidents, config, log } = deps;
  const links = new Map<string, { link: BoardLink; key: string | null }>();
  const counters: FleetCounters = { ingested: 0, duplicates: 0, echoes: 0, alerts: 0, conflicts: 0, warnings: 0 };
  // Board rows are written without waiting (a HELLO must not stall the link); a failed write is logged.
  const bg = (what: string, p: Promise<unknown>) => p.catch((err: Error) => log.warn(`${what} failed: ${err.message}`));
  const publishBoard = (key: string) => bg(`reading board ${key}`, store.board(key).then((board) => live.publish({ type: 'board', board })));
  const keyOf = (link: BoardLink) => links.get(link.path)?.key ?? null;
  // `latest` is evaluated only when written (at most every HEALTH_WRITE_MS), not on every heartbeat.
  const health = new Map<string, { latest: () => unknown; status: string; timer: NodeJS.Timeout | null; lastMs: number }>();
  function saveHealth(key: string, latest: () => unknown, status: string) {
    const e = health.get(key) ?? { latest, status, timer: null, lastMs: 0 };
    e.latest = latest;
    e.status = status;
    health.set(key, e);
    if (e.timer) return;
    e.timer = setTimeout(() => {
      e.timer = null;
      e.lastMs = Date.now();
      bg(`storing health of ${key}`, store.setBoardHealth(key, e.latest(), e.status));
    }, Math.max(0, e.lastMs + HEALTH_WRITE_MS - Date.now()));
  }

  // Detections that arrived in the same event-loop turn are committed in one transaction; each link
  // ACKs its own only after that commit (its promise resolves). Events are published after the commit.
  // One batch is in flight at a time: what arrives meanwhile forms the next batch, so batches grow with load.
  let batch: { row: NewDetection; arrivedMs: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  let flushing = false;
  let closed = false;
  let flushed: (() => void) | null = null; // resolves close()'s wait for the batch in flight
  const latency = createIngestLatency();
  const scheduleFlush = () => { if (!flushing && batch.length) { flushing = true; setImmediate(() => void flush()); } };
  async function flush() {
    const items = batch;
    batch = [];
    let results: IngestResult[];
    try {
      results = await incidents.ingestBatch(items.map((i) => i.row));
    } catch (err) {
      for (const i of items) i.reject(err as Error);
      flushing = false;
      scheduleFlush();
      if (!flushing) flushed?.();
      return;
    }
    const committedMs = performance.now();
    for (const i of items) latency.record(committedMs - i.arrivedMs);
    const watched = live.listeners() > 0; // live events are built only for someone listening (SSE clients)
    results.forEach((r, k) => {
      if (r.kind === 'duplicate') counters.duplicates++;
      else if (r.kind === 'echo') { counters.ingested++; counters.echoes++; }
      else {
        counters.ingested++;
        if (r.newAlert) {
          counters.alerts++;
          if (watched) live.publish({ type: 'alert', alertId: r.alertId, incidentId: r.incident.id, confidence: r.incident.confidence, timeUs: r.incident.time_us });
        }
        if (watched) live.publish({ type: 'incident', incident: r.incident });
      }
      items[k].resolve();
    });
    flushing = false;
    scheduleFlush();
    if (!flushing) flushed?.();
  }

  function holderOf(boardId: string, exceptPath: string): string | null {
    for (const [path, e] of links) {
      const s = e.link.status();
      if (path !== exceptPath && e.key === boardId && (s === 'online' || s === 'stale' || s === 'handshaking')) return path;
    }
    return null;
  }

  /** Opens a link on `path`: a serial port, or (with `openChannel`) another transport's channel. */
  function add(path: string, openChannel?: ChannelFactory): BoardLink | undefined {
    const existing = links.get(path);
    if (existing) return existing.link;
    if (closed) return undefined;
    const options = { path, expectedModelHash: config.expectedModelHash, ...config.link, ...deps.linkOptions, ...(openChannel ? { openChannel } : {}) };
    const link = createBoardLink(options, {
      onHello(l, h, modelHashOk) {
        const other = holderOf(h.boardId, l.path);
        let key = h.boardId;
        // A repeated HELLO from an already quarantined link is the same conflict, not a new one.
        const newConflict = other !== null && links.get(l.path)!.key !== `${h.boardId}@${l.path}`;
        if (other) {
          key = `${h.boardId}@${l.path}`;
          if (newConflict) {
            counters.conflicts++;
            log.warn(`BOARD ID CONFLICT: ${l.path} claims "${h.boardId}", already online on ${other}; quarantined as "${key}"`);
          }
        }
        links.get(l.path)!.key = key;
        const known = h.latE6 !== POSITION_UNKNOWN && h.lonE6 !== POSITION_UNKNOWN;
        const surveyed = config.boards[h.boardId];
        const upsert = store.upsertBoard({
          id: key, port: l.path, firmware: h.firmware, model_hash: h.modelHash,
          model_hash_ok: modelHashOk === null ? null : modelHashOk ? 1 : 0,
          lat: surveyed?.lat ?? (known ? h.latE6 / 1e6 : null), lon: surveyed?.lon ?? (known ? h.lonE6 / 1e6 : null),
          alt_m: surveyed?.altM ?? (known && h.altCm !== POSITION_UNKNOWN ? h.altCm / 100 : null), status: 'online',
        });
        const conflict = other && newConflict ? store.recordConflict(h.boardId, l.path, other) : null;
        log.info(`board ${key} on ${l.path}: firmware ${h.firmware}, model ${h.modelHash}`);
        bg(`storing board ${key}`, Promise.all([upsert, conflict]).then(() => publishBoard(key)));
      },
      onHeartbeat(l, hb) {
        const key = keyOf(l);
        if (key) saveHealth(key, () => ({ ...hb, link: l.stats(), clockOffsetUs: l.clockOffsetUs() }), l.status());
      },
      onDetection(l, d, timeUs) {
        return new Promise<void>((resolve, reject) => {
          batch.push({
            row: {
              board_id: keyOf(l)!, event_id: d.eventId, board_time_us: Number(d.timestampUs), time_us: timeUs,
              window_start_us: Number(d.windowStartUs), score: d.score, probability: d.probability, peak_level: d.peakLevel,
              energy: d.energy, received_ms: Date.now(), port: l.path,
            },
            arrivedMs: performance.now(), resolve, reject,
          });
          scheduleFlush();
        });
      },
      onStatus(l, status: LinkStatus, reason) {
        const key = keyOf(l);
        if (status !== 'online') log.info(`link ${l.path}: ${status}${reason ? ` (${reason})` : ''}`);
        if (key) bg(`storing status of ${key}`, store.setBoardStatus(key, status).then(() => publishBoard(key)));
      },
      onLog(l, m) { log.info(`[${keyOf(l) ?? l.path}] ${m.text}`); },
      onBoardError(l, e) { log.warn(`board ${keyOf(l) ?? l.path} reported error ${e.code} for type 0x${e.refType.toString(16)}: ${e.text}`); },
      onWarning(_l, msg) { counters.warnings++; log.warn(msg); },
    });
    links.set(path, { link, key: null });
    link.open();
    return link;
  }

  return {
    add,
    links: () => [...links.values()].map((e) => ({ path: e.link.path, key: e.key, status: e.link.status(), stats: e.link.stats() })),
    link: (path: string) => links.get(path)?.link,
    counters: () => ({ ...counters }),
    /** Frame arrival → committed detection, incident and alert, since start. */
    ingestLatency: () => latency.snapshot(),
    /** Closes every link, then waits for the batch in flight to commit (its ACKs cannot leave any more). */
    async close() {
      closed = true;
      for (const e of health.values()) if (e.timer) clearTimeout(e.timer);
      await Promise.all([...links.values()].map((e) => e.link.close()));
      links.clear();
      if (flushing) await new Promise<void>((r) => { flushed = r; });
    },
  };
}

export type Fleet = ReturnType<typeof createFleet>;
