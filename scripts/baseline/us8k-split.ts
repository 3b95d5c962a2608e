// The recipe experiments of docs/METHOD.md ("Real sound"): train the DS-CNN on UrbanSound8K folds 3–8 of the
// real corpus, plus any other corpus sets, and score folds 1–2 (496 clips, 30 gunshots). Prints one JSON
// line: AP, F1 at the model's own threshold, the best-threshold F1, minutes. A tuning split, never a
// held-out figure.
// Usage: node --import tsx scripts/baseline/us8k-split.ts [--corpus DIR] [--extra elp,kaggle-gunshots,…]
//          [--epochs 10] [--seed 1] [--out DIR]
import { parseArgs } from 'node:util';
import { train } from '../../trainer/train.ts';
import { DEFAULT_TRAIN } from '../../trainer/config.ts';
import { splitCsvByFolds } from '../../common/data/split-csv.ts';

const { values: o } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpus' }, extra: { type: 'string', default: '' },
    epochs: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' }, out: { type: 'string', default: '.cache/us8k-split' },
  },
});
const C = o.corpus!;
const split = await splitCsvByFolds(`${C}/us8k.csv`, [1, 2], `${o.out}/split`, true);
const A = `${C}/audio/us8k`;
const extra = o.extra!.split(',').filter(Boolean).map((s) => ({ csv: `${C}/${s}.csv`, audioDir: `${C}/audio/${s}` }));
const t0 = Date.now();
const r = await train({
  ...DEFAULT_TRAIN, epochs: Number(o.epochs), examplesPerEpoch: 4096, valNoisyCopies: 1, seed: Number(o.seed), name: 'us8k-split',
  train: [...extra, { csv: split.trainCsv, audioDir: A }], test: [{ csv: split.testCsv, audioDir: A }], disturbed: [],
}, `${o.out}/model`, () => {});
const t = r.test!;
const c = t.clean.confusion;
console.log(JSON.stringify({
  extra: o.extra, seed: Number(o.seed), epochs: Number(o.epochs), minutes: +((Date.now() - t0) / 60000).toFixed(1),
  ap: t.averagePrecision.clean, threshold: t.threshold, tp: c.tp, fp: c.fp, fn: c.fn, f1: (2 * c.tp) / (2 * c.tp + c.fp + c.fn), bestF1: t.bestF1,
}));
