// The report is one self-contained HTML file whose figures are inline SVG; counts are parsed back from the SVG.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Clip } from '../../../common/data/types.ts';
import { evaluateModel, type ClipScorer } from '../../../common/scoring/evaluate.ts';
import { writeReport } from '../../../common/report/write-report.ts';

function clip(label: boolean, score: number, extra: Record<string, string> = {}): Clip {
  return { row: { sliceFileName: 'a.wav', id: 'a', fold: 1, label, line: 2, extra }, path: '/a.wav', samples: Float32Array.from([score]), sampleRateHz: 16000, sourceRateHz: 16000 };
}
const fake: ClipScorer = { meta: { threshold: 0.5 }, predictClips: async (cs) => cs.map((s) => ({ score: s[0] })) };

function figureHtml(html: string, id: string): string {
  const start = html.indexOf(`<figure id="${id}">`);
  expect(start, `figure ${id}`).to.be.greaterThan(-1);
  return html.slice(start, html.indexOf('</figure>', start));
}
function svgTexts(fragment: string): string[] {
  return [...fragment.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

describe('report/writeReport', function () {
  this.timeout(60000);
  let html = '';
  before(async () => {
    // clean: tp 3, fn 1, fp 2, tn 5
    const clean = [
      ...[0.9, 0.8, 0.7, 0.2].map((s) => clip(true, s)),
      ...[0.6, 0.55, 0.1, 0.1, 0.2, 0.3, 0.4].map((s) => clip(false, s)),
    ];
    const disturbed = [
      clip(true, 0.7, { snr_db: '0', noise_kind: 'rain' }), clip(true, 0.2, { snr_db: '-5', noise_kind: 'wind' }),
      clip(false, 0.1, { snr_db: '0', noise_kind: 'wind' }),
    ];
    const result = await evaluateModel({ predictor: fake, clean, disturbed });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), 'sub', 'r.html');
    await writeReport(file, {
      title: 'test <model>', result, info: { model: 'models/x' },
      history: [{ epoch: 1, loss: 0.7, valF1: 0.5 }, { epoch: 2, loss: 0.4, valF1: 0.7 }],
    });
    html = fs.readFileSync(file, 'utf8');
  });

  it('is self-contained HTML with an inline SVG per figure and no scripts or external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>')).to.equal(true);
    for (const id of ['confusion-matrix', 'pr-curve', 'f1-by-snr', 'f1-by-kind', 'training-curves']) {
      expect(figureHtml(html, id)).to.include('<svg');
    }
    expect(html).to.not.match(/<script|<link|src="http|href="http/);
    expect(html).to.include('<title>test &lt;model&gt;</title>');
  });

  it('confusion-matrix SVG shows the four counts', () => {
    const numbers = svgTexts(figureHtml(html, 'confusion-matrix')).filter((t) => /^\d+$/.test(t)).map(Number);
    expect(numbers.sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 5]);
  });

  it('bar charts label each group, in SNR order', () => {
    const snrLabels = svgTexts(figureHtml(html, 'f1-by-snr')).filter((t) => t.includes('(n='));
    expect(snrLabels).to.deep.equal(['-5 (n=1)', '0 (n=2)']);
    const kindLabels = svgTexts(figureHtml(html, 'f1-by-kind')).filter((t) => t.includes('(n='));
    expect(kindLabels).to.deep.equal(['rain (n=1)', 'wind (n=2)']);
  });

  it('metrics table holds the clean F1 (2·3/(2·3+2+1) = 0.6667) and the score', () => {
    const row = html.match(/<tr><td>clean<\/td><td>11<\/td><td>([\d.]+)<\/td><td>([\d.]+)<\/td><td>([\d.]+)<\/td><td>([\d.]+)<\/td><\/tr>/);
    expect(row, 'clean row').to.not.equal(null);
    expect(row!.slice(1).map(Number)).to.deep.equal([0.7273, 0.6, 0.75, 0.6667]);
    expect(html).to.include('<td>snr_db</td><td>-5</td>');
  });
});
