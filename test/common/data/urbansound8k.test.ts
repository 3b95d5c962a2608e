import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeWav } from '../../../common/audio/wav-write.ts';
import { resolveClipPath } from '../../../common/data/clip-path.ts';
import { DatasetCsvError, readDatasetCsv } from '../../../common/data/csv.ts';
import { formatSkipSummary } from '../../../common/data/skip-summary.ts';
import { formatUs8kSummary, importUrbanSound8k, parseUs8kMetadata } from '../../../common/data/urbansound8k.ts';
import { parseUs8kFolds } from '../../../cli/commands/data-urbansound8k.ts';

const HEADER = 'slice_file_name,fsID,start,end,salience,fold,classID,class';

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('common/data/urbansound8k', () => {
  describe('parseUs8kMetadata', () => {
    it('reads UrbanSound8K rows with their lines', () => {
      const s = parseUs8kMetadata(`${HEADER}\n7-6-0-0.wav,7,0.0,1.5,1,3,6,gun_shot\n8-3-0-1.wav,8,2,4,2,1,3,dog_bark\n`, 'm.csv');
      expect(s).to.deep.equal([
        { sliceFileName: '7-6-0-0.wav', fsId: '7', fold: 3, classId: 6, className: 'gun_shot', line: 2 },
        { sliceFileName: '8-3-0-1.wav', fsId: '8', fold: 1, classId: 3, className: 'dog_bark', line: 3 },
      ]);
    });
    it('names the file, the line and what was expected', () => {
      const bad = (body: string) => () => parseUs8kMetadata(`${HEADER}\n${body}\n`, 'm.csv');
      expect(() => parseUs8kMetadata('slice_file_name,ID,fold,Label\na.wav,1,1,True\n', 'c.csv')).to.throw(DatasetCsvError, /c\.csv:1: missing column 'fsID'; expected UrbanSound8K metadata columns slice_file_name,fsID,fold,classID,class \(found slice_file_name,ID,fold,Label\)/);
      expect(() => parseUs8kMetadata('', 'e.csv')).to.throw(/e\.csv:1: empty file/);
      expect(() => parseUs8kMetadata(`${HEADER}\n`, 'h.csv')).to.throw(/h\.csv:1: no slices/);
      expect(bad('a.wav,1,0,1,1,x,6,gun_shot')).to.throw(/m\.csv:2: fold 'x' is not an integer ≥ 1/);
      expect(bad('a.wav,1,0,1,1,1,12,gun_shot')).to.throw(/m\.csv:2: classID '12' is not an integer 0\.\.9/);
      expect(bad('a.wav,1,0,1,1,1,3,gun_shot')).to.throw(/m\.csv:2: classID 3 and class 'gun_shot' disagree/);
      expect(bad('a.wav,,0,1,1,1,3,dog_bark')).to.throw(/m\.csv:2: empty fsID/);
      expect(bad('a.wav,1,0,1,1,1,3,dog_bark\na.wav,1,1,2,1,1,3,dog_bark')).to.throw(/m\.csv:3: slice 'a\.wav' is listed twice \(also line 2\)/);
    });
  });

  describe('parseUs8kFolds (--folds)', () => {
    it('reads a list, sorted and without repeats', () => {
      expect(parseUs8kFolds('1,2,3')).to.deep.equal([1, 2, 3]);
      expect(parseUs8kFolds(' 10, 3,3 ')).to.deep.equal([3, 10]);
    });
    it('refuses anything but folds 1..10, naming the flag', () => {
      for (const t of ['', 'x', '0', '11', '1,,2', '1.5', '-1']) expect(() => parseUs8kFolds(t), t).to.throw(RangeError, /^--folds must be comma-separated UrbanSound8K folds 1\.\.10/);
    });
  });

  // A tiny download: real WAVs, and placeholder bytes for the FLAC/Ogg/MP3 copies (the importer matches
  // names and never decodes; decoding is common/audio's and its tests').
  describe('importUrbanSound8k on a temp-dir fixture', () => {
    let dir = '';
    let root = '';
    const metadata = [
      HEADER,
      '1-6-0-0.wav,1,0,1,1,1,6,gun_shot', // fold1/1-6-0-0.wav, as named
      '2-3-0-0.wav,2,0,1,1,1,3,dog_bark', // fold1/2-3-0-0.flac, converted copy
      '3-6-0-1.wav,3,0,1,1,2,6,gun_shot', // fold2/3-6-0-1.ogg and .mp3: the first supported format wins
      '4-1-0-0.wav,4,0,1,1,2,1,car_horn', // only fold2/4-1-0-0.txt: not audio, so skipped
      '5-9-0-0.wav,5,0,1,1,2,9,street_music', // fold2/5-9-0-0.MP3: extension case kept
      '6-0-0-0.wav,6,0,1,1,3,0,air_conditioner', // no fold3/ at all: skipped
      '7-6-0-0.wav,7,0,1,1,2,6,gun_shot', // both fold2/7-6-0-0.wav and .flac: the metadata's own name wins
    ].join('\n');

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ge-us8k-'));
      root = join(dir, 'UrbanSound8K');
      await mkdir(join(root, 'metadata'), { recursive: true });
      await mkdir(join(root, 'audio', 'fold1'), { recursive: true });
      await mkdir(join(root, 'audio', 'fold2'), { recursive: true });
      await writeFile(join(root, 'metadata', 'UrbanSound8K.csv'), metadata);
      const wav = encodeWav(Float32Array.from({ length: 1600 }, (_, i) => 0.3 * Math.sin(i / 5)), 16000);
      const files: Record<string, Uint8Array | string> = {
        'fold1/1-6-0-0.wav': wav,
        'fold1/2-3-0-0.flac': 'fLaC placeholder',
        'fold2/3-6-0-1.mp3': 'placeholder',
        'fold2/3-6-0-1.ogg': 'OggS placeholder',
        'fold2/4-1-0-0.txt': 'not audio',
        'fold2/5-9-0-0.MP3': 'placeholder',
        'fold2/7-6-0-0.flac': 'fLaC placeholder',
        'fold2/7-6-0-0.wav': wav,
      };
      for (const [name, bytes] of Object.entries(files)) await writeFile(join(root, 'audio', name), bytes);
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    it('writes the binary CSV naming files as on disk, referencing the audio in place, and lists what is missing', async () => {
      const out = join(dir, 'out');
      const r = await importUrbanSound8k({ root, outDir: out });
      expect(r.csvPath).to.equal(join(out, 'urbansound8k.csv'));
      expect(r.audioDir).to.equal(join(root, 'audio'));
      expect(r).to.deep.include({ rows: 5, gunshots: 3 });
      expect(r.perFold).to.deep.equal([
        { fold: 1, clips: 2, gunshots: 1 },
        { fold: 2, clips: 3, gunshots: 2 },
        { fold: 3, clips: 0, gunshots: 0 },
      ]);
      expect(r.formats).to.deep.equal({ '.wav': 2, '.flac': 1, '.ogg': 1, '.mp3': 1 });
      const rows = await readDatasetCsv(r.csvPath);
      expect(rows.map((x) => [x.sliceFileName, x.id, x.fold, x.label, x.extra.category])).to.deep.equal([
        ['1-6-0-0.wav', '1', 1, true, 'gun_shot'],
        ['2-3-0-0.flac', '2', 1, false, 'dog_bark'],
        ['3-6-0-1.ogg', '3', 2, true, 'gun_shot'],
        ['5-9-0-0.MP3', '5', 2, false, 'street_music'],
        ['7-6-0-0.wav', '7', 2, true, 'gun_shot'],
      ]);
      // The loader's own lookup (AUDIO/fold<N>/<file>) finds every row: nothing was copied.
      for (const row of rows) expect(await resolveClipPath(r.audioDir, row), row.sliceFileName).to.equal(join(r.audioDir, `fold${row.fold}`, row.sliceFileName));
      expect(r.skipped).to.deep.equal([
        { path: join(root, 'audio', 'fold2', '4-1-0-0.wav'), line: 5, reason: 'not on disk: no 4-1-0-0.{wav,flac,ogg,oga,mp3} in fold2/' },
        { path: join(root, 'audio', 'fold3', '6-0-0-0.wav'), line: 7, reason: 'not on disk: no folder fold3/' },
      ]);
      expect(formatSkipSummary(r.skipped)).to.match(/^skipped 2 clips:\n {2}2 × not on disk\n/);
      const summary = formatUs8kSummary(r);
      expect(summary).to.match(/^wrote 5 clips \(3 gunshots\) → .*urbansound8k\.csv\n {2}fold {2}clips {2}gunshots\n {5}1 {6}2 {9}1\n/);
      expect(summary).to.include(`train with: --data ${r.csvPath}:${r.audioDir}`);
    });

    it('keeps only the selected folds, and accepts the audio folder as root with --metadata', async () => {
      const r = await importUrbanSound8k({ root: join(root, 'audio'), metadataPath: join(root, 'metadata', 'UrbanSound8K.csv'), outDir: join(dir, 'out2'), folds: [2] });
      expect(r.audioDir).to.equal(join(root, 'audio'));
      expect(r).to.deep.include({ rows: 3, gunshots: 2 });
      expect(r.perFold).to.deep.equal([{ fold: 2, clips: 3, gunshots: 2 }]);
      expect(r.skipped.map((s) => s.line)).to.deep.equal([5]);
    });

    it('stops with one clear message on bad input', async () => {
      const out = join(dir, 'bad-out');
      expect((await rejection(importUrbanSound8k({ root: join(dir, 'nope'), outDir: out }))).message).to.match(/^UrbanSound8K root .*nope is not a folder; expected the download folder holding metadata\/UrbanSound8K\.csv and audio\/fold1\.\.10\//);
      expect((await rejection(importUrbanSound8k({ root: dir, outDir: out }))).message).to.match(/^UrbanSound8K root .* has no audio\/ folder/);
      expect((await rejection(importUrbanSound8k({ root, outDir: out, metadataPath: join(dir, 'missing.csv') }))).message).to.match(/^UrbanSound8K metadata .*missing\.csv not found; expected UrbanSound8K's metadata CSV \(pass --metadata FILE/);
      expect((await rejection(importUrbanSound8k({ root, outDir: out, folds: [2, 9] }))).message).to.match(/^selected fold 9 not in .*UrbanSound8K\.csv \(folds there: 1,2,3\)/);
      const challenge = join(dir, 'challenge.csv');
      await writeFile(challenge, 'slice_file_name,ID,fold,Label\n1-6-0-0.wav,1,1,True\n');
      const e = await rejection(importUrbanSound8k({ root, outDir: out, metadataPath: challenge }));
      expect(e).to.be.instanceOf(DatasetCsvError);
      expect(e.message).to.match(/challenge\.csv:1: missing column 'fsID'/);
      const empty = join(dir, 'empty-root');
      await mkdir(join(empty, 'audio', 'fold1'), { recursive: true });
      expect((await rejection(importUrbanSound8k({ root: empty, outDir: out, metadataPath: join(root, 'metadata', 'UrbanSound8K.csv') }))).message).to.match(/^none of the 7 slices of .* is under .*empty-root\/audio; expected e\.g\. .*fold1\/1-6-0-0\.wav/);
      expect(existsSync(out)).to.equal(false);
    });
  });

  // The real US8K part of the shared corpus (../shared/corpus from the repository): its metadata names .wav
  // files stored as .flac. Skipped where the corpus is absent; the fixture above covers the logic.
  describe('importUrbanSound8k on ../shared/corpus', () => {
    const corpus = resolve(import.meta.dirname, '../../../../shared/corpus');
    let dir = '';
    before(async function () {
      if (!existsSync(join(corpus, 'us8k-metadata.csv'))) this.skip();
      dir = await mkdtemp(join(tmpdir(), 'ge-us8k-real-'));
    });
    after(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('finds all 1024 slices as FLAC: 105 gunshots in folds 1-8', async () => {
      const r = await importUrbanSound8k({ root: join(corpus, 'audio', 'us8k'), metadataPath: join(corpus, 'us8k-metadata.csv'), outDir: dir });
      expect(r).to.deep.include({ rows: 1024, gunshots: 105, skipped: [] });
      expect(r.perFold.map((f) => f.fold)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(r.formats).to.deep.equal({ '.flac': 1024 });
      const rows = await readDatasetCsv(r.csvPath);
      expect(rows.filter((x) => x.label).every((x) => x.extra.category === 'gun_shot')).to.equal(true);
      expect(rows.filter((x) => x.extra.category === 'gun_shot')).to.have.length(105);
    });
  });
});
