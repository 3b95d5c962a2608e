import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDatasetCsv } from '../../common/data/csv.ts';
import { DEFAULT_TRAIN } from '../../trainer/config.ts';
import { checkGroups, crossValidate, formatCrossVal } from '../../trainer/crossval.ts';
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
    const csv = await toySet(dir, 'corpus', 144, 'crossval', (i) => 1 + (Math.floor(i / 3) % 3));
    const recipe = {
      // With window normalisation the toy is learnt from the click's shape, not its level: ~16k examples.
      ...DEFAULT_TRAIN, epochs: 16, examplesPerEpoch: 1024, batchSize: 32, patience: 16, valNoisyCopies: 1,
      augment: DEFAULT_TRAIN.augment,
    };
    const out = path.join(dir, 'cv');
    const r = await crossValidate({ corpora: [{ csv, audioDir: path.join(dir, 'audio') }], groups: [[1], [2]], extra: [], recipe }, out, () => {});
    expect(r.folds.map((f) => f.name)).to.deep.equal(['1', '2']);
    for (const f of r.folds) {
      const fold = Number(f.name);
      const test = await readDatasetCsv(path.join(out, `fold-${fold}`, 'split', 'test.csv'));
      const trained = await readDatasetCsv(path.join(out, `fold-${fold}`, 'split', 'train.csv'));
      expect(new Set(test.map((row) => row.fold)), 'test = the held-out fold').to.deep.equal(new Set([fold]));
      expect(trained.some((row) => row.fold === fold), 'the held-out fold is not trained on').to.equal(false);
      expect(f.clips).to.equal(test.length);
      expect(f.positives).to.equal(test.filter((row) => row.label).length);
      expect(f.clean.tp + f.clean.fp + f.clean.tn + f.clean.fn).to.equal(f.clips);
      expect(f.disturbed.tp + f.disturbed.fp + f.disturbed.tn + f.disturbed.fn, 'disturbed copies: one per SNR, 4 SNRs').to.equal(4 * f.clips);
      expect(fs.existsSync(path.join(f.modelDir, 'meta.json'))).to.equal(true);
      expect(f.test.f1, `fold ${f.name}: the toy task is learnt (${JSON.stringify(f.clean)})`).to.be.at.least(0.8);
    }
    const p = r.pooled;
    expect(p.clean.n).to.equal(r.folds[0].clips + r.folds[1].clips);
    expect(p.clean.tp).to.equal(r.folds[0].clean.tp + r.folds[1].clean.tp);
    expect(p.clean.f1).to.be.closeTo((2 * p.clean.tp) / (2 * p.clean.tp + p.clean.fp + p.clean.fn), 1e-12);
    expect(p.score).to.be.within(0, 1);
    const saved = JSON.parse(fs.readFileSync(path.join(out, 'crossval.json'), 'utf8'));
    expect(saved.pooled.clean.tp).to.equal(p.clean.tp);
    expect(formatCrossVal(r)).to.match(/^pooled +96 +32 /m);
    // The floor: all 96 held-out clips called gunshots (32 gunshots, 64 negatives) gives F1 = 64 / 128.
    expect(p.everyClip.f1).to.equal(0.5);
    const dp = p.disturbed.tp + p.disturbed.fn, dn = p.disturbed.fp + p.disturbed.tn;
    expect(p.everyClip.robustness).to.be.closeTo((2 * dp) / (2 * dp + dn), 1e-12);
    expect(p.everyClip.score).to.be.closeTo(0.5, 1e-12);
    expect(formatCrossVal(r)).to.match(/^pooled +96 +32 .* 0\.500 +\(clean: /m);
    expect(fs.readFileSync(path.join(out, 'crossval.html'), 'utf8')).to.include('every clip a gunshot');
  });

  it('several corpora: a group holds out its folds of every corpus at once, each corpus trained on as a source of its own', async () => {
    const a = await toySet(dir, 'multi-a', 24, 'multi-a', (i) => 1 + (i % 2));
    const b = await toySet(dir, 'multi-b', 36, 'multi-b', (i) => 1 + (i % 2));
    const c = await toySet(dir, 'multi-c', 12, 'multi-c', () => 1);
    const recipe = {
      ...DEFAULT_TRAIN, epochs: 2, examplesPerEpoch: 256, batchSize: 32, patience: 10, valNoisyCopies: 1,
      augment: DEFAULT_TRAIN.augment,
    };
    const audioDir = path.join(dir, 'audio');
    await crossValidate({ corpora: [{ csv: a, audioDir }, { csv: c, audioDir }], groups: [[1], [2]], extra: [], recipe }, path.join(dir, 'multi-bad'), () => {})
      .then(() => expect.fail('a corpus without fold 2 accepted'), (e: Error) => expect(e.message).to.include(`${c}: test folds 2 not present`));
    expect(fs.existsSync(path.join(dir, 'multi-bad', 'fold-1', 'model')), 'refused before any fold trains').to.equal(false);
    const out = path.join(dir, 'multi');
    const r = await crossValidate({ corpora: [{ csv: a, audioDir }, { csv: b, audioDir }], groups: [[1], [2]], extra: [], recipe }, out, () => {});
    for (const f of r.folds) {
      const fold = Number(f.name);
      const tests = [0, 1].map((i) => path.join(out, `fold-${fold}`, `split-${i}`, 'test.csv'));
      const rows = (await Promise.all(tests.map((t) => readDatasetCsv(t)))).flat();
      expect(new Set(rows.map((row) => row.fold)), 'test = the held-out fold of both corpora').to.deep.equal(new Set([fold]));
      expect(f.clips, 'half of the 24 + 36 clips').to.equal(30);
      const meta = JSON.parse(fs.readFileSync(path.join(f.modelDir, 'meta.json'), 'utf8'));
      const trainedOn = (meta.training.datasets as { csv: string }[]).map((d) => path.relative(out, d.csv));
      expect(trainedOn, 'each corpus is its own training dataset').to.deep.equal([0, 1].map((i) => path.join(`fold-${fold}`, `split-${i}`, 'train.csv')));
    }
    expect(r.pooled.clean.n).to.equal(60);
  });

  it('leave-one-source-out: each source is held out once, trained on the others and the extra data', async () => {
    const a = await toySet(dir, 'src-a', 36, 'loso-a', () => 1);
    const b = await toySet(dir, 'src-b', 36, 'loso-b', () => 1);
    const recipe = {
      ...DEFAULT_TRAIN, epochs: 2, examplesPerEpoch: 256, batchSize: 32, patience: 10, valNoisyCopies: 1,
      augment: DEFAULT_TRAIN.augment,
    };
    const audioDir = path.join(dir, 'audio');
    const sources = [{ name: 'a', data: [{ csv: a, audioDir }] }, { name: 'b', data: [{ csv: b, audioDir }] }];
    await crossValidate({ sources: sources.slice(0, 1), extra: [], recipe }, dir).then(() => expect.fail('one source accepted'), (e: Error) => expect(e.message).to.match(/at least 2 sources, got 1/));
    const out = path.join(dir, 'loso');
    const r = await crossValidate({ sources, extra: [], recipe }, out, () => {});
    expect(r.folds.map((f) => f.name)).to.deep.equal(['a', 'b']);
    for (const [i, f] of r.folds.entries()) {
      const meta = JSON.parse(fs.readFileSync(path.join(f.modelDir, 'meta.json'), 'utf8'));
      const trainedOn = (meta.training.datasets as { csv: string }[]).map((d) => d.csv);
      expect(trainedOn, `source ${f.name} trains on the other source only`).to.deep.equal([i === 0 ? b : a]);
      expect(f.clips).to.equal(36);
    }
    expect(r.pooled.clean.n).to.equal(72);
    const html = fs.readFileSync(path.join(out, 'crossval.html'), 'utf8');
    expect(html).to.match(/<td>a<\/td>/).and.to.match(/<td>pooled<\/td>/).and.to.include('<svg');
  });
});
