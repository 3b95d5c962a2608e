// Latency from a detection frame's arrival at the gateway to the commit of its detection, incident and
// alert (the ACK leaves in the same tick), as a Prometheus histogram: cumulative bucket counts, so a
// scraper gets the distribution of any interval by subtracting two scrapes (e.g. only the steady state
// of a benchmark, without the cold start).

/** Bucket upper bounds, seconds (Prometheus `le`); +Inf is implied. */
export const INGEST_LATENCY_BUCKETS_S: readonly number[] = [
  0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5,
];

export interface LatencyHistogram {
  /** Cumulative counts per bound of INGEST_LATENCY_BUCKETS_S, then +Inf (= count). */
  cumulative: number[];
  count: number;
  sumS: number;
}

export function createIngestLatency() {
  const counts = new Array<number>(INGEST_LATENCY_BUCKETS_S.length + 1).fill(0);
  let sumS = 0;
  return {
    /** Records one detection's latency, ms (negative clock steps count as 0). */
    record(ms: number) {
      const s = Math.max(0, ms) / 1000;
      let i = 0;
      while (i < INGEST_LATENCY_BUCKETS_S.length && s > INGEST_LATENCY_BUCKETS_S[i]) i++;
      counts[i]++;
      sumS += s;
    },
    snapshot(): LatencyHistogram {
      let run = 0;
      const cumulative = counts.map((c) => (run += c));
      return { cumulative, count: run, sumS };
    },
  };
}

/**
 * The q-quantile (0 < q ≤ 1) of the detections recorded between two snapshots (`before` may be null for
 * "since start"), as the upper bound of its bucket in ms — Infinity when it lies beyond the last bound,
 * null when nothing was recorded in between.
 */
export function quantileUpperBoundMs(after: LatencyHistogram, before: LatencyHistogram | null, q: number): number | null {
  if (!(q > 0 && q <= 1)) throw new RangeError(`quantile must be in (0, 1], got ${q}`);
  const delta = after.cumulative.map((c, i) => c - (before?.cumulative[i] ?? 0));
  const n = delta[delta.length - 1];
  if (n <= 0) return null;
  const rank = Math.ceil(q * n);
  const i = delta.findIndex((c) => c >= rank);
  return i < INGEST_LATENCY_BUCKETS_S.length ? INGEST_LATENCY_BUCKETS_S[i] * 1000 : Number.POSITIVE_INFINITY;
}

/** Prometheus text exposition of a snapshot (HELP, TYPE, cumulative `_bucket` lines, `_sum`, `_count`). */
export function renderLatencyHistogram(h: LatencyHistogram, name = 'gunshot_ingest_latency_seconds',
  help = 'Detection frame arrival to committed detection, incident and alert (ACK queued).'): string {
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} histogram`,
    ...[...INGEST_LATENCY_BUCKETS_S.map(String), '+Inf'].map((le, i) => `${name}_bucket{le="${le}"} ${h.cumulative[i]}`),
    `${name}_sum ${h.sumS}`,
    `${name}_count ${h.count}`,
  ].join('\n');
}

/** Parses the histogram back from Prometheus text (what a scraper sees; the inverse of renderLatencyHistogram). */
export function parseLatencyHistogram(metricsText: string, name = 'gunshot_ingest_latency_seconds'): LatencyHistogram {
  const cumulative: number[] = [];
  for (const le of [...INGEST_LATENCY_BUCKETS_S.map(String), '+Inf']) {
    const m = new RegExp(`^${name}_bucket\\{le="${le.replace('+', '\\+')}"\\} (\\d+)$`, 'm').exec(metricsText);
    if (!m) throw new Error(`metrics: no ${name}_bucket{le="${le}"} line`);
    cumulative.push(Number(m[1]));
  }
  const sum = new RegExp(`^${name}_sum (\\S+)$`, 'm').exec(metricsText);
  if (!sum) throw new Error(`metrics: no ${name}_sum line`);
  return { cumulative, count: cumulative[cumulative.length - 1], sumS: Number(sum[1]) };
}
