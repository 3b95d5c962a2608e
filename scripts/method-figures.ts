// Renders the figures of docs/METHOD.md from what a model folder records (meta.json, training.json,
// export/manifest.json), so the write-up's pictures always match the shipped model.
// Usage: npm run figures -- [--model models/tiny] [--out docs/figures]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { TopLevelSpec } from 'vega-lite';
import { groupF1Spec, renderSvg, trainingCurvesSpec, type EpochRecord } from '../common/report/index.ts';
import type { GroupMetrics } from '../common/scoring/groups.ts';

const { values } = parseArgs({ options: { model: { type: 'string', default: 'models/tiny' }, out: { type: 'string', default: 'docs/figures' } } });
const dir = values.model!;
const read = (f: string) => {
  const p = path.join(dir, f);
  if (!fs.existsSync(p)) throw new Error(`${p}: missing (train and export the model first)`);
  return JSON.parse(fs.readFileSync(p, 'utf8'));
};
const meta = read('meta.json');
const training = read('training.json') as { history: EpochRecord[] };
const manifest = read('export/manifest.json');
const test = meta.metrics?.test;
if (!test) throw new Error(`${dir}/meta.json: metrics.test missing (train with --test and --disturbed)`);

/** {group, f1, n} as stored in meta.json, in the shape the chart takes. */
const groups = (gs: { group: string; f1: number; n: number }[]) => gs.map((g) => ({ ...g }) as unknown as GroupMetrics);
const snrOrder = <T extends { group: string }>(gs: T[]): T[] => [...gs].sort((a, b) => Number(b.group) - Number(a.group));

const bars = (title: string, rows: { what: string; side: string; value: number }[]): TopLevelSpec => ({
  title, width: 320, height: 200, config: { font: 'sans-serif' },
  data: { values: rows },
  mark: 'bar',
  encoding: {
    x: { field: 'what', type: 'nominal', title: null, axis: { labelAngle: 0 }, sort: null },
    xOffset: { field: 'side', type: 'nominal' },
    y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: null },
    color: { field: 'side', type: 'nominal', title: null },
  },
} as TopLevelSpec);

const sp = manifest.metrics?.floatVsInt8Score;
// 5th, 25th, 50th, 75th and 95th percentiles of the F1-optimal threshold over the resamples (trainer/threshold.ts).
const pct = meta.thresholdInfo?.bootstrap?.thresholdPercentiles as number[] | undefined;
const PCT_LABELS = ['5 %', '25 %', '50 %', '75 %', '95 %'];
const figures: Record<string, TopLevelSpec> = {
  'training-curves.svg': trainingCurvesSpec(training.history),
  'heldout-f1-by-snr.svg': groupF1Spec(groups(snrOrder(meta.metrics.bySnr)), 'Held-out disturbed F1 per SNR', 'SNR, dB'),
  'heldout-f1-by-noise.svg': groupF1Spec(groups(meta.metrics.byKind), 'Held-out disturbed F1 per noise kind', 'noise'),
  'heldout-results.svg': bars('Held-out packages: float vs int8', [
    ...(sp ? (['float', 'int8'] as const).flatMap((side) => [
      { what: 'F1', side, value: sp[side].f1 }, { what: 'robustness', side, value: sp[side].robustness }, { what: 'score', side, value: sp[side].score },
    ]) : []),
    { what: 'validation score', side: 'float', value: meta.metrics.validation.score },
  ]),
};
if (pct?.length === PCT_LABELS.length) {
  figures['threshold-bootstrap.svg'] = {
    title: `Threshold over ${meta.thresholdInfo.bootstrap.rounds} bootstrap resamples (chosen ${meta.threshold.toFixed(3)})`,
    width: 320, height: 120, config: { font: 'sans-serif' },
    data: { values: pct.map((t, i) => ({ percentile: PCT_LABELS[i], threshold: t })) },
    mark: { type: 'point', filled: true, size: 80 },
    encoding: {
      x: { field: 'threshold', type: 'quantitative', scale: { domain: [0, 1] } },
      y: { field: 'percentile', type: 'nominal', sort: null },
    },
  } as TopLevelSpec;
}
fs.mkdirSync(values.out!, { recursive: true });
for (const [name, spec] of Object.entries(figures)) {
  fs.writeFileSync(path.join(values.out!, name), await renderSvg(spec));
  console.log(`wrote ${path.join(values.out!, name)}`);
}
