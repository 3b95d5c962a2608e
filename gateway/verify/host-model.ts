// The host side of a verification: the exported int8 model of a model folder run by the TypeScript
// reference interpreter on the firmware's frontend twin, giving the raw int8 output of every window —
// the numbers a board with the same export must send back bit for bit (same construction as
// exporter/int8-predictor.ts, which dequantises them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMeta } from '../../trainer/io.ts';
import { checkModelInput, type ModelMeta } from '../../trainer/model-meta.ts';
import { buildDeviceTables, deviceFeatureWindows, type DeviceTables, type InputQuant } from '../../common/features/device-frontend.ts';
import { readTflite } from '../../exporter/tflite/index.ts';
import { runInt8 } from '../../exporter/reference/index.ts';
import type { QModel } from '../../exporter/qmodel.ts';

export interface HostModel {
  meta: ModelMeta;
  /** First 16 hex characters of the export's model hash (what HELLO carries). */
  modelHashShort: string;
  /** Clip decision threshold in the int8 output domain (manifest.json `threshold_int8`). */
  thresholdInt8: number;
  /** Per-window int8 outputs for a clip given as the int16 PCM sent to the board (padded here as there). */
  outputs(pcm: Int16Array): Int8Array;
}

export function loadHostModel(modelDir: string): HostModel {
  const exportDir = path.join(modelDir, 'export');
  const manifestFile = path.join(exportDir, 'manifest.json');
  const tfliteFile = path.join(exportDir, 'model.tflite');
  for (const f of [manifestFile, tfliteFile]) {
    if (!fs.existsSync(f)) throw new Error(`${f}: not found; run \`gunshot-edge export --model ${modelDir}\` first`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  const thresholdInt8 = manifest.threshold_int8;
  if (typeof thresholdInt8 !== 'number' || !Number.isInteger(thresholdInt8) || thresholdInt8 < -128 || thresholdInt8 > 127) {
    throw new RangeError(`${manifestFile}: threshold_int8 must be an integer -128..127, got ${JSON.stringify(thresholdInt8)}`);
  }
  const hash = manifest.modelHashShort ?? (typeof manifest.modelHash === 'string' ? manifest.modelHash.slice(0, 16) : undefined);
  if (typeof hash !== 'string' || !/^[0-9a-f]{16}$/i.test(hash)) throw new Error(`${manifestFile}: modelHashShort must be 16 hex characters, got ${JSON.stringify(hash)}`);

  const meta = readMeta(modelDir);
  const { model: q } = readTflite(fs.readFileSync(tfliteFile));
  const inT = q.tensors[q.inputs[0]];
  checkModelInput(inT.shape, meta, tfliteFile);
  const tables: DeviceTables = buildDeviceTables(meta.featureSpec, meta.norm);
  const quant: InputQuant = { scale: inT.scale[0], zeroPoint: inT.zeroPoint[0] };
  return {
    meta,
    modelHashShort: hash.toLowerCase(),
    thresholdInt8,
    outputs: (pcm) => Int8Array.from(deviceFeatureWindows(pcm, meta.featureSpec, meta.norm, quant, meta.window, tables), (w) => runInt8(q as QModel, w)[0][0]),
  };
}
