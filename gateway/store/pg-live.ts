// Live events across gateways that share one PostgreSQL database: each gateway sends what it ingested
// (alerts, incidents, board changes, alert acknowledgements, verifications) with pg_notify on one channel,
// after the commit that produced it, and re-publishes what the others sent on its own live bus. So every
// gateway's /events stream (the dashboard's beeps) carries the whole city, whichever gateway a board's
// detection reached. Best effort, like the stream itself: the store stays the truth (`/api/*`), and an
// event whose JSON exceeds PostgreSQL's notification limit is left out and counted. One notification
// carries the events of one event-loop turn: {"from": <gateway>, "events": [...]}.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { LiveBus, LiveEvent } from './live.ts';

export const LIVE_CHANNEL = 'gunshot_live';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
const MAX_PAYLOAD = 7999;

export interface LiveRelayOptions {
  /** First reconnect delay of the listening connection, ms, doubled per failure up to 8 s; defaults to 250. */
  reconnectBaseMs?: number;
  onWarning?(message: string): void;
}

export interface LiveRelayCounters { sent: number; received: number; tooLarge: number; sendFailures: number }

export function startLiveRelay(url: string, live: LiveBus, o: LiveRelayOptions = {}) {
  const self = randomBytes(6).toString('hex');
  const counters: LiveRelayCounters = { sent: 0, received: 0, tooLarge: 0, sendFailures: 0 };
  const relayed = new WeakSet<LiveEvent>();
  const sender = new pg.Pool({ connectionString: url, max: 1 });
  sender.on('error', () => { /* an idle client lost its connection: the pool replaces it */ });
  let listener: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | null = null;

  // Events of one event-loop turn leave together: an incident or board changed several times in the turn
  // is sent once, as it last was, and the rest are packed into as few notifications as fit (an ingest
  // batch of detections would otherwise cost one round trip per detection).
  let queue: LiveEvent[] = [];
  const unsubscribe = live.subscribe((event) => {
    if (relayed.has(event) || closed) return;
    if (queue.length === 0) setImmediate(flush);
    queue.push(event);
  });

  function flush() {
    const events = latestOnly(queue);
    queue = [];
    if (closed) return;
    const envelope = (parts: string[]) => `{"from":"${self}","events":[${parts.join(',')}]}`;
    const room = MAX_PAYLOAD - Buffer.byteLength(envelope([]));
    let parts: string[] = [];
    let used = 0;
    for (const event of events) {
      const json = JSON.stringify(event);
      const bytes = Buffer.byteLength(json) + 1; // with its comma
      if (bytes > room) { counters.tooLarge++; continue; }
      if (used + bytes > room) { notify(envelope(parts), parts.length); parts = []; used = 0; }
      parts.push(json);
      used += bytes;
    }
    if (parts.length) notify(envelope(parts), parts.length);
  }

  function notify(payload: string, n: number) {
    sender.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, payload]).then(
      () => { counters.sent += n; },
      (err: Error) => { counters.sendFailures += n; if (!closed) o.onWarning?.(`live relay: notify failed: ${err.message}`); },
    );
  }

  async function listen(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ connectionString: url });
    const lost = (why: string) => {
      if (listener !== c) return;
      listener = null;
      void c.end().catch(() => {});
      if (closed) return;
      o.onWarning?.(`live relay: ${why}; reconnecting`);
      const delay = Math.min(8000, (o.reconnectBaseMs ?? 250) * 2 ** attempt++);
      retry = setTimeout(() => { retry = null; void listen(); }, delay);
    };
    listener = c;
    c.on('error', (err) => lost(err.message));
    c.on('end', () => lost('connection ended'));
    c.on('notification', (n) => {
      if (n.channel !== LIVE_CHANNEL || !n.payload) return;
      let msg: { from?: string; events?: LiveEvent[] };
      try { msg = JSON.parse(n.payload); } catch { return; }
      if (msg.from === self || !Array.isArray(msg.events)) return;
      for (const event of msg.events) {
        if (typeof event?.type !== 'string') continue;
        counters.received++;
        relayed.add(event);
        live.publish(event);
      }
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${LIVE_CHANNEL}`);
      attempt = 0;
    } catch (err) {
      lost((err as Error).message);
    }
  }

  return {
    /** Resolves once the first LISTEN is in place (or failed and is being retried). */
    ready: listen(),
    counters: () => ({ ...counters }),
    async close(): Promise<void> {
      closed = true;
      unsubscribe();
      if (retry) clearTimeout(retry);
      const c = listener;
      listener = null;
      await Promise.all([c?.end().catch(() => {}), sender.end()]);
    },
  };
}

/** The events in order, an incident or a board that occurs more than once kept only at its last occurrence. */
function latestOnly(events: LiveEvent[]): LiveEvent[] {
  const seen = new Set<string>();
  const out: LiveEvent[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    const id = e.type === 'incident' ? (e.incident as { id?: unknown })?.id : e.type === 'board' ? (e.board as { id?: unknown })?.id : undefined;
    if (id !== undefined) {
      const key = `${e.type}:${String(id)}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(e);
  }
  return out.reverse();
}

export type LiveRelay = ReturnType<typeof startLiveRelay>;
