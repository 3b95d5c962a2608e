// An UrbanSound8K download → a dataset CSV in the challenge's binary layout (gun_shot = True, every other
// class False). The audio is referenced in place, never copied: the CSV names each slice as it exists on
// disk under AUDIO/fold<N>/, which is the layout the dataset loader already reads, so training uses
// `--data OUT/urbansound8k.csv:AUDIO`.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, parse as parsePath } from 'node:path';
import { parse } from 'csv-parse/sync';
import { AUDIO_EXTENSIONS } from '../audio/decode.ts';
import { DatasetCsvError } from './csv.ts';
import { writeDatasetCsv, type CsvRowOut } from './csv-write.ts';
import type { SkippedClip } from './types.ts';

/** The columns of UrbanSound8K's `metadata/UrbanSound8K.csv` this importer reads. */
export const US8K_METADATA_COLUMNS = ['slice_file_name', 'fsID', 'fold', 'classID', 'class'] as const;

/** UrbanSound8K's classID of `gun_shot`. */
export const US8K_GUN_SHOT_CLASS_ID = 6;

/** Name of the CSV the importer writes in its output folder. */
export const US8K_CSV_NAME = 'urbansound8k.csv';

/** One row of the UrbanSound8K metadata. */
export interface Us8kSlice {
  /** File name as the metadata gives it (`<fsID>-<classID>-<occurrence>-<slice>.wav`). */
  sliceFileName: string;
  /** Freesound id of the source recording. */
  fsId: string;
  /** Fold, 1..10 in the original. */
  fold: number;
  /** 0..9; 6 = gun_shot. */
  classId: number;
  /** Class name (`gun_shot`, `dog_bark`, …). */
  className: string;
  /** 1-based line in the metadata CSV (header = line 1). */
  line: number;
}

/**
 * Parses UrbanSound8K metadata text (`slice_file_name,fsID,start,end,salience,fold,classID,class`; the
 * columns in US8K_METADATA_COLUMNS are required, others ignored). `sourceName` is used in errors only.
 */
export function parseUs8kMetadata(text: string, sourceName: string): Us8kSlice[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse wraps each record as { record, info }; its typings do not model that.
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new DatasetCsvError(sourceName, err.lines ?? 0, `CSV syntax error: ${err.message}`);
  }
  const expected = `expected UrbanSound8K metadata columns ${US8K_METADATA_COLUMNS.join(',')}`;
  if (records.length === 0) throw new DatasetCsvError(sourceName, 1, `empty file; ${expected}`);
  const header = records[0].record;
  const index = new Map(header.map((h, i) => [h, i]));
  for (const col of US8K_METADATA_COLUMNS) {
    if (!index.has(col)) throw new DatasetCsvError(sourceName, 1, `missing column '${col}'; ${expected} (found ${header.join(',')})`);
  }
  const slices: Us8kSlice[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const get = (c: string) => record[index.get(c)!] ?? '';
    const sliceFileName = get('slice_file_name');
    const fsId = get('fsID');
    const foldText = get('fold');
    const classIdText = get('classID');
    const className = get('class');
    if (sliceFileName === '') throw new DatasetCsvError(sourceName, line, 'empty slice_file_name; expected a file name');
    if (fsId === '') throw new DatasetCsvError(sourceName, line, 'empty fsID; expected a Freesound id');
    if (!/^\d+$/.test(foldText) || Number(foldText) < 1) throw new DatasetCsvError(sourceName, line, `fold '${foldText}' is not an integer ≥ 1`);
    if (!/^\d$/.test(classIdText)) throw new DatasetCsvError(sourceName, line, `classID '${classIdText}' is not an integer 0..9`);
    const classId = Number(classIdText);
    // A swapped or shifted column would silently mislabel every slice; the two label columns must agree.
    if ((classId === US8K_GUN_SHOT_CLASS_ID) !== (className === 'gun_shot')) {
      throw new DatasetCsvError(sourceName, line, `classID ${classId} and class '${className}' disagree (gun_shot is classID ${US8K_GUN_SHOT_CLASS_ID})`);
    }
    const earlier = seen.get(sliceFileName);
    if (earlier !== undefined) throw new DatasetCsvError(sourceName, line, `slice '${sliceFileName}' is listed twice (also line ${earlier})`);
    seen.set(sliceFileName, line);
    slices.push({ sliceFileName, fsId, fold: Number(foldText), classId, className, line });
  }
  if (slices.length === 0) throw new DatasetCsvError(sourceName, 1, `no slices; ${expected} and one row per slice`);
  return slices;
}

/** A fold folder's audio files by stem: stem → (lower-case extension → file name as on disk). */
type FoldIndex = Map<string, Map<string, string>>;

async function indexFoldDir(dir: string): Promise<FoldIndex | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
  const supported = new Set<string>(AUDIO_EXTENSIONS);
  const index: FoldIndex = new Map();
  for (const name of names) {
    const ext = extname(name).toLowerCase();
    if (!supported.has(ext)) continue;
    const stem = name.slice(0, name.length - ext.length);
    if (!index.has(stem)) index.set(stem, new Map());
    index.get(stem)!.set(ext, name);
  }
  return index;
}

/**
 * The file on disk for a metadata name: the name itself when it exists, otherwise the same stem in the
 * first supported format (AUDIO_EXTENSIONS order), so a copy converted to FLAC/Ogg/MP3 still matches.
 */
function findByStem(index: FoldIndex, metadataName: string): string | null {
  const { name: stem, ext } = parsePath(metadataName);
  const files = index.get(stem);
  if (!files) return null;
  for (const e of [ext.toLowerCase(), ...AUDIO_EXTENSIONS]) {
    const hit = files.get(e);
    if (hit !== undefined) return hit;
  }
  return null;
}

/** Options of importUrbanSound8k. */
export interface Us8kImportOptions {
  /**
   * The UrbanSound8K folder: holds `metadata/UrbanSound8K.csv` and `audio/fold1..10/`. A folder that holds
   * `fold<N>/` directly (the audio folder itself) is accepted too.
   */
  root: string;
  /** Output folder; the CSV is written to `outDir/urbansound8k.csv`. */
  outDir: string;
  /** Metadata CSV; defaults to `root/metadata/UrbanSound8K.csv`. */
  metadataPath?: string;
  /** Folds to keep (each must occur in the metadata); defaults to every fold of the metadata. */
  folds?: number[];
}

/** Clips and gunshots written for one fold. */
export interface Us8kFoldCount {
  fold: number;
  clips: number;
  gunshots: number;
}

/** What importUrbanSound8k wrote. */
export interface Us8kImportResult {
  csvPath: string;
  /** The folder the CSV's slices are relative to (as `fold<N>/<file>`): pass it as `--data CSV:AUDIO`. */
  audioDir: string;
  metadataPath: string;
  rows: number;
  gunshots: number;
  perFold: Us8kFoldCount[];
  /** Files written per extension (`.flac` → 1024). */
  formats: Record<string, number>;
  /** Slices of the selected folds that the metadata lists but the disk does not hold. */
  skipped: SkippedClip[];
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** ROOT/audio when it is there, else ROOT itself when it holds fold<N>/ folders. */
async function findAudioDir(root: string): Promise<string> {
  if (!(await isDirectory(root))) {
    throw new Error(`UrbanSound8K root ${root} is not a folder; expected the download folder holding metadata/UrbanSound8K.csv and audio/fold1..10/`);
  }
  const audio = join(root, 'audio');
  if (await isDirectory(audio)) return audio;
  const entries = await readdir(root, { withFileTypes: true });
  if (entries.some((e) => e.isDirectory() && /^fold\d+$/.test(e.name))) return root;
  throw new Error(`UrbanSound8K root ${root} has no audio/ folder; expected ${join(root, 'audio')}/fold1..10/ (or fold<N>/ folders in the root itself)`);
}

/**
 * Reads the metadata, finds every slice of the selected folds on disk by its stem, and writes
 * `outDir/urbansound8k.csv` (`slice_file_name,ID,fold,Label,category`; ID = fsID, Label = gun_shot,
 * category = US8K class, rows in metadata order). Slices not on disk are skipped and returned. Throws
 * for a missing root or metadata, malformed metadata (DatasetCsvError), folds absent from the metadata,
 * or when no slice at all is on disk (a wrong root, not a partial download).
 */
export async function importUrbanSound8k(options: Us8kImportOptions): Promise<Us8kImportResult> {
  const audioDir = await findAudioDir(options.root);
  const metadataPath = options.metadataPath ?? join(options.root, 'metadata', 'UrbanSound8K.csv');
  let text: string;
  try {
    text = await readFile(metadataPath, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : `unreadable (${(e as Error).message})`;
    throw new Error(`UrbanSound8K metadata ${metadataPath} ${why}; expected UrbanSound8K's metadata CSV (pass --metadata FILE if it is elsewhere)`);
  }
  const all = parseUs8kMetadata(text, metadataPath);
  const present = [...new Set(all.map((s) => s.fold))].sort((a, b) => a - b);
  const folds = options.folds ?? present;
  const absent = folds.filter((f) => !present.includes(f));
  if (absent.length > 0) throw new RangeError(`selected fold${absent.length === 1 ? '' : 's'} ${absent.join(',')} not in ${metadataPath} (folds there: ${present.join(',')})`);
  const selected = all.filter((s) => folds.includes(s.fold));

  const indexes = new Map<number, FoldIndex | null>();
  for (const f of folds) indexes.set(f, await indexFoldDir(join(audioDir, `fold${f}`)));
  const rows: CsvRowOut[] = [];
  const skipped: SkippedClip[] = [];
  const formats: Record<string, number> = {};
  const counts = new Map<number, Us8kFoldCount>(folds.map((f) => [f, { fold: f, clips: 0, gunshots: 0 }]));
  for (const s of selected) {
    const index = indexes.get(s.fold)!;
    const expectedPath = join(audioDir, `fold${s.fold}`, s.sliceFileName);
    const file = index && findByStem(index, s.sliceFileName);
    if (!file) {
      const stem = parsePath(s.sliceFileName).name;
      const reason = index ? `not on disk: no ${stem}.{${AUDIO_EXTENSIONS.map((e) => e.slice(1)).join(',')}} in fold${s.fold}/` : `not on disk: no folder fold${s.fold}/`;
      skipped.push({ path: expectedPath, line: s.line, reason });
      continue;
    }
    const label = s.classId === US8K_GUN_SHOT_CLASS_ID;
    rows.push({ sliceFileName: file, id: s.fsId, fold: s.fold, label, extra: { category: s.className } });
    const ext = extname(file).toLowerCase();
    formats[ext] = (formats[ext] ?? 0) + 1;
    const c = counts.get(s.fold)!;
    c.clips++;
    if (label) c.gunshots++;
  }
  if (rows.length === 0) {
    const first = selected[0];
    throw new Error(`none of the ${selected.length} slices of ${metadataPath} is under ${audioDir}; expected e.g. ${join(audioDir, `fold${first.fold}`, first.sliceFileName)} (or the same stem as ${AUDIO_EXTENSIONS.join('/')})`);
  }
  const csvPath = join(options.outDir, US8K_CSV_NAME);
  await writeDatasetCsv(csvPath, rows, ['category']);
  return {
    csvPath,
    audioDir,
    metadataPath,
    rows: rows.length,
    gunshots: rows.filter((r) => r.label).length,
    perFold: [...counts.values()].sort((a, b) => a.fold - b.fold),
    formats,
    skipped,
  };
}

/** The importer's summary: per-fold clips and gunshots, totals, formats and the `--data` spec to train with. */
export function formatUs8kSummary(r: Us8kImportResult): string {
  const lines = [`wrote ${r.rows} clips (${r.gunshots} gunshots) → ${r.csvPath}`, '  fold  clips  gunshots'];
  for (const f of r.perFold) lines.push(`  ${String(f.fold).padStart(4)}  ${String(f.clips).padStart(5)}  ${String(f.gunshots).padStart(8)}`);
  lines.push(`  audio in place (${Object.entries(r.formats).map(([e, n]) => `${n} ${e}`).join(', ')}) under ${r.audioDir}`);
  lines.push(`  train with: --data ${r.csvPath}:${r.audioDir}`);
  return lines.join('\n');
}
