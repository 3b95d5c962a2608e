/**
 * What a board will say about clips: the exported int8 model (`<modelDir>/export/model.tflite`, read back
 * into a QModel) run by the TS reference interpreter on the int8 windows of the firmware's own float32
 * frontend twin (common/features/device-frontend.ts). Clip score = max window probability, dequantised
 * from the int8 output (so score ≥ threshold ⇔ q ≥ threshold_int8).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMeta } from '../trainer/io.ts';
import { checkModelInput } from '../trainer/model-meta.ts';
import type { ClipPrediction, Predictor } from '../trainer/predict.ts';
import { buildDeviceTables, deviceFeatureWindows } from '../common/features/device-frontend.ts';
import { readTflite } from './tflite/index.ts';
import { runInt8 } from './reference/index.ts';

export async function loadInt8Predictor(modelDir: string): Promise<Predictor> {
  const meta = readMeta(modelDir);
  const file = path.join(modelDir, 'export', 'model.tflite');
  if (!fs.existsSync(file)) throw new Error(`${file}: not found; run \`gunshot-edge export --model ${modelDir}\` first`);
  const { model: q } = readTflite(fs.readFileSync(file));
  const inT = q.tensors[q.inputs[0]];
  const outT = q.tensors[q.outputs[0]];
  checkModelInput(inT.shape, meta, file);
  const tables = buildDeviceTables(meta.featureSpec, meta.norm);
  const quant = { scale: inT.scale[0], zeroPoint: inT.zeroPoint[0] };
  return {
    meta,
    backend: 'int8 TS reference interpreter on the device frontend',
    async predictClips(clips, onProgress) {
      const results: ClipPrediction[] = [];
      for (let i = 0; i < clips.length; i++) {
        const windows = deviceFeatureWindows(clips[i], meta.featureSpec, meta.norm, quant, meta.window, tables);
        const windowScores = windows.map((w) => outT.scale[0] * (runInt8(q, w)[0][0] - outT.zeroPoint[0]));
        results.push({ score: Math.max(...windowScores), windowScores });
        onProgress?.(i + 1, clips.length);
      }
      return results;
    },
    dispose() {},
  };
}
