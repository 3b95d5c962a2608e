// CSV + audio folder (WAV, FLAC, Ogg Vorbis, MP3) → decoded clips, with every unusable file accounted for (never silently lost).
import { readFile } from 'node:fs/promises';
import { WavDecodeError } from '../audio/wav-decode.ts';
import { decodeAudioFile } from '../audio/decode.ts';
import { resample } from '../audio/resample.ts';
import { readDatasetCsv } from './csv.ts';
import { resolveClipPath, clipPathCandidates } from './clip-path.ts';
import { checkClipContent, type ClipCheckOptions } from './clip-checks.ts';
import type { Clip, ClipRow, SkippedClip } from './types.ts';

/** Options of `loadDataset`. */
export interface LoadDatasetOptions extends ClipCheckOptions {
  /** Rate the clips are resampled to, in Hz (the feature spec's rate, normally 16000). */
  sampleRateHz: number;
  /** Called after each row (loaded or skipped) with the count done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** What `loadDataset` returns: every CSV row ends up in exactly one of the two lists. */
export interface LoadedDataset {
  rows: ClipRow[];
  clips: Clip[];
  skipped: SkippedClip[];
}

/**
 * Loads every row of `csvPath` from `audioDir`. CSV errors throw (the whole set is unusable); a bad clip
 * (missing, empty, truncated, undecodable, unsupported format, NaN, silent, too long) is skipped with its reason.
 */
export async function loadDataset(csvPath: string, audioDir: string, options: LoadDatasetOptions): Promise<LoadedDataset> {
  if (!Number.isInteger(options.sampleRateHz) || options.sampleRateHz < 1000 || options.sampleRateHz > 384000) {
    throw new RangeError(`loadDataset: sampleRateHz must be an integer 1000..384000, got ${options.sampleRateHz}`);
  }
  const rows = await readDatasetCsv(csvPath);
  const clips: Clip[] = [];
  const skipped: SkippedClip[] = [];
  for (const [i, row] of rows.entries()) {
    const result = await loadRow(row, audioDir, options);
    if ('reason' in result) skipped.push(result);
    else clips.push(result);
    options.onProgress?.(i + 1, rows.length);
  }
  return { rows, clips, skipped };
}

async function loadRow(row: ClipRow, audioDir: string, options: LoadDatasetOptions): Promise<Clip | SkippedClip> {
  const path = await resolveClipPath(audioDir, row);
  if (path === null) return { path: clipPathCandidates(audioDir, row)[0], line: row.line, reason: 'missing file' };
  try {
    const wav = await decodeAudioFile(await readFile(path), path);
    // Checked at the file's own rate: resampling would smear a NaN over its neighbours and hide the count.
    const problem = checkClipContent(wav.samples, wav.sampleRateHz, options);
    if (problem !== null) return { path, line: row.line, reason: problem };
    const samples = await resample(wav.samples, wav.sampleRateHz, options.sampleRateHz);
    return { row, path, samples, sampleRateHz: options.sampleRateHz, sourceRateHz: wav.sampleRateHz };
  } catch (e) {
    if (e instanceof WavDecodeError) return { path, line: row.line, reason: e.reason };
    throw e;
  }
}
