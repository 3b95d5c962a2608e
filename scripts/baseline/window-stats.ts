// Log-mel statistics of the real-audio corpus, for window-models.py: per band of the spec's 40 mel bands
// (the filterbank the shipped MFCCs are computed from, before the DCT), the mean, std, min, max and std of
// the frame-to-frame delta, over the whole clip ("clip") and over every 49-frame window at a hop of 10
// frames ("wins", the windows a board scores; clips shorter than a window padded with digital silence,
// -100 dB, as the trainer zero-pads). "peak" is the window holding the clip's loudest frame a quarter in.
// One JSON line per clip. FMAX_HZ (default the spec's 8000) is the top of the mel bands; the shipped window MLP
// uses 4000. Usage: node --import tsx scripts/baseline/window-stats.ts [CORPUS_DIR [FMAX_HZ]] > wins.jsonl
import { loadDataset } from '../../common/data/load-dataset.ts';
import { MfccExtractor } from '../../common/features/mfcc.ts';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';

const corpus = process.argv[2] ?? '../shared/corpus';
const SETS = ['us8k', 'kaggle-gunshots', 'elp', 'esc50', 'glass', 'misc'];
const WINDOW = 49, HOP = 10, SILENCE_DB = -100;
const fmaxHz = Number(process.argv[3] ?? DEFAULT_FEATURE_SPEC.fmaxHz);
if (!(fmaxHz > DEFAULT_FEATURE_SPEC.fminHz && fmaxHz <= DEFAULT_FEATURE_SPEC.sampleRateHz / 2)) {
  process.stderr.write(`window-stats: FMAX_HZ must be above ${DEFAULT_FEATURE_SPEC.fminHz} and at most ${DEFAULT_FEATURE_SPEC.sampleRateHz / 2}, got '${process.argv[3]}'\n`);
  process.exit(1);
}
const extractor = new MfccExtractor({ ...DEFAULT_FEATURE_SPEC, fmaxHz });
const nMels = DEFAULT_FEATURE_SPEC.nMels;

function bandStats(logMel: Float64Array, from: number, to: number): number[] {
  const out: number[] = [];
  const n = to - from;
  for (let b = 0; b < nMels; b++) {
    let sum = 0, sq = 0, min = Infinity, max = -Infinity, dsq = 0;
    for (let t = from; t < to; t++) {
      const v = logMel[t * nMels + b];
      sum += v; sq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (t > from) dsq += (v - logMel[(t - 1) * nMels + b]) ** 2;
    }
    const mean = sum / n;
    out.push(mean, Math.sqrt(Math.max(0, sq / n - mean * mean)), min, max, Math.sqrt(dsq / Math.max(1, n - 1)));
  }
  return out.map((v) => Math.round(v * 100) / 100);
}

for (const set of SETS) {
  const ds = await loadDataset(`${corpus}/${set}.csv`, `${corpus}/audio/${set}`, { sampleRateHz: DEFAULT_FEATURE_SPEC.sampleRateHz });
  process.stderr.write(`${set}: ${ds.clips.length} clips, ${ds.skipped.length} skipped\n`);
  for (const clip of ds.clips) {
    const { frames, data } = extractor.logMel(clip.samples);
    const padded = frames <= WINDOW ? WINDOW : WINDOW + Math.ceil((frames - WINDOW) / HOP) * HOP;
    const lm = new Float64Array(padded * nMels).fill(SILENCE_DB);
    lm.set(data);
    let loudest = 0, best = -Infinity;
    for (let t = 0; t < frames; t++) {
      let e = 0;
      for (let b = 0; b < nMels; b++) e += data[t * nMels + b];
      if (e > best) { best = e; loudest = t; }
    }
    const wins: number[][] = [];
    for (let t0 = 0; t0 + WINDOW <= padded; t0 += HOP) wins.push(bandStats(lm, t0, t0 + WINDOW));
    const peak = Math.max(0, Math.min(wins.length - 1, Math.round((loudest - WINDOW / 4) / HOP)));
    process.stdout.write(JSON.stringify({
      set, fold: clip.row.fold, label: clip.row.label, clip: bandStats(data, 0, Math.max(1, frames)), peak, wins,
    }) + '\n');
  }
}
