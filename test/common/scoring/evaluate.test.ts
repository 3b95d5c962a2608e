// evaluateModel with a fake predictor whose score is the clip's first sample: every number is hand-checkable.
import { expect } from 'chai';
import type { Clip } from '../../../common/data/types.ts';
import { evaluateModel, evalSummary, type ClipScorer } from '../../../common/scoring/evaluate.ts';

function clip(label: boolean, score: number, extra: Record<string, string> = {}, line = 2): Clip {
  return {
    row: { sliceFileName: `c${line}.wav`, id: `r${line}`, fold: 1, label, line, extra },
    path: `/x/c${line}.wav`, samples: Float32Array.from([score, 0, 0]), sampleRateHz: 16000, sourceRateHz: 16000,
  };
}

const fake: ClipScorer & { calls: number } = {
  meta: { threshold: 0.5 },
  calls: 0,
  async predictClips(clips, onProgress) {
    this.calls++;
    onProgress?.(clips.length, clips.length);
    return clips.map((s) => ({ score: s[0], windowScores: [s[0]] }));
  },
};

describe('scoring/evaluateModel (fake predictor)', () => {
  // clean: tp 2 (0.9, 0.6), fn 1 (0.4), fp 1 (0.7), tn 2 → P 2/3, R 2/3, F1 2/3, acc 4/6
  const clean = [clip(true, 0.9), clip(true, 0.6), clip(true, 0.4), clip(false, 0.7), clip(false, 0.1), clip(false, 0.2)];
  // disturbed: at snr 0 both gunshots missed; at snr 10 one hit, one false alarm from "wind"
  const disturbed = [
    clip(true, 0.3, { snr_db: '0', noise_kind: 'rain' }), clip(true, 0.2, { snr_db: '0', noise_kind: 'wind' }),
    clip(true, 0.8, { snr_db: '10', noise_kind: 'rain' }), clip(false, 0.6, { snr_db: '10', noise_kind: 'wind' }),
    clip(false, 0.1, { snr_db: '10', noise_kind: 'wind' }),
  ];

  it('computes clean metrics, robustness, score and groups', async () => {
    const progress: string[] = [];
    const r = await evaluateModel({ predictor: fake, clean, disturbed, onProgress: (s, d, t) => progress.push(`${s}:${d}/${t}`) });
    expect(progress).to.deep.equal(['clean:6/6', 'disturbed:5/5']);
    expect(r.clean.confusion).to.deep.equal({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(r.clean.f1).to.be.closeTo(2 / 3, 1e-12);
    // disturbed tp 1, fn 2, fp 1 → F1 = 2/(2+1+2) = 0.4
    expect(r.robustness).to.be.closeTo(0.4, 1e-12);
    expect(r.score).to.be.closeTo((2 * (2 / 3) * 0.4) / (2 / 3 + 0.4), 1e-12);
    expect(r.bySnr.map((g) => [g.group, g.f1])).to.deep.equal([['0', 0], ['10', 2 / 3]]);
    expect(r.byKind.map((g) => [g.group, g.recall])).to.deep.equal([['rain', 0.5], ['wind', 0]]);
    expect(r.prCurve[0].threshold).to.equal(Math.fround(0.9));
    const s = evalSummary(r);
    expect(Object.keys(s)).to.deep.equal(['n', 'accuracy', 'precision', 'recall', 'f1', 'n_disturbed', 'robustness', 'score', 'threshold', 'average_precision', 'average_precision_disturbed']);
    // clean ranking T F T T F F → AP = ⅓·1 + ⅓·⅔ + ⅓·¾ = 29/36; the disturbed ranking T F T T F is the same
    expect(s.average_precision).to.be.closeTo(29 / 36, 1e-12);
    expect(s.average_precision_disturbed).to.be.closeTo(29 / 36, 1e-12);
    expect([s.n, s.n_disturbed, s.threshold]).to.deep.equal([6, 5, 0.5]);
    expect(s.accuracy).to.be.closeTo(4 / 6, 1e-12);
  });

  it('leaves robustness and score null without a disturbed set, and honours an explicit threshold', async () => {
    const r = await evaluateModel({ predictor: fake, clean, threshold: 0.95 });
    expect(r.disturbed).to.equal(null);
    expect([r.robustness, r.score, r.averagePrecision.disturbed]).to.deep.equal([null, null, null]);
    expect(r.clean.confusion.tp).to.equal(0);
    expect(r.clean.precision).to.equal(0);
  });

  it('rejects an empty clean set and a predictor returning the wrong count', async () => {
    let err: unknown;
    try { await evaluateModel({ predictor: fake, clean: [] }); } catch (e) { err = e; }
    expect(String(err)).to.match(/at least 1 clip, got 0/);
    const broken: ClipScorer = { meta: { threshold: 0.5 }, predictClips: async () => [] };
    err = undefined;
    try { await evaluateModel({ predictor: broken, clean }); } catch (e) { err = e; }
    expect(String(err)).to.match(/returned 0 predictions for 6 clean clips/);
  });
});
