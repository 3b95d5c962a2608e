// `gunshot-edge data …`: dataset producers. Thin: parse options, call the library, print.
// Subcommands: synth (common/synth), disturb (common/disturb), split (common/data/split-csv.ts),
// debian (cli/commands/data-debian.ts), urbansound8k (cli/commands/data-urbansound8k.ts).
// Another module attaches its own subcommand through `dataCommand(program)` or by receiving the Command
// that `register` returns.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { synthCorpus } from '../../common/synth/corpus.ts';
import { disturbDataset, type NoiseFamily } from '../../common/disturb/disturb-set.ts';
import { formatSkipSummary } from '../../common/data/skip-summary.ts';
import { splitCsvByFolds } from '../../common/data/split-csv.ts';
import { registerDebianSubcommand } from './data-debian.ts';
import { registerUrbanSound8kSubcommand } from './data-urbansound8k.ts';

/** A progress bar on stderr; returns the onProgress callback and a stop function. */
function progressBar(label: string): { onProgress: (done: number, total: number) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { format: `${label} |{bar}| {value}/{total} {percentage}% eta {eta_formatted}`, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: (done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function number(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`${flag} must be a number, got '${v}'`);
    return n;
  };
}

function registerSynth(data: Command): void {
  data
    .command('synth')
    .description('write the synthetic corpus (train.csv, test.csv, audio/*.wav at 16 kHz 16-bit), deterministic by seed')
    .requiredOption('--out <dir>', 'output folder')
    .option('--clips <n>', 'number of clips', number('--clips'), 1200)
    .option('--positive-ratio <r>', 'share of gunshot clips', number('--positive-ratio'), 0.05)
    .option('--seed <s>', 'random seed', 'gunshot-edge')
    .option('--test-fraction <f>', 'share of recordings in test.csv (whole folds of 10)', number('--test-fraction'), 0.2)
    .option('--hard-negative-share <h>', 'share of negatives from hard-negative categories', number('--hard-negative-share'), 0.5)
    .action(async (o: { out: string; clips: number; positiveRatio: number; seed: string; testFraction: number; hardNegativeShare: number }) => {
      const t0 = performance.now();
      const bar = progressBar('synth');
      const r = await synthCorpus({
        outDir: resolve(o.out),
        clips: o.clips,
        positiveRatio: o.positiveRatio,
        seed: o.seed,
        testFraction: o.testFraction,
        hardNegativeShare: o.hardNegativeShare,
        onProgress: bar.onProgress,
      }).finally(bar.stop);
      console.log(`wrote ${r.trainRows} train + ${r.testRows} test clips (${r.positives} gunshots; test folds ${r.testFolds.join(',')}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      console.log(`  ${r.trainCsv}\n  ${r.testCsv}`);
    });
}

function registerDisturb(data: Command): void {
  data
    .command('disturb')
    .description('mix every clip with white noise and background recordings at several SNRs (see docs in common/disturb/mix.ts)')
    .requiredOption('--csv <file>', 'dataset CSV (challenge layout)')
    .requiredOption('--audio-dir <dir>', 'folder of its clips')
    .requiredOption('--out <dir>', 'output folder: disturbed.csv and audio/')
    .option('--seed <s>', 'random seed', 'disturb')
    .option('--snrs <list>', 'SNRs in dB, comma-separated', '20,10,5,0')
    .option('--kinds <list>', 'noise families: white,background', 'white,background')
    .option('--per-snr <mode>', "'each-kind' = one copy per family per SNR; 'one' = one copy per SNR, family drawn", 'each-kind')
    .option('--backgrounds <src>', "'synthetic' or a folder of <kind>/*.wav", 'synthetic')
    .action(async (o: { csv: string; audioDir: string; out: string; seed: string; snrs: string; kinds: string; perSnr: string; backgrounds: string }) => {
      const snrsDb = o.snrs.split(',').map((s) => number('--snrs')(s));
      const kinds = o.kinds.split(',').map((s) => s.trim()) as NoiseFamily[];
      if (o.perSnr !== 'each-kind' && o.perSnr !== 'one') throw new Error(`--per-snr must be 'each-kind' or 'one', got '${o.perSnr}'`);
      const t0 = performance.now();
      const bar = progressBar('disturb');
      const r = await disturbDataset({
        csvPath: resolve(o.csv),
        audioDir: resolve(o.audioDir),
        outDir: resolve(o.out),
        seed: o.seed,
        snrsDb,
        kinds,
        perSnr: o.perSnr,
        backgrounds: o.backgrounds === 'synthetic' ? 'synthetic' : resolve(o.backgrounds),
        onProgress: bar.onProgress,
      }).finally(bar.stop);
      console.log(`wrote ${r.rows} disturbed clips from ${r.sourceClips} sources in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${r.csvPath}`);
      if (r.backgroundKinds.length > 0) console.log(`  background kinds: ${r.backgroundKinds.join(', ')}`);
      const summary = formatSkipSummary(r.skipped);
      if (summary) console.error(summary);
    });
}

/** The `data` command (created on first call), so other modules can attach subcommands to it. */
export function dataCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'data') ?? program.command('data').description('build datasets: synthetic corpus, disturbed sets, Debian starter corpus, UrbanSound8K import');
}

function registerSplit(data: Command): void {
  data
    .command('split')
    .description('write train.csv and test.csv of a dataset by fold (hold out whole folds, e.g. whole Debian packages); audio is not copied')
    .requiredOption('--csv <file>', 'dataset CSV')
    .requiredOption('--test-folds <list>', 'comma-separated folds that go to test.csv')
    .requiredOption('--out <dir>', 'output folder for train.csv and test.csv')
    .action(async (o: { csv: string; testFolds: string; out: string }) => {
      const folds = o.testFolds.split(',').map((f) => number('--test-folds')(f));
      const r = await splitCsvByFolds(o.csv, folds, o.out);
      process.stdout.write(`train: ${r.train.rows} rows (${r.train.positives} gunshots) → ${r.trainCsv}\n` +
        `test: ${r.test.rows} rows (${r.test.positives} gunshots) → ${r.testCsv}\n`);
    });
}

export function register(program: Command): Command {
  const data = dataCommand(program);
  registerSynth(data);
  registerDisturb(data);
  registerSplit(data);
  registerDebianSubcommand(data);
  registerUrbanSound8kSubcommand(data);
  return data;
}
