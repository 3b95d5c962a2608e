// Writes rows back in the challenge's layout, for the corpora we generate (synth, disturb).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { REQUIRED_COLUMNS } from './csv.ts';

/** A row to write: the required fields plus extra columns. */
export interface CsvRowOut {
  sliceFileName: string;
  id: string;
  fold: number;
  label: boolean;
  extra?: Record<string, string | number | boolean>;
}

/** RFC 4180 quoting: only fields holding a comma, quote or line break are quoted. */
function field(v: string | number | boolean): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Formats rows as CSV text: required columns first (Label as True/False), then `extraColumns` in order. */
export function formatDatasetCsv(rows: CsvRowOut[], extraColumns: string[] = []): string {
  const lines = [[...REQUIRED_COLUMNS, ...extraColumns].map(field).join(',')];
  for (const r of rows) {
    const cells = [r.sliceFileName, r.id, r.fold, r.label ? 'True' : 'False', ...extraColumns.map((c) => r.extra?.[c] ?? '')];
    lines.push(cells.map(field).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Writes `formatDatasetCsv(rows, extraColumns)` to `path`, creating the folder. */
export async function writeDatasetCsv(path: string, rows: CsvRowOut[], extraColumns: string[] = []): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, formatDatasetCsv(rows, extraColumns));
}
