import { expect } from 'chai';
import seedrandom from 'seedrandom';
import { multilaterate } from '../../gateway/incidents/multilaterate.ts';
import { fromEnu, toEnu, distanceM } from '../../gateway/incidents/geo.ts';
import { fusedConfidence, groupingWindowUs } from '../../gateway/incidents/fuse.ts';

/** Box–Muller normal deviate from a seeded uniform source. */
function gauss(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

describe('gateway/incidents', () => {
  const origin = { lat: 52.52, lon: 13.405 };
  const sensors = [{ x: 0, y: 0 }, { x: 800, y: 0 }, { x: 800, y: 700 }, { x: 0, y: 700 }, { x: 400, y: 1000 }];

  it('projects lat/lon to a local plane and back', () => {
    const p = fromEnu({ x: 1234.5, y: -987.6 }, origin);
    const e = toEnu(p, origin);
    expect(e.x).to.be.closeTo(1234.5, 1e-6);
    expect(e.y).to.be.closeTo(-987.6, 1e-6);
    expect(distanceM(origin, p)).to.be.closeTo(Math.hypot(1234.5, 987.6), 1e-6);
  });

  it('locates a known source from noisy arrival times within a few metres, with an honest error radius', () => {
    const rng = seedrandom('tdoa');
    const sigma = 0.5e-3;
    let within = 0;
    const trials = 40;
    for (let k = 0; k < trials; k++) {
      const src = { x: 100 + rng() * 600, y: 100 + rng() * 600 };
      const t0 = 1000 + rng();
      const arrivals = sensors.map((pos) => ({ pos, t: t0 + Math.hypot(src.x - pos.x, src.y - pos.y) / 343 + sigma * gauss(rng) }));
      const fix = multilaterate(arrivals, { timingSigma: sigma })!;
      const err = Math.hypot(fix.pos.x - src.x, fix.pos.y - src.y);
      expect(err, `trial ${k}`).to.be.below(5);
      expect(fix.t0).to.be.closeTo(t0, 0.01);
      if (err <= fix.errorRadiusM) within++;
    }
    // A 95 % radius should contain the truth in most trials — and not be absurdly loose.
    expect(within / trials).to.be.at.least(0.8);
  });

  it('locates exactly with three sensors and noiseless times, and refuses fewer than three', () => {
    const src = { x: 300, y: 200 };
    const arrivals = sensors.slice(0, 3).map((pos) => ({ pos, t: 5 + Math.hypot(src.x - pos.x, src.y - pos.y) / 343 }));
    const fix = multilaterate(arrivals)!;
    expect(fix.pos.x).to.be.closeTo(300, 0.1);
    expect(fix.pos.y).to.be.closeTo(200, 0.1);
    expect(fix.errorRadiusM).to.be.greaterThan(0);
    expect(multilaterate(arrivals.slice(0, 2))).to.equal(null);
  });

  it('fuses confidences and sizes the grouping window from the field geometry', () => {
    expect(fusedConfidence([0.5, 0.5])).to.be.closeTo(0.75, 1e-12);
    expect(fusedConfidence([0.9])).to.be.closeTo(0.9, 1e-12);
    expect(groupingWindowUs(343, 100)).to.equal(1_100_000);
    expect(() => groupingWindowUs(-1, 0)).to.throw(RangeError, /maxBoardDistanceM/);
  });
});
