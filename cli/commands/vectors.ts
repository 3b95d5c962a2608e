// `gunshot-edge vectors`: int8 input windows + reference outputs of an exported model, for parity tests on other runtimes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { readMeta } from '../../trainer/io.ts';
import { readTflite } from '../../exporter/tflite/index.ts';
import { datasetWindows } from '../../exporter/dataset-windows.ts';
import { buildVectors, writeVectors } from '../../exporter/vectors.ts';

export function register(program: Command): void {
  program
    .command('vectors')
    .description('Write int8 input windows and the TS reference int8 outputs of <model>/export/model.tflite for a dataset')
    .requiredOption('--model <dir>', 'model folder with meta.json and export/model.tflite (run `export` first)')
    .requiredOption('--csv <file>', 'dataset CSV')
    .requiredOption('--audio-dir <dir>', 'audio folder of --csv')
    .requiredOption('--out <dir>', 'output folder (vectors.json + inputs/)')
    .option('--max-clips <n>', 'use at most the first n usable clips (1..100000)', (v) => Number(v))
    .action(async (o) => {
      const meta = readMeta(o.model);
      const tflite = path.join(o.model, 'export', 'model.tflite');
      if (!fs.existsSync(tflite)) throw new Error(`${tflite}: not found; run \`gunshot-edge export --model ${o.model}\` first`);
      if (o.maxClips !== undefined && !(Number.isInteger(o.maxClips) && o.maxClips >= 1 && o.maxClips <= 100000)) {
        throw new RangeError(`--max-clips must be an integer 1..100000, got ${o.maxClips}`);
      }
      const { model } = readTflite(fs.readFileSync(tflite));
      const { clips, skipped } = await datasetWindows(o.csv, o.audioDir, meta);
      const used = o.maxClips ? clips.slice(0, o.maxClips) : clips;
      const set = buildVectors(model, used);
      writeVectors(o.out, set);
      console.log(`${set.entries.length} windows from ${used.length} clips (${skipped} skipped) → ${path.join(o.out, 'vectors.json')}`);
    });
}
