/**
 * `gunshot-edge export` as a library call: loads the model folder and the calibration windows, builds
 * the export, measures float vs int8 parity on the given evaluation sets, enforces the board budget and
 * writes the folder. Progress goes to `log`; the caller prints the returned summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadModelDir } from '../trainer/io.ts';
import { generateMfccTables } from './mfcc-tables.ts';
import { generateCModel } from './c-model.ts';
import { buildExport, formatBudgetTable, writeExport, type ExportBuild } from './export-model.ts';
import { datasetWindows, readRawWindows, spreadWindows } from './dataset-windows.ts';
import { floatInt8Parity, type ParityReport } from './parity.ts';

export interface DatasetRef { csv: string; audioDir: string }

export interface ExportRunOptions {
  modelDir: string;
  /** defaults to <modelDir>/export */
  outDir?: string;
  /** Representative windows: a dataset (through the model's feature pipeline) or a raw float32 file. */
  calibration: { dataset?: DatasetRef; rawFile?: string };
  /** Calibration windows used at most, spread over the set; defaults to 2000, range 1..100000. */
  calibrationWindows?: number;
  /** Calibration percentile per side, (50, 100]; defaults to 100 (min/max). */
  percentile?: number;
  /** Named sets on which float vs int8 clip scores are compared (e.g. test, disturbed). */
  evaluate?: Record<string, DatasetRef>;
  /** Write the export even when the model breaks the board budget; defaults to false. */
  allowOverBudget?: boolean;
}

export interface ExportRunResult {
  outDir: string;
  build: ExportBuild;
  parity: Record<string, ParityReport>;
  budgetTable: string;
  written: string[];
}

export class BudgetError extends Error {}

export async function runExport(o: ExportRunOptions, log: (msg: string) => void = () => {}): Promise<ExportRunResult> {
  const max = o.calibrationWindows ?? 2000;
  if (!(Number.isInteger(max) && max >= 1 && max <= 100000)) throw new RangeError(`--calibration-windows must be an integer 1..100000, got ${max}`);
  const { model, meta } = await loadModelDir(o.modelDir);
  const outDir = o.outDir ?? path.join(o.modelDir, 'export');

  let calibration: Float32Array[];
  if (o.calibration.rawFile) {
    calibration = spreadWindows([{ name: o.calibration.rawFile, label: false, windows: readRawWindows(o.calibration.rawFile, meta) }], max);
  } else if (o.calibration.dataset) {
    const { csv, audioDir } = o.calibration.dataset;
    log(`calibration: loading ${csv}`);
    const { clips, skipped } = await datasetWindows(csv, audioDir, meta);
    if (clips.length === 0) throw new Error(`calibration set ${csv} (${audioDir}) gave no usable clips (${skipped} skipped)`);
    calibration = spreadWindows(clips, max);
    log(`calibration: ${calibration.length} windows from ${clips.length} clips (${skipped} skipped)`);
  } else {
    throw new Error('export needs calibration data: --calibration-csv F --calibration-audio-dir D, or --calibration-raw F');
  }

  // A first build without parity gives the int8 model and threshold that parity is measured on.
  const generators = {
    mfccTables: (m: typeof meta) => generateMfccTables(m.featureSpec, m.norm),
    firmwareModel: (q: Parameters<typeof generateCModel>[0], hash: Uint8Array, m: typeof meta) =>
      generateCModel(q, { modelHash: hash, threshold: m.threshold, window: m.window }),
  };
  let build = buildExport(model, meta, calibration, { percentile: o.percentile, ...generators });
  const parity: Record<string, ParityReport> = {};
  for (const [name, ref] of Object.entries(o.evaluate ?? {})) {
    log(`parity: loading ${name} (${ref.csv})`);
    const { clips } = await datasetWindows(ref.csv, ref.audioDir, meta);
    if (clips.length === 0) throw new Error(`evaluation set ${name} (${ref.csv}) gave no usable clips`);
    parity[name] = floatInt8Parity(model, build.qmodel, meta, build.thresholdInt8, clips);
  }
  if (Object.keys(parity).length > 0) build = buildExport(model, meta, calibration, { percentile: o.percentile, parity, ...generators });
  const budgetTable = formatBudgetTable(build.budget, build.tflite.length);
  if (build.violations.length > 0 && !o.allowOverBudget) {
    throw new BudgetError(`model ${meta.name} breaks the board budget: ${build.violations.join('; ')}\n${budgetTable}\n(nothing written; --allow-over-budget writes it anyway)`);
  }
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new Error(`--out ${outDir} exists and is not a folder`);
  const written = writeExport(outDir, build);
  model.dispose();
  return { outDir, build, parity, budgetTable, written };
}
