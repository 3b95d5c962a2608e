import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDatasetCsv } from '../../../common/data/csv.ts';
import { splitCsvByFolds } from '../../../common/data/split-csv.ts';

describe('common/data/split-csv', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ge-split-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds out whole folds and keeps extra columns', async () => {
    const csv = path.join(dir, 'all.csv');
    fs.writeFileSync(csv, 'slice_file_name,ID,fold,Label,package\na.wav,A,0,True,p0\nb.wav,B,1,False,p1\nc.wav,C,2,False,p2\nd.wav,A,0,False,p0\n');
    const r = await splitCsvByFolds(csv, [0], path.join(dir, 'out'));
    expect(r.test).to.deep.equal({ rows: 2, positives: 1 });
    expect(r.train).to.deep.equal({ rows: 2, positives: 0 });
    const test = await readDatasetCsv(r.testCsv);
    expect(test.map((t) => t.sliceFileName)).to.deep.equal(['a.wav', 'd.wav']);
    expect(test[0].extra.package).to.equal('p0');
  });

  it('refuses folds that are not there and IDs on both sides', async () => {
    const csv = path.join(dir, 'all.csv');
    fs.writeFileSync(csv, 'slice_file_name,ID,fold,Label\na.wav,A,0,True\nb.wav,A,1,False\n');
    let err: unknown;
    try { await splitCsvByFolds(csv, [7], dir); } catch (e) { err = e; }
    expect(String(err)).to.match(/test folds 7 not present/);
    err = undefined;
    try { await splitCsvByFolds(csv, [0], dir); } catch (e) { err = e; }
    expect(String(err)).to.match(/ID 'A' is on both sides/);
  });
});
