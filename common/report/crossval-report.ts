// The cross-validation report: the per-group table, the pooled line and a bar chart, as one HTML file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crossValSpec } from './charts.ts';
import { escapeHtml, figure, table } from './html.ts';
import { renderSvg } from './render-svg.ts';

/** What the report shows of a cross-validation (trainer/crossval.ts CrossValResult, structurally). */
export interface CrossValReportData {
  title: string;
  folds: { name: string; clips: number; positives: number; validationScore: number;
    test: { threshold: number; f1: number; robustness?: number | null; score?: number | null; average_precision?: number | null };
    clean: { tp: number; fp: number; fn: number }; everyClip: { score: number } }[];
  pooled: {
    clean: { n: number; tp: number; fp: number; fn: number; f1: number; precision: number; recall: number }; robustness: number; score: number;
    everyClip: { f1: number; robustness: number; score: number };
  };
}

export async function writeCrossValReport(file: string, d: CrossValReportData): Promise<void> {
  const rows = d.folds.map((f) => [f.name, f.clips, f.positives, f.clean.tp, f.clean.fp, f.validationScore, f.test.threshold,
    f.test.f1, f.test.robustness ?? null, f.test.score ?? null, f.test.average_precision ?? null, f.everyClip.score]);
  const p = d.pooled;
  const svg = await renderSvg(crossValSpec(d.folds.map((f) => ({
    name: f.name, f1: f.test.f1, robustness: f.test.robustness ?? 0, score: f.test.score ?? 0, averagePrecision: f.test.average_precision ?? null,
  }))));
  const html = `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(d.title)}</title>`
    + '<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}'
    + 'td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}</style>'
    + `</head><body>\n<h1>${escapeHtml(d.title)}</h1>\n`
    + table('folds', ['held out', 'clips', 'gunshots', 'found', 'false alarms', 'validation score', 'threshold', 'F1', 'robustness', 'score', 'AP', 'score, every clip a gunshot'], [
      ...rows,
      ['pooled', p.clean.n, p.clean.tp + p.clean.fn, p.clean.tp, p.clean.fp, null, null, p.clean.f1, p.robustness, p.score, null, p.everyClip.score],
    ])
    + '\n' + figure('crossval', svg, 'Each group decided by the model trained without it; AP = average precision of the clean held-out clips. '
      + 'The last column is the score of calling every held-out clip a gunshot: the floor a recipe has to beat.')
    + '\n</body></html>\n';
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, html);
}
