// Latency from a detection frame's arrival at the gateway to the commit of its detection, incident and
// alert (the ACK leaves in the same tick). Kept in Node's built-in HDR histogram (perf_hooks), so the
// quantiles are exact to 1 µs at any rate without storing samples; exposed as a Prometheus summary.
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

export interface LatencySnapshot {
  count: number;
  /** Sum of all latencies, s (Prometheus `_sum`). */
  sumS: number;
  /** Quantiles in ms; 0 when nothing was recorded. */
  p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number;
}

export function createIngestLatency() {
  let h: RecordableHistogram = createHistogram({ lowest: 1, highest: 600_000_000, figures: 3 });
  let sumUs = 0;
  return {
    /** Records one detection, `ms` ≥ 0 (values under 1 µs count as 1 µs). */
    record(ms: number) {
      const us = Math.max(1, Math.round(ms * 1000));
      h.record(us);
      sumUs += us;
    },
    snapshot(): LatencySnapshot {
      const q = (p: number) => (h.count ? h.percentile(p) / 1000 : 0);
      return { count: h.count, sumS: sumUs / 1e6, p50Ms: q(50), p90Ms: q(90), p99Ms: q(99), maxMs: h.count ? h.max / 1000 : 0 };
    },
    reset() { h = createHistogram({ lowest: 1, highest: 600_000_000, figures: 3 }); sumUs = 0; },
  };
}

export type IngestLatency = ReturnType<typeof createIngestLatency>;
