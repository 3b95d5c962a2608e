// Live events across gateways that share one PostgreSQL database: each gateway sends what it ingested
// (alerts, incidents, board changes, alert acknowledgements, verifications) with pg_notify on one channel,
// after the commit that produced it, and re-publishes what the others sent on its own live bus. So every
// gateway's /events stream (the dashboard's beeps) carries the whole city, whichever gateway a board's
// detection reached. Best effort, like the stream itself: the store stays the truth (`/api/*`), and an
// event whose JSON exceeds PostgreSQL's notification limit is left out and counted.
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

  const unsubscribe = live.subscribe((event) => {
    if (relayed.has(event) || closed) return;
    const payload = JSON.stringify({ from: self, event });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) { counters.tooLarge++; return; }
    sender.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, payload]).then(
      () => { counters.sent++; },
      (err: Error) => { counters.sendFailures++; if (!closed) o.onWarning?.(`live relay: notify failed: ${err.message}`); },
    );
  });

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
      let msg: { from?: string; event?: LiveEvent };
      try { msg = JSON.parse(n.payload); } catch { return; }
      if (msg.from === self || !msg.event || typeof msg.event.type !== 'string') return;
      counters.received++;
      relayed.add(msg.event);
      live.publish(msg.event);
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

export type LiveRelay = ReturnType<typeof startLiveRelay>;
