// `gunshot-edge data urbansound8k`: an UrbanSound8K download → the challenge's binary CSV
// (common/data/urbansound8k.ts). Thin: parse options, call the library, print.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatSkipSummary } from '../../common/data/skip-summary.ts';
import { formatUs8kSummary, importUrbanSound8k } from '../../common/data/urbansound8k.ts';

/** `--folds 1,2,3` → [1, 2, 3] (sorted, without repeats); UrbanSound8K's folds are 1..10. */
export function parseUs8kFolds(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const folds = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p)) || folds.some((f) => f < 1 || f > 10)) {
    throw new RangeError(`--folds must be comma-separated UrbanSound8K folds 1..10 (e.g. 1,2,3), got '${text}'`);
  }
  return [...new Set(folds)].sort((a, b) => a - b);
}

/** Attaches `urbansound8k` to the `data` command. */
export function registerUrbanSound8kSubcommand(dataCommand: Command): void {
  dataCommand
    .command('urbansound8k')
    .description('write the challenge\'s binary CSV (gun_shot = True) of an UrbanSound8K download; the audio stays where it is')
    .requiredOption('--root <dir>', 'UrbanSound8K folder: metadata/UrbanSound8K.csv and audio/fold1..10/ (or the audio folder itself)')
    .requiredOption('--out <dir>', 'output folder for urbansound8k.csv')
    .option('--folds <list>', 'comma-separated folds to keep (default: every fold in the metadata)')
    .option('--metadata <file>', 'metadata CSV (default: ROOT/metadata/UrbanSound8K.csv)')
    .action(async (o: { root: string; out: string; folds?: string; metadata?: string }) => {
      const r = await importUrbanSound8k({
        root: resolve(o.root),
        outDir: resolve(o.out),
        metadataPath: o.metadata === undefined ? undefined : resolve(o.metadata),
        folds: o.folds === undefined ? undefined : parseUs8kFolds(o.folds),
      });
      console.log(formatUs8kSummary(r));
      const summary = formatSkipSummary(r.skipped);
      if (summary) console.error(summary);
    });
}
