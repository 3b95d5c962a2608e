// Delivers queued webhooks from the durable outbox. At-least-once on the wire, made exactly-once for a
// well-behaved receiver by the Idempotency-Key header; a row is marked delivered only after a 2xx.
import type { Store } from './types.ts';

export interface DispatcherOptions {
  /** Poll period, ms; defaults to 500; range 10..60000. */
  pollMs?: number;
  /** First retry delay, ms, doubled each attempt; defaults to 1000; range 1..600000. */
  baseBackoffMs?: number;
  /** Longest retry delay, ms; defaults to 60000. */
  maxBackoffMs?: number;
  /** Per-request timeout, ms; defaults to 5000. */
  timeoutMs?: number;
  /** Called after every attempt (metrics, logs). */
  onAttempt?: (ok: boolean, url: string, error?: string) => void;
}

export function createWebhookDispatcher(store: Store, options: DispatcherOptions = {}) {
  const { pollMs = 500, baseBackoffMs = 1000, maxBackoffMs = 60000, timeoutMs = 5000, onAttempt } = options;
  if (!(pollMs >= 10 && pollMs <= 60000)) throw new RangeError(`webhook pollMs must be 10..60000, got ${pollMs}`);
  if (!(baseBackoffMs >= 1 && baseBackoffMs <= 600000)) throw new RangeError(`webhook baseBackoffMs must be 1..600000, got ${baseBackoffMs}`);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  async function deliverDue(now = Date.now()): Promise<void> {
    // Each row is leased for longer than one attempt can take: another dispatcher on the same database
    // (several gateways) skips it meanwhile, and a dispatcher that dies mid-attempt frees it on expiry.
    for (const row of await store.claimDueWebhooks(now, timeoutMs + 5000)) {
      let error: string | undefined;
      try {
        const res = await fetch(row.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': row.idempotency_key },
          body: row.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) error = `HTTP ${res.status}`;
        await res.body?.cancel();
      } catch (err) {
        error = (err as Error).message;
      }
      if (error === undefined) await store.markDelivered(row.id);
      else await store.markFailed(row.id, Date.now() + Math.min(maxBackoffMs, baseBackoffMs * 2 ** row.attempts), error);
      onAttempt?.(error === undefined, row.url, error);
    }
  }

  const tick = () => {
    if (running) return;
    running = deliverDue().finally(() => { running = null; });
  };

  return {
    deliverDue,
    start() { if (!timer) timer = setInterval(tick, pollMs); tick(); },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
