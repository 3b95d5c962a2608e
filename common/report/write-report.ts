import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderSvg } from './render-svg.ts';
import { confusionMatrixSpec, groupF1Spec, prCurveSpec, trainingCurvesSpec } from './charts.ts';
import { escapeHtml, figure, table } from './html.ts';
import type { ReportData } from './types.ts';

const CSS = `body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
figure{display:inline-block;margin:1em 1.5em 1em 0;vertical-align:top}figcaption{font-size:90%;color:#555}`;

/**
 * The report as one self-contained HTML string: metric tables and figures as inline SVG (no scripts, no
 * external files), so it can be mailed or archived with a model.
 */
export async function renderReportHtml(data: ReportData): Promise<string> {
  const r = data.result;
  const parts: string[] = [];
  parts.push(`<h1>${escapeHtml(data.title)}</h1>`);
  if (data.info && Object.keys(data.info).length > 0) {
    parts.push(table('info', null, Object.entries(data.info).map(([k, v]) => [k, v])));
  }
  const d = r.disturbed;
  parts.push('<h2>Metrics</h2>');
  parts.push(table('metrics', ['set', 'n', 'accuracy', 'precision', 'recall', 'F1'], [
    ['clean', r.clean.n, r.clean.accuracy, r.clean.precision, r.clean.recall, r.clean.f1],
    ...(d ? [['disturbed', d.n, d.accuracy, d.precision, d.recall, d.f1]] : []),
  ]));
  parts.push(table('score', ['threshold', 'F1', 'robustness', 'score (harmonic mean)', 'best clean F1 (threshold)', 'average precision clean / disturbed'], [
    [r.threshold, r.clean.f1, r.robustness, r.score, `${r.bestF1.f1.toFixed(4)} (${r.bestF1.threshold.toFixed(4)})`,
      [r.averagePrecision.clean, r.averagePrecision.disturbed].map((v) => (v === null ? '–' : v.toFixed(4))).join(' / ')],
  ]));

  parts.push('<h2>Figures</h2>');
  const c = r.clean.confusion;
  parts.push(figure('confusion-matrix', await renderSvg(confusionMatrixSpec(c)),
    `Clean set at threshold ${r.threshold}: tp ${c.tp}, fn ${c.fn}, fp ${c.fp}, tn ${c.tn}.`));
  parts.push(figure('pr-curve', await renderSvg(prCurveSpec(r.prCurve, {
    precision: r.clean.precision, recall: r.clean.recall, threshold: r.threshold,
  })), 'Red point: the model\'s operating threshold.'));
  if (r.bySnr.length > 0) {
    parts.push(figure('f1-by-snr', await renderSvg(groupF1Spec(r.bySnr, 'F1 per SNR (disturbed set)', 'SNR (dB)')),
      'F1 of the disturbed clips at each signal-to-noise ratio.'));
  }
  if (r.byKind.length > 0) {
    parts.push(figure('f1-by-kind', await renderSvg(groupF1Spec(r.byKind, 'F1 per noise kind (disturbed set)', 'noise kind')),
      'F1 of the disturbed clips per kind of added noise.'));
  }
  if (r.bySnr.length === 0 && r.byKind.length === 0) parts.push('<p>No disturbed set: robustness and score not computed.</p>');
  if (data.history && data.history.length > 0) {
    parts.push(figure('training-curves', await renderSvg(trainingCurvesSpec(data.history)), 'Loss and validation metrics per epoch.'));
  }
  const groupRows = (set: string, gs: ReportData['result']['bySnr']) =>
    gs.map((g) => [set, g.group, g.n, g.positives, g.precision, g.recall, g.f1]);
  if (r.bySnr.length + r.byKind.length > 0) {
    parts.push('<h2>Per group</h2>');
    parts.push(table('groups', ['by', 'group', 'n', 'gunshots', 'precision', 'recall', 'F1'],
      [...groupRows('snr_db', r.bySnr), ...groupRows('noise_kind', r.byKind)]));
  }
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(data.title)}</title>`
    + `<style>${CSS}</style></head><body>\n${parts.join('\n')}\n</body></html>\n`;
}

/** Writes the report to `file` (creating its folder). */
export async function writeReport(file: string, data: ReportData): Promise<void> {
  const html = await renderReportHtml(data);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, html);
}
