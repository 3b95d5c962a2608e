/**
 * Writes the firmware's generated sources for one model into a folder (the MODEL_DIR of
 * `make -C firmware-bridge host`): gunshot_model.{h,c} (exporter/c-model.ts) and mfcc_tables.{h,c}
 * (exporter/mfcc-tables.ts). Reproducible: same inputs, same bytes.
 *
 * CLI (tests and demos without a trained model):
 *   node --import tsx firmware-bridge/tools/write-export.ts --out DIR [--seed S] [--norm-random] [--stats]
 * writes a random-weight DS-CNN (tools/random-qmodel.ts) with DEFAULT_FEATURE_SPEC, plus
 * qmodel.json / features.json so TS tests can rebuild the same model and norm. --stats: the window is
 * reduced to its statistics (DEFAULT_WINDOW with reduce 'stats'), so the model's input has 5 rows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import seedrandom from 'seedrandom';
import type { QModel } from '../../exporter/qmodel.ts';
import type { FeatureSpec } from '../../common/features/spec.ts';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import type { FeatureNorm, WindowSpec } from '../../trainer/model-meta.ts';
import { DEFAULT_WINDOW, inputRows } from '../../trainer/model-meta.ts';
import { generateCModel } from '../../exporter/c-model.ts';
import { generateMfccTables } from '../../exporter/mfcc-tables.ts';
import { randomQModel } from './random-qmodel.ts';

export interface FirmwareExport {
  qmodel: QModel;
  featureSpec: FeatureSpec;
  norm: FeatureNorm;
  /** Defaults to DEFAULT_WINDOW. */
  window?: WindowSpec;
  /** Probability threshold, 0..1; defaults to 0.5. */
  threshold?: number;
  /** 8+ bytes; defaults to the QModel digest (c-model.ts). */
  modelHash?: Uint8Array;
}

/** Writes the four generated files into `outDir` (created if missing). Returns their paths. */
export function writeFirmwareSources(outDir: string, e: FirmwareExport): string[] {
  mkdirSync(outDir, { recursive: true });
  const model = generateCModel(e.qmodel, { window: e.window, threshold: e.threshold, modelHash: e.modelHash });
  const tables = generateMfccTables(e.featureSpec, e.norm);
  const files: [string, string][] = [
    ['gunshot_model.h', model.header], ['gunshot_model.c', model.source],
    ['mfcc_tables.h', tables.header], ['mfcc_tables.c', tables.source],
  ];
  return files.map(([name, text]) => {
    const p = join(outDir, name);
    writeFileSync(p, text);
    return p;
  });
}

/** JSON-safe QModel (typed arrays → plain arrays) and its inverse, for handing test models between processes. */
export function qmodelToJson(q: QModel): unknown {
  return { ...q, tensors: q.tensors.map((t) => ({ ...t, data: t.data ? { type: t.dtype, values: Array.from(t.data) } : undefined })) };
}
export function qmodelFromJson(j: any): QModel {
  return {
    ...j,
    tensors: j.tensors.map((t: any) => ({
      ...t, data: t.data ? (t.data.type === 'int8' ? Int8Array.from(t.data.values) : Int32Array.from(t.data.values)) : undefined,
    })),
  };
}

/** A plausible per-coefficient norm (means/stds of the size MFCCs of ordinary audio have), seeded. */
export function randomNorm(nMfcc: number, seed = 'norm'): FeatureNorm {
  const rng = seedrandom(seed);
  return {
    mean: Array.from({ length: nMfcc }, (_, c) => (c === 0 ? -350 + rng() * 100 : (rng() - 0.5) * 40)),
    std: Array.from({ length: nMfcc }, (_, c) => (c === 0 ? 60 + rng() * 40 : 5 + rng() * 20)),
    clip: 8,
  };
}

function main(argv: string[]): void {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = arg('--out');
  if (!out) throw new Error('write-export: --out DIR is required');
  const seed = arg('--seed') ?? 'firmware-bridge';
  const window: WindowSpec = argv.includes('--stats') ? { ...DEFAULT_WINDOW, reduce: 'stats' } : DEFAULT_WINDOW;
  const qmodel = randomQModel({ seed, frames: inputRows(window) });
  const norm = randomNorm(DEFAULT_FEATURE_SPEC.nMfcc, seed);
  const paths = writeFirmwareSources(out, { qmodel, featureSpec: DEFAULT_FEATURE_SPEC, norm, window });
  writeFileSync(join(out, 'qmodel.json'), JSON.stringify(qmodelToJson(qmodel)));
  writeFileSync(join(out, 'features.json'), JSON.stringify({ featureSpec: DEFAULT_FEATURE_SPEC, norm, window }));
  for (const p of paths) console.log(p);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
