import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthCorpus } from '../../../common/synth/corpus.ts';
import { CATEGORIES } from '../../../common/synth/registry.ts';
import { BACKGROUND_KINDS, synthBackground } from '../../../common/synth/backgrounds.ts';
import { makeRng } from '../../../common/synth/rng.ts';
import { fftConvolve, normalizePeak } from '../../../common/synth/dsp.ts';
import { loadDataset } from '../../../common/data/load-dataset.ts';
import { readDatasetCsv } from '../../../common/data/csv.ts';

function stats(x: Float32Array): { peak: number; finite: boolean } {
  let peak = 0;
  let finite = true;
  for (const v of x) {
    if (!Number.isFinite(v)) finite = false;
    else peak = Math.max(peak, Math.abs(v));
  }
  return { peak, finite };
}

describe('common/synth', () => {
  it('registry: 4 gun categories, the 9 other UrbanSound8K classes, hard negatives flagged, unique names', () => {
    expect(CATEGORIES.filter((c) => c.label).map((c) => c.name)).to.have.length(4);
    const urban = new Set(CATEGORIES.filter((c) => !c.label).map((c) => c.urbanClass).filter(Boolean));
    expect(urban.size).to.equal(9);
    expect(CATEGORIES.filter((c) => c.hardNegative).every((c) => !c.label)).to.equal(true);
    expect(new Set(CATEGORIES.map((c) => c.name)).size).to.equal(CATEGORIES.length);
  });

  for (const c of CATEGORIES) {
    it(`${c.name}: finite, non-silent, exactly n samples (≤ 4 s), for short and long clips`, () => {
      for (const [k, seconds] of [[0, 0.5], [1, 4]] as const) {
        const n = Math.round(seconds * 16000);
        const x = c.generate({ rng: makeRng(`t:${c.name}:${k}`), scene: makeRng(`s:${c.name}:${k}`), rateHz: 16000, n });
        expect(x.length).to.equal(n);
        const s = stats(x);
        expect(s.finite, 'finite').to.equal(true);
        expect(s.peak, 'peak').to.be.greaterThan(1e-4);
      }
    });
  }

  it('gunshots have an impulsive onset (≥ 25 dB rise within 2 ms over a −66 dBFS floor); steady sources do not', () => {
    // Largest level rise from the loudest of the 3 previous 2 ms frames to the current one, in dB.
    const maxRise = (x: Float32Array) => {
      const lv: number[] = [];
      for (let s = 0; s + 32 <= x.length; s += 32) {
        let e = 0;
        for (let i = s; i < s + 32; i++) e += x[i] * x[i];
        lv.push(10 * Math.log10(e / 32));
      }
      let best = 0;
      for (let i = 3; i < lv.length; i++) best = Math.max(best, lv[i] - Math.max(lv[i - 1], lv[i - 2], lv[i - 3]));
      return best;
    };
    for (const c of CATEGORIES) {
      const steady = ['air_conditioner', 'siren', 'drilling'].includes(c.name);
      if (!c.label && !steady) continue;
      for (let k = 0; k < 4; k++) {
        const x = normalizePeak(c.generate({ rng: makeRng(`on${k}`), scene: makeRng(`sc${k}`), rateHz: 16000, n: 32000 }), 0.5);
        const floor = makeRng(`floor${k}`);
        for (let i = 0; i < x.length; i++) x[i] += 5e-4 * floor.normal();
        const rise = maxRise(x);
        if (c.label) expect(rise, `${c.name} #${k}`).to.be.at.least(25);
        else expect(rise, `${c.name} #${k}`).to.be.below(15);
      }
    }
  });

  it('backgrounds: every kind finite, non-silent, deterministic', () => {
    for (const kind of BACKGROUND_KINDS) {
      const a = synthBackground(kind, 1, 16000, 'x');
      const s = stats(a);
      expect(s.finite).to.equal(true);
      expect(s.peak).to.be.closeTo(0.5, 1e-6);
      expect(Buffer.from(a.buffer).equals(Buffer.from(synthBackground(kind, 1, 16000, 'x').buffer))).to.equal(true);
    }
  });

  it('fftConvolve equals direct convolution', () => {
    const x = Float32Array.from([1, 2, 3, 0, -1]);
    const h = Float32Array.from([0.5, -1, 2]);
    const direct = new Float32Array(7);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 3; j++) direct[i + j] += x[i] * h[j];
    const y = fftConvolve(x, h);
    expect(y.length).to.equal(7);
    for (let i = 0; i < 7; i++) expect(y[i]).to.be.closeTo(direct[i], 1e-5);
  });

  describe('synthCorpus', () => {
    let dir = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ge-synth-'));
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    it('is deterministic by seed, keeps the ratio, and is readable by the dataset loader', async () => {
      const opts = { clips: 60, positiveRatio: 0.1, seed: 's1', durationRangeS: [0.5, 1] as [number, number] };
      const a = await synthCorpus({ ...opts, outDir: join(dir, 'a') });
      await synthCorpus({ ...opts, outDir: join(dir, 'b') });
      const c = await synthCorpus({ ...opts, seed: 's2', outDir: join(dir, 'c') });
      const files = (await readdir(join(dir, 'a', 'audio'))).sort();
      expect(files).to.have.length(60);
      for (const f of [...files.map((f) => join('audio', f)), 'train.csv', 'test.csv']) {
        expect((await readFile(join(dir, 'a', f))).equals(await readFile(join(dir, 'b', f))), f).to.equal(true);
      }
      expect(await readFile(join(dir, 'c', 'train.csv'), 'utf8')).to.not.equal(await readFile(join(dir, 'a', 'train.csv'), 'utf8'));
      expect(a.positives).to.equal(6);
      expect(a.trainRows + a.testRows).to.equal(60);

      const train = await loadDataset(a.trainCsv, join(dir, 'a', 'audio'), { sampleRateHz: 16000 });
      const test = await loadDataset(a.testCsv, join(dir, 'a', 'audio'), { sampleRateHz: 16000 });
      expect(train.skipped).to.deep.equal([]);
      expect(test.skipped).to.deep.equal([]);
      const rows = [...train.rows, ...test.rows];
      expect(rows.filter((r) => r.label)).to.have.length(6);
      expect(rows.every((r) => r.extra.category && ['True', 'False'].includes(r.extra.hard_negative))).to.equal(true);
      // No recording on both sides; test rows only in the test folds.
      const trainIds = new Set(train.rows.map((r) => r.id));
      expect(test.rows.some((r) => trainIds.has(r.id))).to.equal(false);
      expect(test.rows.every((r) => a.testFolds.includes(r.fold))).to.equal(true);
      for (const clip of train.clips) expect(clip.samples.length / 16000).to.be.within(0.5, 1.0001);
    });

    it('default ratio is 5% and options are range-checked', async () => {
      const r = await synthCorpus({ outDir: join(dir, 'd'), clips: 40, durationRangeS: [0.5, 0.5] });
      expect(r.positives).to.equal(2);
      const rows = await readDatasetCsv(r.trainCsv);
      expect(rows.length).to.equal(r.trainRows);
      let err: unknown;
      await synthCorpus({ outDir: join(dir, 'e'), positiveRatio: 1.5 }).catch((e) => (err = e));
      expect(String(err)).to.match(/positiveRatio must be in 0\.001\.\.0\.999, got 1\.5/);
    });
  });
});
