// `gunshot-edge data debian`: builds the real starter corpus from Debian packages (see docs/CORPUS.md).
import type { Command } from 'commander';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { loadManifest } from '../../common/corpus/manifest.ts';
import { buildDebianCorpus } from '../../common/corpus/build.ts';
import { formatReport } from '../../common/corpus/report.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** Attaches `debian` to the `data` command (helper A's `cli/commands/data.ts` calls this). */
export function registerDebianSubcommand(dataCommand: Command): void {
  dataCommand
    .command('debian')
    .description('build the real-sound starter corpus from Debian packages (apt-get download, never installed)')
    .requiredOption('--out <dir>', 'output folder: corpus.csv, audio/, backgrounds/<kind>/, report.json')
    .option('--packages <list>', 'comma-separated subset of the manifest packages')
    .option('--cache <dir>', 'extracted-package cache, reused by later runs', resolve(PROJECT_ROOT, '.cache/debian'))
    .option('--manifest <file>', 'reviewed manifest', resolve(PROJECT_ROOT, 'data/debian-manifest.json'))
    .action(async (o: { out: string; packages?: string; cache: string; manifest: string }) => {
      const manifest = await loadManifest(o.manifest);
      const bars = new cliProgress.SingleBar({ format: '{phase} |{bar}| {value}/{total} {item}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 10000 }, cliProgress.Presets.shades_classic);
      let phase = '';
      const report = await buildDebianCorpus({
        manifest,
        manifestSource: o.manifest,
        outDir: resolve(o.out),
        cacheDir: resolve(o.cache),
        packages: o.packages?.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
        progress: {
          start: (p, total) => {
            phase = p === 'download' ? 'download' : 'decode  ';
            bars.start(total, 0, { phase, item: '' });
          },
          tick: (item) => bars.increment({ phase, item }),
          stop: () => bars.stop(),
        },
      });
      console.log(formatReport(report));
    });
}
