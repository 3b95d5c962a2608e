// Clip-level MFCC statistics of the real-audio corpus, for the gradient-boosting baseline (gbm.py).
// Per coefficient of the model's own MFCCs (common/features): mean, std, min, max and the std of the
// frame-to-frame delta: 13 × 5 = 65 numbers per clip, one JSON line each.
// Usage: node --import tsx scripts/baseline/clip-stats.ts [CORPUS_DIR] > stats.jsonl
import { loadDataset } from '../../common/data/load-dataset.ts';
import { MfccExtractor } from '../../common/features/mfcc.ts';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';

const corpus = process.argv[2] ?? '../shared/corpus';
const SETS = ['us8k', 'kaggle-gunshots', 'elp', 'esc50', 'glass', 'misc'];
const extractor = new MfccExtractor(DEFAULT_FEATURE_SPEC);

function clipStats(data: Float32Array, frames: number, nMfcc: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < nMfcc; c++) {
    let sum = 0, sq = 0, min = Infinity, max = -Infinity, dsq = 0;
    for (let t = 0; t < frames; t++) {
      const v = data[t * nMfcc + c];
      sum += v; sq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (t > 0) dsq += (v - data[(t - 1) * nMfcc + c]) ** 2;
    }
    const mean = sum / frames;
    out.push(mean, Math.sqrt(Math.max(0, sq / frames - mean * mean)), min, max, Math.sqrt(dsq / Math.max(1, frames - 1)));
  }
  return out;
}

for (const set of SETS) {
  const ds = await loadDataset(`${corpus}/${set}.csv`, `${corpus}/audio/${set}`, { sampleRateHz: DEFAULT_FEATURE_SPEC.sampleRateHz });
  process.stderr.write(`${set}: ${ds.clips.length} clips, ${ds.skipped.length} skipped\n`);
  for (const clip of ds.clips) {
    const m = extractor.computeFlat(clip.samples);
    process.stdout.write(JSON.stringify({ set, file: clip.row.sliceFileName, fold: clip.row.fold, label: clip.row.label, f: clipStats(m.data, m.frames, m.nMfcc) }) + '\n');
  }
}
