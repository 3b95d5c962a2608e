import { expect } from 'chai';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '../../../common/audio/wav-write.ts';
import { parseDatasetCsv, DatasetCsvError, readDatasetCsv } from '../../../common/data/csv.ts';
import { formatDatasetCsv } from '../../../common/data/csv-write.ts';
import { loadDataset } from '../../../common/data/load-dataset.ts';
import { formatSkipSummary } from '../../../common/data/skip-summary.ts';
import { splitByFolds, assignFoldsGrouped } from '../../../common/data/folds.ts';

function tone(n: number, amp = 0.3): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin(i / 5));
}

describe('common/data', () => {
  describe('parseDatasetCsv', () => {
    it('reads the layout, labels in any case, and keeps extra columns', () => {
      const rows = parseDatasetCsv('slice_file_name,ID,fold,Label,category\na.wav,7,1,TRUE,pistol\nb.wav,8,2,false,dog\n', 'x.csv');
      expect(rows).to.have.length(2);
      expect(rows[0]).to.deep.include({ sliceFileName: 'a.wav', id: '7', fold: 1, label: true, line: 2 });
      expect(rows[0].extra).to.deep.equal({ category: 'pistol' });
      expect(rows[1].label).to.equal(false);
    });
    it('names file, line and expectation for a missing column', () => {
      expect(() => parseDatasetCsv('slice_file_name,ID,Label\na.wav,1,True\n', 'm.csv')).to.throw(DatasetCsvError, /m\.csv:1: missing column 'fold'/);
    });
    it('names the line of a bad label and a bad fold', () => {
      const text = 'slice_file_name,ID,fold,Label\na.wav,1,1,True\nb.wav,2,1,maybe\n';
      expect(() => parseDatasetCsv(text, 'l.csv')).to.throw(DatasetCsvError, /l\.csv:3: Label 'maybe' is not True or False/);
      expect(() => parseDatasetCsv('slice_file_name,ID,fold,Label\na.wav,1,x,True\n', 'f.csv')).to.throw(/f\.csv:2: fold 'x'/);
    });
    it("reads the challenge's CSV as exported: pandas' unnamed index column, column names in another case", () => {
      // urbansound8k_train_gunshot.csv: slice_file_name,ID,fold,Label, as DataFrame.to_csv writes it with its index.
      const withIndex = parseDatasetCsv(',slice_file_name,ID,fold,Label\n0,100032-3-0-0.wav,100032,5,False\n1,102305-6-0-0.wav,102305,1,True\n', 'c.csv');
      expect(withIndex.map((r) => [r.sliceFileName, r.id, r.fold, r.label, r.line])).to.deep.equal([
        ['100032-3-0-0.wav', '100032', 5, false, 2],
        ['102305-6-0-0.wav', '102305', 1, true, 3],
      ]);
      expect(withIndex[0].extra).to.deep.equal({});
      const unnamed = parseDatasetCsv('Unnamed: 0,slice_file_name,ID,fold,Label,class\n7,a.wav,1,1,True,gun_shot\n', 'u.csv');
      expect(unnamed[0]).to.deep.include({ sliceFileName: 'a.wav', label: true });
      expect(unnamed[0].extra).to.deep.equal({ class: 'gun_shot' });
      const cased = parseDatasetCsv('Slice_File_Name,id,Fold,label\na.wav,1,2,true\n', 'k.csv');
      expect(cased[0]).to.deep.include({ sliceFileName: 'a.wav', id: '1', fold: 2, label: true });
      expect(cased[0].extra).to.deep.equal({});
      // The exact spelling wins over another case; two case variants and no exact one is a missing column.
      const both = parseDatasetCsv('slice_file_name,ID,id,fold,Label\na.wav,1,x,2,True\n', 'b.csv');
      expect(both[0]).to.deep.include({ id: '1' });
      expect(both[0].extra).to.deep.equal({ id: 'x' });
      expect(() => parseDatasetCsv('slice_file_name,Id,id,fold,Label\na.wav,1,x,2,True\n', 'd.csv')).to.throw(/d\.csv:1: missing column 'ID'/);
    });
    it('round-trips through formatDatasetCsv, quoting commas', () => {
      const text = formatDatasetCsv([{ sliceFileName: 'a,b.wav', id: '1', fold: 3, label: true, extra: { note: 'say "hi"' } }], ['note']);
      const [r] = parseDatasetCsv(text, 'rt.csv');
      expect(r).to.deep.include({ sliceFileName: 'a,b.wav', fold: 3, label: true });
      expect(r.extra.note).to.equal('say "hi"');
    });
  });

  describe('loadDataset', () => {
    let dir = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ge-data-'));
      const audio = join(dir, 'audio');
      await mkdir(join(audio, 'fold2'), { recursive: true });
      const good = encodeWav(tone(8000), 16000);
      await writeFile(join(audio, 'good.wav'), good);
      await writeFile(join(audio, 'fold2', 'infold.wav'), encodeWav(tone(22050), 44100));
      await writeFile(join(audio, 'empty.wav'), new Uint8Array(0));
      await writeFile(join(audio, 'cut.wav'), good.subarray(0, good.length / 2));
      await writeFile(join(audio, 'text.wav'), 'hello, I am not audio; '.repeat(10));
      // encodeWav refuses NaN, so write the float file and poke a NaN into its data chunk (bytes 44..).
      const nanBytes = encodeWav(tone(1600), 16000, { format: 'float32' });
      new DataView(nanBytes.buffer, nanBytes.byteOffset).setFloat32(44 + 4 * 100, NaN, true);
      await writeFile(join(audio, 'nan.wav'), nanBytes);
      await writeFile(join(audio, 'zero.wav'), encodeWav(new Float32Array(1600), 16000));
      await writeFile(join(audio, 'quiet.wav'), encodeWav(tone(1600, 3e-6), 16000, { format: 'float32' }));
      await writeFile(join(audio, 'long.wav'), encodeWav(tone(16000 * 5), 16000));
      const names = ['good', 'infold', 'missing', 'empty', 'cut', 'text', 'nan', 'zero', 'quiet', 'long'];
      const csv = ['slice_file_name,ID,fold,Label', ...names.map((n, i) => `${n}.wav,${i},${n === 'infold' ? 2 : 1},${i === 0}`)];
      await writeFile(join(dir, 'set.csv'), csv.join('\n'));
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    it('loads good clips (both layouts, resampled) and skips each bad case with its reason', async () => {
      const progress: number[] = [];
      const { clips, skipped, rows } = await loadDataset(join(dir, 'set.csv'), join(dir, 'audio'), {
        sampleRateHz: 16000,
        onProgress: (d) => progress.push(d),
      });
      expect(rows).to.have.length(10);
      expect(clips.map((c) => c.row.sliceFileName)).to.deep.equal(['good.wav', 'infold.wav']);
      expect(Math.abs(clips[1].samples.length - 8000)).to.be.at.most(2);
      expect(clips.length + skipped.length).to.equal(10);
      const reason = (f: string) => skipped.find((s) => s.path.endsWith(f))?.reason;
      expect(reason('missing.wav')).to.equal('missing file');
      expect(reason('empty.wav')).to.match(/^empty/);
      expect(reason('cut.wav')).to.match(/^truncated/);
      expect(reason('text.wav')).to.match(/^not a WAV/);
      expect(reason('nan.wav')).to.match(/^non-finite samples.*1 of 1600/);
      expect(reason('zero.wav')).to.equal('silent: all samples zero');
      expect(reason('quiet.wav')).to.match(/^silent: peak/);
      expect(reason('long.wav')).to.match(/^too long: 5\.000 s/);
      expect(skipped.find((s) => s.path.endsWith('long.wav'))?.line).to.equal(11);
      expect(progress).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const summary = formatSkipSummary(skipped);
      expect(summary).to.match(/^skipped 8 clips:/);
      expect(summary).to.match(/2 × silent/);
    });
    it('reads a CSV from disk and stops on a bad one', async () => {
      await writeFile(join(dir, 'bad.csv'), 'slice_file_name,ID,fold,Label\na.wav,1,1,yes\n');
      let err: unknown;
      await readDatasetCsv(join(dir, 'bad.csv')).catch((e) => (err = e));
      expect(String(err)).to.match(/bad\.csv:2: Label 'yes'/);
    });
  });

  describe('folds', () => {
    const rows = [
      { id: 'a', fold: 1, line: 2 },
      { id: 'b', fold: 2, line: 3 },
      { id: 'a', fold: 1, line: 4 },
    ];
    it('splits by fold and refuses an ID on both sides', () => {
      const s = splitByFolds(rows, [2]);
      expect(s.train.map((r) => r.line)).to.deep.equal([2, 4]);
      expect(s.test.map((r) => r.line)).to.deep.equal([3]);
      expect(() => splitByFolds([...rows, { id: 'b', fold: 1, line: 5 }], [2])).to.throw(/ID 'b' is on both sides \(fold 2 at line 3, fold 1 at line 5\)/);
      const kept = splitByFolds([...rows, { id: 'b', fold: 1, line: 5 }], [2], true);
      expect(kept.dropped, 'the shared recording leaves the training side').to.deep.equal([{ id: 'b', fold: 1, line: 5 }]);
      expect(kept.train.some((r) => r.id === 'b')).to.equal(false);
      expect(kept.test.some((r) => r.id === 'b')).to.equal(true);
    });
    it('assigns grouped folds deterministically and balanced', () => {
      const ids = Array.from({ length: 200 }, (_, i) => `r${i % 37}`);
      const a = assignFoldsGrouped(ids, 5, 'seed');
      expect([...a]).to.deep.equal([...assignFoldsGrouped(ids, 5, 'seed')]);
      const load = [0, 0, 0, 0, 0];
      for (const id of ids) load[a.get(id)! - 1]++;
      expect(Math.max(...load) - Math.min(...load)).to.be.at.most(6);
      expect(() => assignFoldsGrouped(ids, 0, 1)).to.throw(/nFolds must be an integer 1\.\.1000, got 0/);
    });
  });
});
