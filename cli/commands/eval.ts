// `gunshot-edge eval`: the challenge's metrics of a model folder on a clean (and a disturbed) test set.
// stdout carries only the result (one JSON object with --json); progress and skip summaries go to stderr.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { loadPredictor } from '../../trainer/predict.ts';
import { loadDataset, formatSkipSummary } from '../../common/data/index.ts';
import type { Clip } from '../../common/data/types.ts';
import { evaluateModel, evalSummary } from '../../common/scoring/evaluate.ts';
import { rateCheck } from '../../common/scoring/rate-check.ts';
import { writeReport } from '../../common/report/write-report.ts';
import type { EpochRecord } from '../../common/report/types.ts';

interface EvalOpts {
  model: string;
  csv: string;
  audioDir: string;
  disturbedCsv?: string;
  disturbedAudioDir?: string;
  json?: boolean;
  report?: string;
  int8?: boolean;
  rateCheck?: string;
}

/** A one-line progress counter on stderr when it is a terminal; otherwise one line when the stage ends. */
function progress(label: string): (done: number, total: number) => void {
  const tty = process.stderr.isTTY;
  return (done, total) => {
    if (tty) process.stderr.write(`\r${label} ${done}/${total}`);
    if (done === total) process.stderr.write(tty ? '\n' : `${label} ${done}/${total}\n`);
  };
}

async function loadSet(name: string, csv: string, audioDir: string, sampleRateHz: number): Promise<Clip[]> {
  const { clips, skipped } = await loadDataset(csv, audioDir, { sampleRateHz, onProgress: progress(`loading ${name}`) });
  const summary = formatSkipSummary(skipped);
  if (summary) process.stderr.write(`${name} (${csv}): ${summary}\n`);
  process.stderr.write(`${name}: ${clips.length} clips loaded from ${csv}\n`);
  return clips;
}

/** The training history saved beside a model (training.json), if any. */
function readHistory(modelDir: string): EpochRecord[] | undefined {
  const file = path.join(modelDir, 'training.json');
  if (!fs.existsSync(file)) return undefined;
  const h = (JSON.parse(fs.readFileSync(file, 'utf8')) as { history?: EpochRecord[] }).history;
  return Array.isArray(h) ? h : undefined;
}

export function register(program: Command): void {
  program
    .command('eval')
    .description('evaluate a model folder: accuracy, precision, recall, F1, robustness (F1 on the disturbed set), score')
    .requiredOption('--model <dir>', 'model folder (meta.json, model.json, weights.bin)')
    .requiredOption('--csv <file>', 'clean test set CSV (slice_file_name,ID,fold,Label)')
    .requiredOption('--audio-dir <dir>', 'folder of the clean clips')
    .option('--disturbed-csv <file>', 'disturbed test set CSV (extra columns snr_db, noise_kind give per-group F1)')
    .option('--disturbed-audio-dir <dir>', 'folder of the disturbed clips (defaults to --audio-dir)')
    .option('--json', 'print one JSON object {n, accuracy, precision, recall, f1, n_disturbed, robustness, score, threshold}')
    .option('--report <file>', 'write a self-contained HTML report')
    .option('--int8', 'score with the exported int8 model (needs DIR/export/), as a board would')
    .option('--rate-check <hz>', 'also score every clean clip passed through this lower rate (e.g. 8000) and report how many decisions change')
    .action(async (opts: EvalOpts, cmd: Command) => {
      if (opts.disturbedAudioDir && !opts.disturbedCsv) {
        cmd.error('error: --disturbed-audio-dir needs --disturbed-csv (the list of disturbed clips)');
      }
      const predictor = await loadPredictor(opts.model, { int8: opts.int8 });
      try {
        const rate = predictor.meta.featureSpec.sampleRateHz;
        process.stderr.write(`model ${predictor.meta.name} on ${predictor.backend}, threshold ${predictor.meta.threshold}\n`);
        const clean = await loadSet('clean', opts.csv, opts.audioDir, rate);
        const disturbed = opts.disturbedCsv
          ? await loadSet('disturbed', opts.disturbedCsv, opts.disturbedAudioDir ?? opts.audioDir, rate)
          : undefined;
        const result = await evaluateModel({
          predictor, clean, disturbed,
          onProgress: (set, done, total) => progress(`scoring ${set}`)(done, total),
        });
        const summary: Record<string, unknown> = { ...evalSummary(result) };
        if (opts.rateCheck !== undefined) summary.rate_check = await rateCheck(predictor, clean, Number(opts.rateCheck));
        if (opts.report) {
          await writeReport(opts.report, {
            title: `gunshot-edge eval: ${predictor.meta.name}`, result, history: readHistory(opts.model),
            info: {
              model: opts.model, backend: predictor.backend, 'clean CSV': opts.csv,
              'disturbed CSV': opts.disturbedCsv ?? null, int8: Boolean(opts.int8),
            },
          });
          process.stderr.write(`report written to ${opts.report}\n`);
        }
        if (opts.json) {
          process.stdout.write(JSON.stringify(summary) + '\n');
          return;
        }
        for (const [k, v] of Object.entries(summary)) {
          const text = v === null ? '—' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : JSON.stringify(v);
          console.log(`${k.padEnd(12)} ${text}`);
        }
        for (const g of result.bySnr) console.log(`snr ${g.group.padStart(4)} dB  n ${g.n}  F1 ${g.f1.toFixed(4)}`);
        for (const g of result.byKind) console.log(`noise ${g.group}  n ${g.n}  F1 ${g.f1.toFixed(4)}`);
      } finally {
        predictor.dispose();
      }
    });
}
