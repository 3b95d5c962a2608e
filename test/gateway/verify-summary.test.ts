// gateway/verify/summary.ts: decisions by threshold_int8, metrics per side, and mismatch reporting.
import { expect } from 'chai';
import { summarise, type ClipComparison } from '../../gateway/verify/summary.ts';

const clip = (set: ClipComparison['set'], label: boolean, device: number[], host: number[], file = 'c.wav'): ClipComparison => ({
  set, file, label, device: Int8Array.from(device), host: Int8Array.from(host), deviceElapsedUs: 1000 * device.length,
});

describe('gateway/verify summary', () => {
  it('decides clips by max window ≥ threshold_int8 on each side and scores them', () => {
    const s = summarise([
      clip('test', true, [-100, 20], [-100, 20]),   // both positive (20 ≥ 10)
      clip('test', false, [-50, 9], [-50, 9]),      // both negative (9 < 10)
      clip('test', true, [10], [10]),               // exactly at threshold: positive
    ], 10);
    expect(s).to.include({ n: 3, n_disturbed: 0, agreement: 1, max_lsb_diff: 0 });
    expect(s.device).to.deep.equal({ accuracy: 1, f1: 1, robustness: null, score: null });
    expect(s.device_ms_per_window).to.equal(1);
  });

  it('reports the largest LSB difference, the clips that differ and disagreeing decisions', () => {
    const s = summarise([
      clip('test', true, [5, 12], [5, 9], 'a.wav'),      // decisions differ (12 vs 9), Δ 3
      clip('test', false, [1, 2], [1, 3], 'b.wav'),      // same decision, Δ 1
      clip('disturbed', true, [30], [30], 'c.wav'),
    ], 10);
    expect(s.max_lsb_diff).to.equal(3);
    expect(s.agreement).to.be.closeTo(2 / 3, 1e-12);
    expect(s.mismatches.map((m) => [m.file, m.max_lsb_diff, m.device_decision, m.host_decision])).to.deep.equal([
      ['a.wav', 3, true, false], ['b.wav', 1, false, false],
    ]);
    expect(s.device.f1).to.equal(1);
    expect(s.host.f1).to.equal(0);
    expect(s.device.robustness).to.equal(1);
    expect(s.device.score).to.equal(1);
    expect(s.host.score).to.equal(0);
  });

  it('treats different window counts as the worst difference', () => {
    const s = summarise([clip('test', false, [1, 2], [1])], 10);
    expect(s.max_lsb_diff).to.equal(255);
    expect(s.mismatches[0].windows).to.deep.equal([2, 1]);
  });
});
