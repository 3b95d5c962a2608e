/**
 * The export: a trained model folder → a folder of generated files for boards and tools —
 * model.tflite; model_data.h/.c (the flatbuffer as C); model_settings.h; mfcc_tables.h/.c (from the
 * firmware helper's generator); gunshot_model.h/.c (the firmware's own int8 runner tables, if that
 * generator is present); manifest.json (sizes, hash, budget, parity, threshold_int8).
 * Everything here is a pure function of (model, meta, calibration windows); `writeExport` puts it on disk.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { ModelMeta } from '../trainer/model-meta.ts';
import type { QModel } from './qmodel.ts';
import { quantizeModel, type QuantizeOptions } from './quantize/index.ts';
import { writeTflite } from './tflite/index.ts';
import { weightsHash } from './model-hash.ts';
import { thresholdToInt8 } from './threshold-int8.ts';
import { BOARD_BUDGET, budgetViolations, modelBudget, type BudgetLimits, type ModelBudget } from './budget.ts';
import { generateModelData } from './c/model-data.ts';
import { generateModelSettings } from './c/model-settings.ts';
import { scoreParity, type ParityReport, type ScoreParity } from './parity.ts';

export interface ExportBuild {
  qmodel: QModel;
  tflite: Uint8Array;
  modelHash: string;
  thresholdInt8: number;
  budget: ModelBudget;
  /** Budget violations (empty when the model fits). */
  violations: string[];
  /** File name → contents. */
  files: Map<string, string | Uint8Array>;
  manifest: Record<string, unknown>;
  /** The challenge score on each side (manifest `metrics.floatVsInt8Score`); null without labelled test + disturbed parity. */
  floatVsInt8Score: ScoreParity | null;
}

export interface ExportOptions extends QuantizeOptions {
  /** defaults to BOARD_BUDGET */
  limits?: BudgetLimits;
  /** Float vs int8 parity per named evaluation set, recorded in the manifest. */
  parity?: Record<string, ParityReport>;
  /** Generators owned by other modules, injected so a missing one fails loudly by name. */
  mfccTables: (meta: ModelMeta) => { header: string; source: string };
  firmwareModel?: (q: QModel, hash: Uint8Array, meta: ModelMeta) => { header: string; source: string };
}

export function buildExport(model: tf.LayersModel, meta: ModelMeta, calibration: Float32Array[], opts: ExportOptions): ExportBuild {
  const qmodel = quantizeModel(model, meta, calibration, opts);
  const modelHash = weightsHash(qmodel);
  const outT = qmodel.tensors[qmodel.outputs[0]];
  const thresholdInt8 = thresholdToInt8(meta.threshold, outT.scale[0], outT.zeroPoint[0]);
  const tflite = writeTflite(qmodel, meta);
  const budget = modelBudget(qmodel);
  const violations = budgetViolations(budget, opts.limits ?? BOARD_BUDGET);
  const files = new Map<string, string | Uint8Array>();
  files.set('model.tflite', tflite);
  const data = generateModelData(tflite, modelHash);
  files.set('model_data.h', data.header);
  files.set('model_data.c', data.source);
  files.set('model_settings.h', generateModelSettings({ qmodel, meta, modelHash, thresholdInt8, budget }));
  const mfcc = opts.mfccTables(meta);
  files.set('mfcc_tables.h', mfcc.header);
  files.set('mfcc_tables.c', mfcc.source);
  if (opts.firmwareModel) {
    const fw = opts.firmwareModel(qmodel, Buffer.from(modelHash.slice(0, 16), 'hex'), meta);
    files.set('gunshot_model.h', fw.header);
    files.set('gunshot_model.c', fw.source);
  }
  const inT = qmodel.tensors[qmodel.inputs[0]];
  const sha = (b: string | Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
  const floatVsInt8Score = opts.parity ? scoreParity(opts.parity) : null;
  const manifest: Record<string, unknown> = {
    model: meta.name,
    exportedFrom: { createdAt: meta.createdAt, architecture: meta.architecture },
    modelHash,
    modelHashShort: modelHash.slice(0, 16),
    tfliteBytes: tflite.length,
    input: { shape: inT.shape, dtype: 'int8', scale: inT.scale[0], zeroPoint: inT.zeroPoint[0] },
    output: { shape: outT.shape, dtype: 'int8', scale: outT.scale[0], zeroPoint: outT.zeroPoint[0] },
    threshold: meta.threshold,
    threshold_int8: thresholdInt8,
    window: meta.window,
    operators: qmodel.ops.map((o) => o.kind),
    weightBytes: budget.weightBytes,
    int8WeightBytes: budget.int8WeightBytes,
    macsPerWindow: budget.macs,
    peakActivationBytes: budget.peakActivationBytes,
    budgetLimits: opts.limits ?? BOARD_BUDGET,
    budgetViolations: violations,
    calibration: { windows: calibration.length, percentile: opts.percentile ?? 100 },
    metrics: { training: meta.metrics ?? null, floatVsInt8: opts.parity ?? null, floatVsInt8Score },
    files: Object.fromEntries([...files].map(([name, c]) => [name, { bytes: typeof c === 'string' ? Buffer.byteLength(c) : c.length, sha256: sha(c) }])),
  };
  files.set('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { qmodel, tflite, modelHash, thresholdInt8, budget, violations, files, manifest, floatVsInt8Score };
}

export function writeExport(dir: string, build: ExportBuild): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, contents] of build.files) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, contents);
    written.push(file);
  }
  return written;
}

/** The size table printed by `gunshot-edge export`. */
export function formatBudgetTable(b: ModelBudget, tfliteBytes: number, limits: BudgetLimits = BOARD_BUDGET): string {
  const row = (what: string, value: string, limit: string) => `${what.padEnd(26)}${value.padStart(12)}${limit.padStart(14)}`;
  return [
    row('', 'value', 'budget'),
    row('int8 weights (flash)', `${b.int8WeightBytes} B`, `${limits.maxInt8WeightBytes} B`),
    row('all constants (flash)', `${b.weightBytes} B`, '-'),
    row('.tflite flatbuffer', `${tfliteBytes} B`, '-'),
    row('peak activations (arena)', `${b.peakActivationBytes} B`, `${limits.maxPeakActivationBytes} B`),
    row('MACs per window', `${b.macs}`, `${limits.maxMacs}`),
  ].join('\n');
}
