import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthCorpus } from '../common/synth/index.ts';
import { disturbDataset } from '../common/disturb/index.ts';
import type { DatasetRef } from './config.ts';

/** The embedded default dataset: synthetic corpus + its disturbed test set, built once into a cache folder. */
export interface DefaultData {
  train: DatasetRef;
  test: DatasetRef;
  disturbed: DatasetRef;
}

/** Size and seed of the embedded default; changing them changes the cache key. */
export const DEFAULT_DATA = { clips: 1600, seed: 'gunshot-edge', positiveRatio: 0.05 } as const;

/**
 * Builds (first call) or reuses (later calls) the synthetic default corpus under
 * `<cacheDir>/synth-<clips>-<seed>/`: train.csv, test.csv, audio/, and disturbed/ (white noise and
 * synthetic backgrounds at 20/10/5/0 dB). A `.complete` marker makes an interrupted build start over.
 */
export async function ensureDefaultData(log: (m: string) => void, cacheDir = path.join('.cache', 'default-data')): Promise<DefaultData> {
  const dir = path.join(cacheDir, `synth-${DEFAULT_DATA.clips}-${DEFAULT_DATA.seed}`);
  const marker = path.join(dir, '.complete');
  const refs: DefaultData = {
    train: { csv: path.join(dir, 'train.csv'), audioDir: path.join(dir, 'audio') },
    test: { csv: path.join(dir, 'test.csv'), audioDir: path.join(dir, 'audio') },
    disturbed: { csv: path.join(dir, 'disturbed', 'disturbed.csv'), audioDir: path.join(dir, 'disturbed', 'audio') },
  };
  if (fs.existsSync(marker)) {
    log(`default data: reusing ${dir}`);
    return refs;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const t0 = Date.now();
  log(`default data: synthesising ${DEFAULT_DATA.clips} clips into ${dir} …`);
  await synthCorpus({ outDir: dir, clips: DEFAULT_DATA.clips, seed: DEFAULT_DATA.seed, positiveRatio: DEFAULT_DATA.positiveRatio });
  log('default data: building the disturbed test set …');
  await disturbDataset({ csvPath: refs.test.csv, audioDir: refs.test.audioDir, outDir: path.join(dir, 'disturbed'), seed: DEFAULT_DATA.seed });
  fs.writeFileSync(marker, new Date().toISOString() + '\n');
  log(`default data: ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return refs;
}
