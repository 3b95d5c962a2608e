// Where a CSV row's audio lives: the challenge ships `AUDIO/<file>`, UrbanSound8K ships `AUDIO/fold<N>/<file>`.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClipRow } from './types.ts';

/** The candidate paths of a row's file, in the order they are tried. */
export function clipPathCandidates(audioDir: string, row: Pick<ClipRow, 'sliceFileName' | 'fold'>): string[] {
  return [join(audioDir, row.sliceFileName), join(audioDir, `fold${row.fold}`, row.sliceFileName)];
}

/** The first existing candidate path, or null when neither exists. */
export async function resolveClipPath(audioDir: string, row: Pick<ClipRow, 'sliceFileName' | 'fold'>): Promise<string | null> {
  for (const p of clipPathCandidates(audioDir, row)) {
    try {
      await access(p);
      return p;
    } catch {
      // try the next layout
    }
  }
  return null;
}
