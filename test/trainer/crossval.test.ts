import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDatasetCsv } from '../../common/data/csv.ts';
import { DEFAULT_TRAIN } from '../../trainer/config.ts';
import { checkGroups, crossValidate, formatCrossVal } from '../../trainer/crossval.ts';
import { TINY_DSCNN } from '../../trainer/model.ts';
import { parseFoldGroup } from '../../cli/commands/crossval.ts';
import { toySet } from '../helpers/toy-set.ts';

describe('trainer/crossval: groups of folds held out one at a time', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ge-crossval-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks its groups and parses --hold-out', () => {
    expect(() => checkGroups([[1]])).to.throw(RangeError, /at least 2 groups of folds, got 1/);
    expect(() => checkGroups([[1, 2], [2]])).to.throw(RangeError, /fold 2 is in two groups/);
    expect(() => checkGroups([[1], []])).to.throw(RangeError, /empty/);
    expect(parseFoldGroup('3, 4,14')).to.deep.equal([3, 4, 14]);
    expect(() => parseFoldGroup('3,x')).to.throw(RangeError, /--hold-out takes comma-separated fold numbers, got '3,x' \('x' is not one\)/);
  });

  it('trains one model per held-out group, tests it on that group only, and pools the decisions', async () => {
    // Folds 1 and 2 are held out in turn; fold 3 is always trained on.
    const csv = await toySet(dir, 'corpus', 72, 'crossval', (i) => 1 + (Math.floor(i / 3) % 3));
    const recipe = {
      ...DEFAULT_TRAIN, epochs: 3, examplesPerEpoch: 256, batchSize: 32, patience: 10, valNoisyCopies: 1,
      architecture: { ...TINY_DSCNN, channels: 8, blocks: 1 },
      augment: { ...DEFAULT_TRAIN.augment, snrDb: [10, 30] as [number, number], mixProb: 0 },
    };
    const out = path.join(dir, 'cv');
    const r = await crossValidate({ corpus: { csv, audioDir: path.join(dir, 'audio') }, groups: [[1], [2]], extra: [], recipe }, out, () => {});
    expect(r.folds.map((f) => f.folds)).to.deep.equal([[1], [2]]);
    for (const f of r.folds) {
      const test = await readDatasetCsv(path.join(out, `fold-${f.folds[0]}`, 'split', 'test.csv'));
      const trained = await readDatasetCsv(path.join(out, `fold-${f.folds[0]}`, 'split', 'train.csv'));
      expect(new Set(test.map((row) => row.fold)), 'test = the held-out fold').to.deep.equal(new Set(f.folds));
      expect(trained.some((row) => f.folds.includes(row.fold)), 'the held-out fold is not trained on').to.equal(false);
      expect(f.clips).to.equal(test.length);
      expect(f.positives).to.equal(test.filter((row) => row.label).length);
      expect(f.clean.tp + f.clean.fp + f.clean.tn + f.clean.fn).to.equal(f.clips);
      expect(f.disturbed.tp + f.disturbed.fp + f.disturbed.tn + f.disturbed.fn, 'disturbed copies: 4 SNRs × 2 families').to.equal(8 * f.clips);
      expect(fs.existsSync(path.join(f.modelDir, 'meta.json'))).to.equal(true);
      expect(f.test.f1, `fold ${f.folds}: the toy task is learnt`).to.be.at.least(0.8);
    }
    const p = r.pooled;
    expect(p.clean.n).to.equal(r.folds[0].clips + r.folds[1].clips);
    expect(p.clean.tp).to.equal(r.folds[0].clean.tp + r.folds[1].clean.tp);
    expect(p.clean.f1).to.be.closeTo((2 * p.clean.tp) / (2 * p.clean.tp + p.clean.fp + p.clean.fn), 1e-12);
    expect(p.score).to.be.within(0, 1);
    const saved = JSON.parse(fs.readFileSync(path.join(out, 'crossval.json'), 'utf8'));
    expect(saved.pooled.clean.tp).to.equal(p.clean.tp);
    expect(formatCrossVal(r)).to.match(/^pooled +48 +16 /m);
  });
});
