import { expect } from 'chai';
import { createIngestLatency } from '../../gateway/boards/ingest-latency.ts';

describe('gateway ingest latency recorder', () => {
  it('is empty until something is recorded', () => {
    expect(createIngestLatency().snapshot()).to.deep.equal({ count: 0, sumS: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 });
  });

  it('reports quantiles, max and sum of what was recorded (to the histogram\'s 3 significant figures)', () => {
    const l = createIngestLatency();
    for (let i = 1; i <= 1000; i++) l.record(i / 10); // 0.1 … 100 ms
    const s = l.snapshot();
    expect(s.count).to.equal(1000);
    expect(s.sumS).to.be.closeTo((1000 * 1001) / 2 / 10 / 1000, 1e-9);
    expect(s.p50Ms).to.be.closeTo(50, 0.1);
    expect(s.p90Ms).to.be.closeTo(90, 0.1);
    expect(s.p99Ms).to.be.closeTo(99, 0.1);
    expect(s.maxMs).to.be.closeTo(100, 0.1);
    l.reset();
    expect(l.snapshot().count).to.equal(0);
  });

  it('counts sub-microsecond latencies as 1 µs instead of dropping them', () => {
    const l = createIngestLatency();
    l.record(0);
    expect(l.snapshot()).to.include({ count: 1, maxMs: 0.001 });
  });
});
