// `gunshot-edge export`: int8-quantise a trained model folder into .tflite + C artefacts (exporter/export-run.ts).
import type { Command } from 'commander';
import { runExport, type DatasetRef } from '../../exporter/export-run.ts';

function pair(csv: string | undefined, dir: string | undefined, what: string): DatasetRef | undefined {
  if (!csv && !dir) return undefined;
  if (!csv || !dir) throw new Error(`--${what}-csv and --${what}-audio-dir go together (got ${csv ? 'only the csv' : 'only the audio dir'})`);
  return { csv, audioDir: dir };
}

export function register(program: Command): void {
  program
    .command('export')
    .description('Quantise a model folder to int8 and write model.tflite, C arrays, model_settings.h, mfcc tables and manifest.json')
    .requiredOption('--model <dir>', 'model folder (model.json, weights.bin, meta.json)')
    .option('--out <dir>', 'output folder (default <model>/export)')
    .option('--calibration-csv <file>', 'representative clips (CSV) for activation ranges')
    .option('--calibration-audio-dir <dir>', 'audio folder of --calibration-csv')
    .option('--calibration-raw <file>', 'alternatively: raw little-endian float32 normalised windows')
    .option('--calibration-windows <n>', 'calibration windows used at most (1..100000)', (v) => Number(v), 2000)
    .option('--calibration-percentile <p>', 'activation range percentile per side, (50, 100]; 100 = min/max', (v) => Number(v), 100)
    .option('--test-csv <file>', 'clean test set for float vs int8 parity')
    .option('--test-audio-dir <dir>', 'audio folder of --test-csv')
    .option('--disturbed-csv <file>', 'disturbed test set for float vs int8 parity')
    .option('--disturbed-audio-dir <dir>', 'audio folder of --disturbed-csv')
    .option('--allow-over-budget', 'write the export even if the model breaks the board budget', false)
    .action(async (o) => {
      const test = pair(o.testCsv, o.testAudioDir, 'test');
      const disturbed = pair(o.disturbedCsv, o.disturbedAudioDir, 'disturbed');
      const r = await runExport({
        modelDir: o.model, outDir: o.out,
        calibration: { dataset: pair(o.calibrationCsv, o.calibrationAudioDir, 'calibration'), rawFile: o.calibrationRaw },
        calibrationWindows: o.calibrationWindows, percentile: o.calibrationPercentile,
        evaluate: { ...(test ? { test } : {}), ...(disturbed ? { disturbed } : {}) },
        allowOverBudget: o.allowOverBudget,
      }, (m) => console.error(m));
      console.log(r.budgetTable);
      console.log(`model hash ${r.build.modelHash}  threshold ${r.build.manifest.threshold} → int8 ${r.build.thresholdInt8}`);
      for (const [name, p] of Object.entries(r.parity)) {
        console.log(`${name}: ${p.clips} clips, max |float−int8| ${p.maxAbsScoreDiff.toFixed(4)}, mean ${p.meanAbsScoreDiff.toFixed(4)}, decisions agree ${(100 * p.decisionAgreement).toFixed(2)} %` +
          (p.floatAccuracy !== undefined ? `, accuracy float ${(100 * p.floatAccuracy).toFixed(2)} % / int8 ${(100 * p.int8Accuracy!).toFixed(2)} %` : ''));
      }
      const sp = r.build.floatVsInt8Score;
      if (sp) {
        const fmt = (x: { f1: number; robustness: number; score: number }) => `F1 ${x.f1.toFixed(4)} robustness ${x.robustness.toFixed(4)} score ${x.score.toFixed(4)}`;
        console.log(`challenge score: float ${fmt(sp.float)} | int8 ${fmt(sp.int8)} | score difference ${sp.scoreDiff.toFixed(4)}` +
          (sp.scoreDiff > 0.01 ? ' (ABOVE the 0.01 bound)' : ' (within 0.01)'));
      }
      if (r.build.violations.length > 0) console.log(`OVER BUDGET (written anyway): ${r.build.violations.join('; ')}`);
      console.log(`wrote ${r.written.length} files to ${r.outDir}`);
    });
}
