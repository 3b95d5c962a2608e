import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelMeta } from './model-meta.ts';

/**
 * A model folder: tfjs's `model.json` (topology + weight manifest) and `weights.bin`, plus `meta.json`
 * (feature spec, window, normalisation, threshold, metrics) and a copy of the feature spec as
 * `feature_spec.json` for tools that want only that. Written without tfjs-node (no file:// handler in the
 * pure-JS packages), so it works on every backend.
 */
export async function saveModelDir(dir: string, model: tf.LayersModel, meta: ModelMeta): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weightData = artifacts.weightData;
    if (!weightData || !artifacts.weightSpecs) throw new Error(`model ${meta.name}: tfjs produced no weights`);
    const buf = Array.isArray(weightData)
      ? Buffer.concat(weightData.map((b) => Buffer.from(b)))
      : Buffer.from(weightData);
    fs.writeFileSync(path.join(dir, 'weights.bin'), buf);
    const modelJson = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: buf.length } };
  }));
  writeMeta(dir, meta);
}

export function writeMeta(dir: string, meta: ModelMeta): void {
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'feature_spec.json'), JSON.stringify(meta.featureSpec, null, 2) + '\n');
}

export function readMeta(dir: string): ModelMeta {
  const file = path.join(dir, 'meta.json');
  if (!fs.existsSync(file)) throw new Error(`${file}: not found (expected a model folder with meta.json, model.json, weights.bin)`);
  const meta = JSON.parse(fs.readFileSync(file, 'utf8')) as ModelMeta;
  for (const field of ['featureSpec', 'window', 'norm', 'threshold'] as const) {
    if (meta[field] === undefined) throw new Error(`${file}: missing field "${field}"`);
  }
  if (!(meta.threshold >= 0 && meta.threshold <= 1)) throw new Error(`${file}: threshold must be 0..1, got ${meta.threshold}`);
  return meta;
}

export async function loadModelDir(dir: string): Promise<{ model: tf.LayersModel; meta: ModelMeta }> {
  const meta = readMeta(dir);
  const jsonFile = path.join(dir, 'model.json');
  if (!fs.existsSync(jsonFile)) throw new Error(`${jsonFile}: not found`);
  const json = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  const manifest = json.weightsManifest as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  const specs = manifest.flatMap((g) => g.weights);
  const bufs = manifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p))));
  const all = Buffer.concat(bufs);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: specs, weightData,
  }));
  return { model, meta };
}
