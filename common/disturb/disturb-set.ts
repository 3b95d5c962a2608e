// The disturbed evaluation set: every clip of a dataset mixed with noise at several SNRs, written in the
// challenge's layout so the same scorer reads it.
import { join, parse as parsePath } from 'node:path';
import { rm } from 'node:fs/promises';
import { writeWav } from '../audio/wav-write.ts';
import { loadDataset } from '../data/load-dataset.ts';
import { writeDatasetCsv, type CsvRowOut } from '../data/csv-write.ts';
import type { SkippedClip } from '../data/types.ts';
import { makeRng } from '../synth/rng.ts';
import { mixAtSnr } from './mix.ts';
import { backgroundExcerpt, loadBackgroundBank, syntheticBackgroundBank, whiteNoiseFor, type BackgroundBank } from './noise-sources.ts';

export type NoiseFamily = 'white' | 'background';

/** Options of `disturbDataset`. */
export interface DisturbOptions {
  csvPath: string;
  audioDir: string;
  /** Output folder: gets disturbed.csv and audio/ (replaced). */
  outDir: string;
  /** Seed of noise draws; defaults to 'disturb'. Each copy's noise depends only on (seed, file, SNR, family). */
  seed?: string;
  /** SNRs in dB (definition: see mixAtSnr), each −30..60; defaults to [20, 10, 5, 0]. */
  snrsDb?: number[];
  /** Noise families; defaults to ['white', 'background']. */
  kinds?: NoiseFamily[];
  /**
   * 'each-kind' (default): one copy per SNR per family (clips × SNRs × families files: 8× with defaults);
   * 'one': one copy per SNR whose family is drawn at random (clips × SNRs files).
   * For 'background', the background kind (rain, wind, …) is drawn at random per copy either way.
   */
  perSnr?: 'each-kind' | 'one';
  /** 'synthetic' (default) or a folder holding `<kind>/*.wav`. */
  backgrounds?: string;
  /** Rate of the written set, Hz; defaults to 16000. */
  rateHz?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface DisturbResult {
  csvPath: string;
  /** Rows written. */
  rows: number;
  /** Source clips used. */
  sourceClips: number;
  /** Source clips and background files that could not be used. */
  skipped: SkippedClip[];
  /** Background kinds available. */
  backgroundKinds: string[];
}

export const DISTURB_EXTRA_COLUMNS = ['source_clip', 'noise_kind', 'snr_db'];

function snrTag(snr: number): string {
  return `snr${snr < 0 ? 'm' : ''}${Math.abs(snr)}`;
}

/** Builds the disturbed set. See DisturbOptions for its size and DISTURB_EXTRA_COLUMNS for its columns. */
export async function disturbDataset(options: DisturbOptions): Promise<DisturbResult> {
  const seed = options.seed ?? 'disturb';
  const snrs = options.snrsDb ?? [20, 10, 5, 0];
  const kinds = options.kinds ?? ['white', 'background'];
  const perSnr = options.perSnr ?? 'each-kind';
  const rateHz = options.rateHz ?? 16000;
  if (snrs.length === 0) throw new RangeError('disturb: snrsDb must list at least one SNR');
  for (const s of snrs) if (!Number.isFinite(s) || s < -30 || s > 60) throw new RangeError(`disturb: SNR must be in -30..60 dB, got ${s}`);
  if (kinds.length === 0) throw new RangeError('disturb: kinds must list white and/or background');
  for (const k of kinds) if (k !== 'white' && k !== 'background') throw new RangeError(`disturb: kind must be 'white' or 'background', got '${k}'`);

  const skipped: SkippedClip[] = [];
  let bank: BackgroundBank | null = null;
  if (kinds.includes('background')) {
    const src = options.backgrounds ?? 'synthetic';
    bank = src === 'synthetic' ? syntheticBackgroundBank(rateHz, seed) : await loadBackgroundBank(src, rateHz, skipped);
  }
  const bankKinds = bank ? [...bank.keys()] : [];

  const data = await loadDataset(options.csvPath, options.audioDir, { sampleRateHz: rateHz });
  skipped.push(...data.skipped);
  const sourceExtra = [...new Set(data.rows.flatMap((r) => Object.keys(r.extra)))].filter((c) => !DISTURB_EXTRA_COLUMNS.includes(c));
  const audioOut = join(options.outDir, 'audio');
  await rm(audioOut, { recursive: true, force: true });
  const rows: CsvRowOut[] = [];
  for (const [ci, clip] of data.clips.entries()) {
    const stem = parsePath(clip.row.sliceFileName).name;
    for (const snr of snrs) {
      const pick = makeRng(`${seed}:${clip.row.sliceFileName}:${snr}:family`);
      const families = perSnr === 'one' ? [pick.pick(kinds)] : kinds;
      for (const family of families) {
        const rng = makeRng(`${seed}:${clip.row.sliceFileName}:${snr}:${family}`);
        let noiseKind = 'white';
        let noise: Float32Array;
        if (family === 'white') noise = whiteNoiseFor(clip.samples.length, rng);
        else {
          noiseKind = rng.pick(bankKinds);
          noise = backgroundExcerpt(bank!, noiseKind, clip.samples.length, rng);
        }
        const samples = mixAtSnr(clip.samples, noise, snr);
        const name = `${stem}__${noiseKind}_${snrTag(snr)}.wav`;
        await writeWav(join(audioOut, name), samples, rateHz);
        rows.push({
          sliceFileName: name,
          id: clip.row.id,
          fold: clip.row.fold,
          label: clip.row.label,
          extra: { ...clip.row.extra, source_clip: clip.row.sliceFileName, noise_kind: noiseKind, snr_db: snr },
        });
      }
    }
    options.onProgress?.(ci + 1, data.clips.length);
  }
  const csvPath = join(options.outDir, 'disturbed.csv');
  await writeDatasetCsv(csvPath, rows, [...DISTURB_EXTRA_COLUMNS, ...sourceExtra]);
  return { csvPath, rows: rows.length, sourceClips: data.clips.length, skipped, backgroundKinds: bankKinds };
}
