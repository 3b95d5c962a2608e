// Writes a dataset's rows as two CSVs (train/test) by fold, for holding out whole folds (e.g. whole Debian
// packages of the starter corpus) without copying audio.
import * as path from 'node:path';
import { readDatasetCsv } from './csv.ts';
import { writeDatasetCsv } from './csv-write.ts';
import { splitByFolds } from './folds.ts';

export interface SplitCsvResult {
  trainCsv: string;
  testCsv: string;
  train: { rows: number; positives: number };
  test: { rows: number; positives: number };
  /** Training rows left out because their recording (ID) is also in the test folds (dropSharedFromTrain). */
  droppedFromTrain: number;
}

/**
 * Splits `csvPath` into `outDir/train.csv` and `outDir/test.csv` (test = rows whose fold is in `testFolds`),
 * keeping every extra column. Throws, like splitByFolds, if an ID would sit on both sides, unless
 * `dropSharedFromTrain` (then that ID's training rows are left out).
 */
export async function splitCsvByFolds(csvPath: string, testFolds: number[], outDir: string, dropSharedFromTrain = false): Promise<SplitCsvResult> {
  const rows = await readDatasetCsv(csvPath);
  const folds = new Set(rows.map((r) => r.fold));
  const missing = testFolds.filter((f) => !folds.has(f));
  if (missing.length) throw new RangeError(`${csvPath}: test folds ${missing.join(',')} not present (folds: ${[...folds].sort((a, b) => a - b).join(',')})`);
  const split = splitByFolds(rows, testFolds, dropSharedFromTrain);
  const extras = [...new Set(rows.flatMap((r) => Object.keys(r.extra)))];
  const out = (list: typeof rows) => list.map((r) => ({ sliceFileName: r.sliceFileName, id: r.id, fold: r.fold, label: r.label, extra: r.extra }));
  const trainCsv = path.join(outDir, 'train.csv');
  const testCsv = path.join(outDir, 'test.csv');
  await writeDatasetCsv(trainCsv, out(split.train), extras);
  await writeDatasetCsv(testCsv, out(split.test), extras);
  const count = (list: typeof rows) => ({ rows: list.length, positives: list.filter((r) => r.label).length });
  return { trainCsv, testCsv, train: count(split.train), test: count(split.test), droppedFromTrain: split.dropped?.length ?? 0 };
}
