import { expect } from 'chai';
import { createIngestLatency, INGEST_LATENCY_BUCKETS_S, parseLatencyHistogram, quantileUpperBoundMs, renderLatencyHistogram } from '../../gateway/boards/ingest-latency.ts';

describe('gateway ingest latency histogram', () => {
  it('is empty until something is recorded; quantiles are then null', () => {
    const s = createIngestLatency().snapshot();
    expect(s.count).to.equal(0);
    expect(s.cumulative.every((c) => c === 0)).to.equal(true);
    expect(quantileUpperBoundMs(s, null, 0.99)).to.equal(null);
  });

  it('puts each latency in the first bucket whose bound is ≥ it (Prometheus `le`), cumulatively', () => {
    const l = createIngestLatency();
    for (const ms of [0.5, 0.6, 10, 10.1, 99, 7000]) l.record(ms);
    const s = l.snapshot();
    const at = (boundS: number) => s.cumulative[INGEST_LATENCY_BUCKETS_S.indexOf(boundS)];
    expect(at(0.0005)).to.equal(1); // 0.5 ms ≤ 0.5 ms
    expect(at(0.001)).to.equal(2);
    expect(at(0.01)).to.equal(3); // 10 ms, not 10.1
    expect(at(0.015)).to.equal(4);
    expect(at(0.1)).to.equal(5);
    expect(at(5)).to.equal(5);
    expect(s.cumulative[s.cumulative.length - 1]).to.equal(6); // +Inf holds the 7 s one
    expect(s.sumS).to.be.closeTo((0.5 + 0.6 + 10 + 10.1 + 99 + 7000) / 1000, 1e-12);
  });

  it('gives the quantile of an interval between two scrapes, as its bucket bound', () => {
    const l = createIngestLatency();
    for (let i = 0; i < 100; i++) l.record(400); // a cold start, before the first scrape
    const before = parseLatencyHistogram(renderLatencyHistogram(l.snapshot()));
    for (let i = 0; i < 1000; i++) l.record(i < 990 ? 2.5 : 40);
    const after = parseLatencyHistogram(renderLatencyHistogram(l.snapshot()));
    expect(quantileUpperBoundMs(after, before, 0.5)).to.equal(3);
    expect(quantileUpperBoundMs(after, before, 0.99)).to.equal(3); // rank 990 of 1000 is still 2.5 ms
    expect(quantileUpperBoundMs(after, before, 0.995)).to.equal(40);
    // Since start, the cold start dominates the tail.
    expect(quantileUpperBoundMs(after, null, 0.99)).to.equal(500);
    l.record(9000);
    expect(quantileUpperBoundMs(l.snapshot(), null, 1)).to.equal(Number.POSITIVE_INFINITY);
    expect(() => quantileUpperBoundMs(after, before, 0)).to.throw(RangeError, /quantile/);
  });

  it('refuses metrics text without the histogram, naming the missing line', () => {
    expect(() => parseLatencyHistogram('gunshot_detections_stored 2')).to.throw(/gunshot_ingest_latency_seconds_bucket\{le="0.0005"\}/);
  });
});
