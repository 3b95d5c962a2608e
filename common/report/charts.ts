import type { TopLevelSpec } from 'vega-lite';
import type { Confusion } from '../scoring/confusion.ts';
import type { PrPoint } from '../scoring/pr-curve.ts';
import type { GroupMetrics } from '../scoring/groups.ts';
import type { EpochRecord } from './types.ts';

/** Vega-Lite specs of the report's figures; pure functions of the data, rendered by render-svg.ts. */

const FONT = { config: { font: 'sans-serif', view: { stroke: null } } } as const;

/**
 * Confusion matrix as a heatmap with the count printed in each cell. No colour legend, so the only
 * numbers in the SVG are the four counts (the report test parses them back).
 */
export function confusionMatrixSpec(c: Confusion): TopLevelSpec {
  const values = [
    { actual: 'gunshot', predicted: 'gunshot', count: c.tp },
    { actual: 'gunshot', predicted: 'other', count: c.fn },
    { actual: 'other', predicted: 'gunshot', count: c.fp },
    { actual: 'other', predicted: 'other', count: c.tn },
  ];
  const order = ['gunshot', 'other'];
  return {
    ...FONT,
    title: 'Confusion matrix (clean set)',
    width: 220, height: 220,
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: order, title: 'predicted', axis: { labelAngle: 0 } },
      y: { field: 'actual', type: 'nominal', sort: order, title: 'actual' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, legend: null } } },
      {
        mark: { type: 'text', fontSize: 18 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          // white on the darker half of the scale, so every count stays readable
          color: { condition: { test: `datum.count > ${Math.max(c.tp, c.fn, c.fp, c.tn) / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Precision (y) against recall (x), with the operating point of the decision threshold marked. */
export function prCurveSpec(points: PrPoint[], operating: { precision: number; recall: number; threshold: number }): TopLevelSpec {
  return {
    ...FONT,
    title: 'Precision–recall (clean set)',
    width: 320, height: 240,
    layer: [
      {
        data: { values: points.map((p) => ({ recall: p.recall, precision: p.precision, threshold: p.threshold })) },
        mark: { type: 'line', interpolate: 'step-after', point: false },
        encoding: {
          x: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] } },
          y: { field: 'precision', type: 'quantitative', scale: { domain: [0, 1] } },
          order: { field: 'recall', type: 'quantitative' },
        },
      },
      {
        data: { values: [{ ...operating, label: `threshold ${operating.threshold.toFixed(3)}` }] },
        mark: { type: 'point', filled: true, size: 80, color: '#d62728' },
        encoding: {
          x: { field: 'recall', type: 'quantitative' },
          y: { field: 'precision', type: 'quantitative' },
        },
      },
    ],
  } as TopLevelSpec;
}

/** F1 per group as bars (groups in the given order), the clip count under each bar's label. */
export function groupF1Spec(groups: GroupMetrics[], title: string, groupTitle: string): TopLevelSpec {
  const order = groups.map((g) => `${g.group} (n=${g.n})`);
  return {
    ...FONT,
    title,
    width: Math.max(160, 48 * groups.length), height: 200,
    data: { values: groups.map((g, i) => ({ group: order[i], f1: g.f1 })) },
    mark: 'bar',
    encoding: {
      x: { field: 'group', type: 'nominal', sort: order, title: groupTitle, axis: { labelAngle: 0 } },
      y: { field: 'f1', type: 'quantitative', scale: { domain: [0, 1] }, title: 'F1' },
    },
  } as TopLevelSpec;
}

/** Loss and validation metrics per epoch, one line per series. */
export function trainingCurvesSpec(history: EpochRecord[]): TopLevelSpec {
  const values: { epoch: number; series: string; value: number }[] = [];
  for (const h of history) {
    values.push({ epoch: h.epoch, series: 'loss', value: h.loss });
    if (h.valLoss !== undefined) values.push({ epoch: h.epoch, series: 'val loss', value: h.valLoss });
    if (h.valF1 !== undefined) values.push({ epoch: h.epoch, series: 'val F1', value: h.valF1 });
  }
  return {
    ...FONT,
    title: 'Training curves',
    width: 360, height: 220,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative' },
      color: { field: 'series', type: 'nominal' },
    },
  } as TopLevelSpec;
}

/** One row per held-out group of a cross-validation, for `crossValSpec`. */
export interface HeldOutScores { name: string; f1: number; robustness: number; score: number; averagePrecision: number | null }

/** Cross-validation: clean F1, robustness, score and average precision of each held-out group, grouped bars. */
export function crossValSpec(rows: HeldOutScores[]): TopLevelSpec {
  const values = rows.flatMap((r) => [
    { group: r.name, metric: 'F1', value: r.f1 },
    { group: r.name, metric: 'robustness', value: r.robustness },
    { group: r.name, metric: 'score', value: r.score },
    ...(r.averagePrecision === null ? [] : [{ group: r.name, metric: 'AP', value: r.averagePrecision }]),
  ]);
  return {
    ...FONT,
    title: 'Held out, decided by a model that never heard it',
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'group', type: 'nominal', sort: rows.map((r) => r.name), title: 'held out', axis: { labelAngle: 0 } },
      xOffset: { field: 'metric', sort: ['F1', 'robustness', 'score', 'AP'] },
      y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: null },
      color: { field: 'metric', type: 'nominal', sort: ['F1', 'robustness', 'score', 'AP'] },
    },
    width: Math.max(200, 90 * rows.length), height: 220,
  } as TopLevelSpec;
}
