// A separable toy task for end-to-end training tests: "gunshots" are sharp broadband clicks with a fast
// decay, negatives are steady tones. A few seconds of training learn it.
import * as path from 'node:path';
import { writeWav } from '../../common/audio/wav-write.ts';
import { writeDatasetCsv, type CsvRowOut } from '../../common/data/csv-write.ts';
import { makeRng } from '../../common/synth/rng.ts';

/**
 * Writes `n` toy clips (every third a click) to `dir/audio/` and `dir/<name>.csv`; clip i gets fold
 * `foldOf(i)` (default 1). Returns the CSV path.
 */
export async function toySet(dir: string, name: string, n: number, seed: string, foldOf: (i: number) => number = () => 1): Promise<string> {
  const rng = makeRng(seed);
  const rows: CsvRowOut[] = [];
  for (let i = 0; i < n; i++) {
    const positive = i % 3 === 0;
    const len = 16000 + rng.int(0, 8000);
    const x = new Float32Array(len);
    for (let k = 0; k < len; k++) x[k] = 0.003 * (rng.next() * 2 - 1);
    if (positive) {
      const at = rng.int(1000, len - 4000);
      for (let k = 0; k < 3000; k++) x[at + k] += 0.8 * (rng.next() * 2 - 1) * Math.exp(-k / 300);
    } else {
      const f = rng.uniform(300, 3000);
      for (let k = 0; k < len; k++) x[k] += 0.3 * Math.sin((2 * Math.PI * f * k) / 16000);
    }
    const file = `${name}-${i}.wav`;
    await writeWav(path.join(dir, 'audio', file), x, 16000);
    rows.push({ sliceFileName: file, id: `${name}${i}`, fold: foldOf(i), label: positive });
  }
  const csv = path.join(dir, `${name}.csv`);
  await writeDatasetCsv(csv, rows);
  return csv;
}
