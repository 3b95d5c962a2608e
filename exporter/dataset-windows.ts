/**
 * Model-input windows of a dataset (CSV + audio folder), through the model's own feature pipeline
 * (trainer/predict.ts `windowsForClip`: float MFCC, normalisation, sliding window), and of a raw file of
 * little-endian float32 windows for when no audio is at hand.
 */
import * as fs from 'node:fs';
import { loadDataset } from '../common/data/index.ts';
import { inputRows, type ModelMeta } from '../trainer/model-meta.ts';
import { windowsForClip } from '../trainer/predict.ts';

export interface ClipWindows { name: string; label: boolean; windows: Float32Array[] }

export async function datasetWindows(csv: string, audioDir: string, meta: ModelMeta): Promise<{ clips: ClipWindows[]; skipped: number }> {
  const ds = await loadDataset(csv, audioDir, { sampleRateHz: meta.featureSpec.sampleRateHz });
  const clips = ds.clips.map((c) => ({ name: c.row.sliceFileName, label: c.row.label, windows: windowsForClip(c.samples, meta) }));
  return { clips, skipped: ds.skipped.length };
}

/** Up to `max` windows spread evenly over all clips' windows (deterministic). */
export function spreadWindows(clips: ClipWindows[], max: number): Float32Array[] {
  const all = clips.flatMap((c) => c.windows);
  if (all.length <= max) return all;
  const step = all.length / max;
  return Array.from({ length: max }, (_, i) => all[Math.floor(i * step)]);
}

/** A raw file of N × inputRows × nMfcc little-endian float32 values (model inputs). */
export function readRawWindows(file: string, meta: ModelMeta): Float32Array[] {
  const buf = fs.readFileSync(file);
  const rows = inputRows(meta.window);
  const per = rows * meta.featureSpec.nMfcc;
  if (buf.length === 0 || buf.length % (per * 4) !== 0) {
    throw new RangeError(`${file}: ${buf.length} bytes is not a whole number of float32 model inputs of ${rows}×${meta.featureSpec.nMfcc} (${per * 4} bytes each)`);
  }
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return Array.from({ length: all.length / per }, (_, i) => all.slice(i * per, (i + 1) * per));
}
