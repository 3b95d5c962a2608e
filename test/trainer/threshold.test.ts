import { expect } from 'chai';
import { chooseThreshold } from '../../trainer/threshold.ts';

describe('trainer/threshold', () => {
  it('finds the separating threshold of separable scores, with no spread', () => {
    const labels = [false, false, false, true, true];
    const scores = [0.1, 0.2, 0.3, 0.8, 0.9];
    const c = chooseThreshold(labels, scores, 50, 's');
    expect(c.f1).to.equal(1);
    expect(c.threshold).to.be.within(0.8, 0.9);
    expect(c.positives).to.equal(2);
    expect(c.bootstrap.thresholdPercentiles).to.have.length(5);
  });

  it('is deterministic by seed and reports spread on noisy scores', () => {
    const labels: boolean[] = [];
    const scores: number[] = [];
    for (let i = 0; i < 200; i++) {
      const pos = i % 10 === 0;
      labels.push(pos);
      scores.push(((i * 7919) % 101) / 101 * 0.6 + (pos ? 0.4 : 0));
    }
    const a = chooseThreshold(labels, scores, 100, 'x');
    const b = chooseThreshold(labels, scores, 100, 'x');
    expect(a).to.deep.equal(b);
    const p = a.bootstrap.thresholdPercentiles;
    expect(p[0]).to.be.at.most(p[4]);
    expect(a.bootstrap.f1Std).to.be.above(0);
  });

  it('rejects mismatched inputs', () => {
    expect(() => chooseThreshold([true], [0.1, 0.2])).to.throw(/equal/);
  });
});
