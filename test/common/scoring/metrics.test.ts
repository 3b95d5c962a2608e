// Hand-computed cases for the challenge's metrics, including the zero_division=0 degenerate cases.
import { expect } from 'chai';
import { confusion, decide } from '../../../common/scoring/confusion.ts';
import { challengeScore, metrics } from '../../../common/scoring/metrics.ts';
import { averagePrecision, bestF1Threshold, prCurve } from '../../../common/scoring/pr-curve.ts';
import { metricsByGroup } from '../../../common/scoring/groups.ts';

const T = true;
const F = false;

describe('scoring/confusion + metrics', () => {
  it('counts and scores a mixed case: tp 2, fp 1, tn 3, fn 2', () => {
    const c = confusion([T, T, T, T, F, F, F, F], [T, T, F, F, T, F, F, F]);
    expect(c).to.deep.equal({ tp: 2, fp: 1, tn: 3, fn: 2 });
    const m = metrics(c);
    expect(m.n).to.equal(8);
    expect(m.accuracy).to.equal(5 / 8);
    expect(m.precision).to.equal(2 / 3);
    expect(m.recall).to.equal(1 / 2);
    expect(m.f1).to.be.closeTo(4 / 7, 1e-12); // 2·(2/3)(1/2)/((2/3)+(1/2))
  });
  it('no predicted positives: precision 0, F1 0 (zero_division=0)', () => {
    const m = metrics(confusion([T, F, F], [F, F, F]));
    expect([m.precision, m.recall, m.f1, m.accuracy]).to.deep.equal([0, 0, 0, 2 / 3]);
  });
  it('no actual positives and none predicted: precision, recall and F1 all 0, accuracy 1', () => {
    const m = metrics(confusion([F, F], [F, F]));
    expect([m.precision, m.recall, m.f1, m.accuracy]).to.deep.equal([0, 0, 0, 1]);
  });
  it('no actual positives but false alarms: precision 0, recall 0', () => {
    const m = metrics(confusion([F, F], [T, F]));
    expect([m.precision, m.recall, m.f1]).to.deep.equal([0, 0, 0]);
  });
  it('empty set: all zero', () => expect(metrics(confusion([], []))).to.deep.equal({ n: 0, accuracy: 0, precision: 0, recall: 0, f1: 0 }));
  it('rejects mismatched lengths', () => expect(() => confusion([T], [])).to.throw(RangeError, /got 1 and 0/));
  it('decides score ≥ threshold as gunshot', () => expect(decide([0.49, 0.5, 0.9], 0.5)).to.deep.equal([F, T, T]));
});

describe('scoring/challengeScore', () => {
  it('is the harmonic mean of F1 and robustness', () => {
    expect(challengeScore(0.8, 0.4)).to.be.closeTo((2 * 0.8 * 0.4) / 1.2, 1e-12);
    expect(challengeScore(0.7, 0.7)).to.be.closeTo(0.7, 1e-12);
  });
  it('is 0 when either is 0 (and when both are)', () => {
    expect(challengeScore(0.9, 0)).to.equal(0);
    expect(challengeScore(0, 0)).to.equal(0);
  });
});

describe('scoring/prCurve + bestF1Threshold', () => {
  // scores 0.9(T) 0.8(F) 0.7(T) 0.7(F) 0.2(T): 3 positives
  const labels = [T, F, T, F, T];
  const scores = [0.9, 0.8, 0.7, 0.7, 0.2];
  it('emits one point per distinct score, highest first, ties counted together', () => {
    const pts = prCurve(labels, scores);
    expect(pts.map((p) => p.threshold)).to.deep.equal([0.9, 0.8, 0.7, 0.2]);
    expect(pts.map((p) => [p.tp, p.fp])).to.deep.equal([[1, 0], [1, 1], [2, 2], [3, 2]]);
    expect(pts[0].precision).to.equal(1);
    expect(pts[0].recall).to.be.closeTo(1 / 3, 1e-12);
    expect(pts[3].f1).to.be.closeTo(6 / 8, 1e-12); // 2·3/(2·3 + 2 + 0)
  });
  it('picks the F1-optimal threshold (0.2 here: F1 0.75 vs 0.5, 0.4, 4/7)', () => {
    const b = bestF1Threshold(labels, scores);
    expect(b.threshold).to.equal(0.2);
    expect(b.f1).to.be.closeTo(0.75, 1e-12);
  });
  it('prefers the higher threshold among F1 ties', () => {
    // t=0.9: tp1 fp0 fn1 → F1 2/3; t=0.1: tp2 fp2 → F1 4/6 = 2/3 as well
    const b = bestF1Threshold([T, F, F, T], [0.9, 0.5, 0.5, 0.1]);
    expect(b.threshold).to.equal(0.9);
  });
  it('falls back to 0.5 when no threshold gives F1 > 0 (no positives)', () => {
    const b = bestF1Threshold([F, F], [0.3, 0.6]);
    expect(b.threshold).to.equal(0.5);
    expect(b.f1).to.equal(0);
    expect(b.fp).to.equal(1);
  });
  it('rejects non-finite scores', () => expect(() => prCurve([T], [NaN])).to.throw(RangeError, /finite, got NaN at index 0/));
});

describe('scoring/averagePrecision', () => {
  it('matches sklearn average_precision_score, ties counted as one threshold', () => {
    // sklearn: average_precision_score([1,0,1,0,1], [.9,.8,.7,.6,.5]) = 0.75556
    expect(averagePrecision([true, false, true, false, true], [0.9, 0.8, 0.7, 0.6, 0.5])).to.be.closeTo(0.755556, 1e-6);
    // sklearn: average_precision_score([1,0,1], [.8,.8,.3]) = 0.58333 (the tie is one point: P ½, R ½)
    expect(averagePrecision([true, false, true], [0.8, 0.8, 0.3])).to.be.closeTo(0.583333, 1e-6);
    expect(averagePrecision([true, true, false], [0.9, 0.8, 0.1])).to.equal(1);
  });

  it('is null without positives and checks its inputs', () => {
    expect(averagePrecision([false, false], [0.2, 0.9])).to.equal(null);
    expect(() => averagePrecision([false], [0.1, 0.2])).to.throw(RangeError, /same length/);
    expect(() => averagePrecision([true], [Number.NaN])).to.throw(RangeError, /finite/);
  });
});

describe('scoring/metricsByGroup', () => {
  it('groups by SNR sorted numerically and by kind alphabetically', () => {
    const snr = metricsByGroup([
      { label: T, pred: T, group: '10' }, { label: T, pred: F, group: '-5' }, { label: F, pred: T, group: '-5' },
      { label: T, pred: T, group: '0' },
    ]);
    expect(snr.map((g) => g.group)).to.deep.equal(['-5', '0', '10']);
    expect(snr[0].f1).to.equal(0);
    expect(snr[0].positives).to.equal(1);
    expect(snr[2].f1).to.equal(1);
    const kinds = metricsByGroup([{ label: T, pred: T, group: 'wind' }, { label: T, pred: F, group: 'traffic' }]);
    expect(kinds.map((g) => [g.group, g.recall])).to.deep.equal([['traffic', 0], ['wind', 1]]);
  });
});
