// The synthetic corpus: the project's embedded default dataset, in the challenge's layout, deterministic
// by seed. Labels are known by construction; category and hard_negative columns say what each clip is.
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { writeWav } from '../audio/wav-write.ts';
import { writeDatasetCsv, type CsvRowOut } from '../data/csv-write.ts';
import { assignFoldsGrouped } from '../data/folds.ts';
import { backgroundBed } from './background-bed.ts';
import { normalizePeak } from './dsp.ts';
import { HARD_NEGATIVE_CATEGORIES, OTHER_NEGATIVE_CATEGORIES, POSITIVE_CATEGORIES } from './registry.ts';
import { makeRng } from './rng.ts';
import type { CategoryGenerator } from './types.ts';

/** Options of `synthCorpus`. */
export interface SynthCorpusOptions {
  /** Output folder: gets train.csv, test.csv and audio/. */
  outDir: string;
  /** Number of clips, 10..1_000_000; defaults to 1200 (≈ 20 s to generate on one core). */
  clips?: number;
  /** Share of gunshot clips, (0, 1); defaults to 0.05 (gunshots are rare in the field too). */
  positiveRatio?: number;
  /** Seed of every random draw; defaults to 'gunshot-edge'. Same seed (and options) → identical bytes. */
  seed?: string;
  /** Share of recordings (IDs) in test.csv, 0.1..0.9 in steps of 0.1 (whole folds of 10); defaults to 0.2. */
  testFraction?: number;
  /** Share of negatives drawn from the hard-negative categories, 0..1; defaults to 0.5. */
  hardNegativeShare?: number;
  /** Clip length range in seconds, within 0.5..4; defaults to [0.5, 4]. */
  durationRangeS?: [number, number];
  /** Output rate, Hz; defaults to 16000. */
  rateHz?: number;
  /** Called after each clip is written. */
  onProgress?: (done: number, total: number) => void;
}

/** What was written. */
export interface SynthCorpusResult {
  trainCsv: string;
  testCsv: string;
  trainRows: number;
  testRows: number;
  positives: number;
  /** Folds (of 1..10) that went to test.csv. */
  testFolds: number[];
}

export const SYNTH_EXTRA_COLUMNS = ['category', 'hard_negative'];

interface PlannedClip {
  index: number;
  recording: number;
  slice: number;
  category: CategoryGenerator;
}

function checkRange(name: string, v: number, lo: number, hi: number, integer = false): void {
  if (!Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    throw new RangeError(`synthCorpus: ${name} must be ${integer ? 'an integer ' : ''}in ${lo}..${hi}, got ${v}`);
  }
}

/**
 * Which categories, in which recordings: positives and the two kinds of negatives are each spread evenly
 * over their categories (round robin), then consecutive clips of one category are grouped into
 * recordings of 1–3 slices that share an ID (and a scene), as UrbanSound8K's slices share their fsID.
 */
function plan(clips: number, positiveRatio: number, hardShare: number, seed: string): PlannedClip[] {
  const nPos = Math.max(1, Math.round(clips * positiveRatio));
  const nHard = Math.round((clips - nPos) * hardShare);
  const nOther = clips - nPos - nHard;
  const cats: CategoryGenerator[] = [];
  for (const [count, list] of [[nPos, POSITIVE_CATEGORIES], [nHard, HARD_NEGATIVE_CATEGORIES], [nOther, OTHER_NEGATIVE_CATEGORIES]] as const) {
    for (let i = 0; i < count; i++) cats.push(list[i % list.length]);
  }
  cats.sort((a, b) => a.name.localeCompare(b.name));
  const rng = makeRng(`${seed}:plan`);
  const out: PlannedClip[] = [];
  let recording = 0;
  for (let i = 0; i < cats.length; ) {
    recording++;
    const size = rng.int(1, 3);
    for (let s = 0; s < size && i < cats.length && cats[i] === cats[i - s]; s++, i++) {
      out.push({ index: out.length, recording, slice: s, category: cats[i] });
    }
  }
  return out;
}

/** Generates the corpus into `options.outDir` (its audio/ folder is replaced). */
export async function synthCorpus(options: SynthCorpusOptions): Promise<SynthCorpusResult> {
  const clips = options.clips ?? 1200;
  const positiveRatio = options.positiveRatio ?? 0.05;
  const seed = options.seed ?? 'gunshot-edge';
  const testFraction = options.testFraction ?? 0.2;
  const hardShare = options.hardNegativeShare ?? 0.5;
  const [minS, maxS] = options.durationRangeS ?? [0.5, 4];
  const rateHz = options.rateHz ?? 16000;
  checkRange('clips', clips, 10, 1_000_000, true);
  checkRange('positiveRatio', positiveRatio, 0.001, 0.999);
  checkRange('testFraction', testFraction, 0.1, 0.9);
  checkRange('hardNegativeShare', hardShare, 0, 1);
  checkRange('durationRangeS[0]', minS, 0.5, 4);
  checkRange('durationRangeS[1]', maxS, minS, 4);
  checkRange('rateHz', rateHz, 8000, 48000, true);

  const planned = plan(clips, positiveRatio, hardShare, seed);
  // Folds per category, grouped by recording: each category is spread over the 10 folds.
  const fold = new Map<number, number>();
  for (const cat of new Set(planned.map((p) => p.category))) {
    const recs = planned.filter((p) => p.category === cat).map((p) => String(p.recording));
    for (const [rec, f] of assignFoldsGrouped(recs, 10, `${seed}:folds:${cat.name}`)) fold.set(Number(rec), f);
  }
  const nTestFolds = Math.round(testFraction * 10);
  const testFolds = Array.from({ length: nTestFolds }, (_, i) => i + 1);

  const audioDir = join(options.outDir, 'audio');
  await rm(audioDir, { recursive: true, force: true });
  const train: CsvRowOut[] = [];
  const test: CsvRowOut[] = [];
  for (const p of planned) {
    const rng = makeRng(`${seed}:clip:${p.index}`);
    const scene = makeRng(`${seed}:recording:${p.recording}`);
    const n = Math.round(rng.uniform(minS, maxS) * rateHz);
    const x = p.category.generate({ rng, scene, rateHz, n });
    if (x.length !== n) throw new Error(`synth generator ${p.category.name} returned ${x.length} samples, expected ${n}`);
    normalizePeak(x, rng.logUniform(0.05, 0.95));
    const bed = backgroundBed(n, rng, rateHz);
    for (let i = 0; i < n; i++) x[i] += bed[i];
    const name = `syn${p.recording}-${p.slice}-${p.category.name}.wav`;
    await writeWav(join(audioDir, name), x, rateHz);
    const f = fold.get(p.recording)!;
    const row: CsvRowOut = {
      sliceFileName: name,
      id: String(p.recording),
      fold: f,
      label: p.category.label,
      extra: { category: p.category.name, hard_negative: p.category.hardNegative ? 'True' : 'False' },
    };
    (testFolds.includes(f) ? test : train).push(row);
    options.onProgress?.(p.index + 1, planned.length);
  }
  const trainCsv = join(options.outDir, 'train.csv');
  const testCsv = join(options.outDir, 'test.csv');
  await writeDatasetCsv(trainCsv, train, SYNTH_EXTRA_COLUMNS);
  await writeDatasetCsv(testCsv, test, SYNTH_EXTRA_COLUMNS);
  return { trainCsv, testCsv, trainRows: train.length, testRows: test.length, positives: planned.filter((p) => p.category.label).length, testFolds };
}
