// Dataset CSV in the challenge's layout: `slice_file_name,ID,fold,Label` (+ any extra columns, kept).
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { ClipRow } from './types.ts';

/** The columns every dataset CSV must have, in the challenge's spelling. */
export const REQUIRED_COLUMNS = ['slice_file_name', 'ID', 'fold', 'Label'] as const;

/** Thrown for a malformed dataset CSV; the message names the file, the line and what was expected. */
export class DatasetCsvError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'DatasetCsvError';
  }
}

/** The column named `name`, else the one column naming it in another case (`label`, `Fold`); -1 when absent. */
function findColumn(header: string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  const folded = header.flatMap((h, i) => (h.toLowerCase() === name.toLowerCase() ? [i] : []));
  return folded.length === 1 ? folded[0] : -1;
}

function isPandasIndexColumn(name: string): boolean {
  return name === '' || /^Unnamed: 0$/.test(name);
}

/** Reads and checks a dataset CSV from disk. */
export async function readDatasetCsv(csvPath: string): Promise<ClipRow[]> {
  return parseDatasetCsv(await readFile(csvPath, 'utf8'), csvPath);
}

/**
 * Parses dataset CSV text. `sourceName` is used in errors only. Label is True/False in any case (also
 * 1/0, as some exports write); fold an integer ≥ 0; slice_file_name and ID non-empty. Lines are 1-based
 * with the header on line 1. Read as exports come: a column name in another case (`label`) is accepted when
 * it is the only one, and pandas' unnamed leading index column is dropped.
 */
export function parseDatasetCsv(text: string, sourceName: string): ClipRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse wraps each record as { record, info }; its typings do not model that.
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new DatasetCsvError(sourceName, err.lines ?? 0, `CSV syntax error: ${err.message}`);
  }
  if (records.length === 0) throw new DatasetCsvError(sourceName, 1, `empty file; expected a header ${REQUIRED_COLUMNS.join(',')}`);
  const header = records[0].record;
  const index = new Map<string, number>();
  for (const col of REQUIRED_COLUMNS) {
    const i = findColumn(header, col);
    if (i < 0) {
      throw new DatasetCsvError(sourceName, records[0].info.lines, `missing column '${col}'; expected columns ${REQUIRED_COLUMNS.join(',')} (found ${header.join(',')})`);
    }
    index.set(col, i);
  }
  // A DataFrame saved by pandas with its index starts with an unnamed column ('' or 'Unnamed: 0'): not data.
  const first = isPandasIndexColumn(header[0] ?? '') ? 1 : 0;
  const used = new Set(index.values());
  const extraCols = header.map((h, i) => [h, i] as const).filter(([, i]) => i >= first && !used.has(i));
  const rows: ClipRow[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const get = (c: string) => record[index.get(c)!] ?? '';
    const sliceFileName = get('slice_file_name');
    const id = get('ID');
    if (sliceFileName === '') throw new DatasetCsvError(sourceName, line, 'empty slice_file_name; expected a file name');
    if (id === '') throw new DatasetCsvError(sourceName, line, 'empty ID; expected a recording id');
    const foldText = get('fold');
    if (!/^\d+$/.test(foldText)) throw new DatasetCsvError(sourceName, line, `fold '${foldText}' is not an integer ≥ 0`);
    const labelText = get('Label').toLowerCase();
    let label: boolean;
    if (labelText === 'true' || labelText === '1') label = true;
    else if (labelText === 'false' || labelText === '0') label = false;
    else throw new DatasetCsvError(sourceName, line, `Label '${get('Label')}' is not True or False`);
    const extra: Record<string, string> = {};
    for (const [name, i] of extraCols) extra[name] = record[i] ?? '';
    rows.push({ sliceFileName, id, fold: Number(foldText), label, line, extra });
  }
  return rows;
}
