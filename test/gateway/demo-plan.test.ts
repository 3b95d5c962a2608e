// gateway/demo pure parts: the scenario plan, the per-board rendering (delay by distance / 343 m/s,
// 1/r level) and the scoring of observed incidents against the plan.
import { expect } from 'chai';
import { planScenario, eventSource, renderBoardAudio, boardDistanceM, scoreDemo, arrivalErrorsMs } from '../../gateway/demo/index.ts';
import { groupingWindowUs } from '../../gateway/incidents/fuse.ts';
import { peak } from '../../common/synth/dsp.ts';

describe('gateway/demo plan, soundscape and score', () => {
  it('puts neighbouring boards ~170 m apart and events inside them, further apart in time than a grouping window', () => {
    const s = planScenario({ boards: 4, durationS: 36 });
    const d = s.boards.flatMap((a, i) => s.boards.slice(i + 1).map((b) => Math.hypot(a.enu.x - b.enu.x, a.enu.y - b.enu.y)));
    expect(Math.min(...d)).to.be.within(150, 400);
    expect(s.events.filter((e) => e.label).length).to.be.greaterThan(2);
    expect(s.events.filter((e) => !e.label).length).to.be.greaterThan(2);
    const window = groupingWindowUs(Math.max(...d), 300) / 1e6;
    for (let i = 1; i < s.events.length; i++) expect(s.events[i].atS - s.events[i - 1].atS).to.be.greaterThan(window);
    for (const e of s.events) expect(Math.hypot(e.enu.x, e.enu.y)).to.be.below(100);
    expect(s.events.at(-1)!.atS).to.be.below(36 - 1.5);
    expect(() => planScenario({ boards: 0 })).to.throw(/--boards must be an integer 1\.\.16, got 0/);
  });

  it('renders each event at every board delayed by distance / 343 m/s, louder at the nearer board', () => {
    const s = planScenario({ boards: 3, durationS: 9, seed: 'render' });
    const sources = s.events.map((e) => eventSource(e, 16000, 'render'));
    const e = s.events[0];
    const onsets = s.boards.map((b) => {
      const x = renderBoardAudio(s, b, sources, 16000, 'render', 0);
      let i = 0;
      while (Math.abs(x[i]) < 1e-6) i++;
      return { i, peak: peak(x), d: boardDistanceM(b, e) };
    });
    // The event sits at (atS + d/343)·rate − onset; its first non-zero sample is the source's own.
    let first = 0;
    while (Math.abs(sources[0].samples[first]) < 1e-6) first++;
    for (const o of onsets) {
      const arrival = Math.round((e.atS + o.d / 343) * 16000) - sources[0].onset + first;
      expect(Math.abs(o.i - arrival)).to.be.below(3);
    }
    expect(new Set(onsets.map((o) => Math.round(o.d))).size).to.equal(3); // three different delays were checked
    const near = onsets.reduce((a, b) => (a.d < b.d ? a : b));
    const far = onsets.reduce((a, b) => (a.d > b.d ? a : b));
    expect(near.peak).to.be.greaterThan(far.peak);
  });

  it('scores detections, location error, false alerts and latency against the plan', () => {
    const s = planScenario({ boards: 4, durationS: 20, seed: 'score' });
    const start = 1_000_000;
    const arrival = (i: number) => start + 1000 * (s.events[i].atS + Math.min(...s.boards.map((b) => boardDistanceM(b, s.events[i]))) / 343);
    const [g0, decoy, g1] = [0, 1, 2];
    expect(s.events[g0].label && !s.events[decoy].label && s.events[g1].label).to.equal(true);
    const { summary, details } = scoreDemo(s, start, [
      { id: 1, timeUs: arrival(g0) * 1000 + 2000, nBoards: 4, lat: s.events[g0].lat, lon: s.events[g0].lon, alertMs: start + 1000 * s.events[g0].atS + 700 },
      { id: 2, timeUs: arrival(decoy) * 1000, nBoards: 3, lat: null, lon: null, alertMs: 0 },
      { id: 3, timeUs: (start + 2000) * 1000, nBoards: 1, lat: null, lon: null, alertMs: 0 },
      { id: 4, timeUs: arrival(g1) * 1000, nBoards: 2, lat: null, lon: null, alertMs: start + 1000 * s.events[g1].atS + 900 },
    ]);
    expect(summary.shots).to.equal(s.events.filter((e) => e.label).length);
    expect(summary).to.include({ detected: 2, located: 1, false_alerts: 2 });
    expect(summary.mean_location_error_m).to.be.below(1e-6);
    expect(summary.p99_alert_latency_ms).to.be.closeTo(900, 1e-6);
    expect(details[g0].incidents).to.deep.equal([1]);
  });

  it('measures detection time − arrival at the detecting board, ignoring detections far from every arrival', () => {
    const s = planScenario({ boards: 3, durationS: 12, seed: 'timing' });
    const [b0, b1] = s.boards;
    const e = s.events[0];
    const at = (b: typeof b0) => (1000 * (e.atS + boardDistanceM(b, e) / 343) + 5000) * 1000;
    const errs = arrivalErrorsMs(s, new Map(s.boards.map((b) => [b.id, 5000])), [
      { boardId: b0.id, timeUs: at(b0) + 12_000 },
      { boardId: b1.id, timeUs: at(b1) - 3_000 },
      { boardId: b1.id, timeUs: at(b1) + 2_000_000 },
      { boardId: 'stranger', timeUs: at(b1) },
    ]);
    expect(errs.map((x) => Math.round(x))).to.deep.equal([12, -3]);
  });
});
