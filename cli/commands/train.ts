// `gunshot-edge train`: trains a DS-CNN on datasets in the challenge layout; `--tiny` on the embedded default.
import * as path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TRAIN, IMBALANCE_METHODS, MODEL_KINDS, modelFamily, type DatasetRef, type ImbalanceMethod, type ModelKind, type TrainConfig } from '../../trainer/config.ts';
import { train } from '../../trainer/train.ts';
import { ensureDefaultData } from '../../trainer/default-data.ts';
import { evalSummary } from '../../common/scoring/evaluate.ts';
import { UserError } from '../errors.ts';

interface TrainOpts {
  data: string[];
  test: string[];
  disturbed: string[];
  backgrounds?: string;
  out?: string;
  name?: string;
  epochs?: string;
  examplesPerEpoch?: string;
  channels?: string;
  model?: string;
  seed?: string;
  timeBudget?: string;
  tiny?: boolean;
  imbalance?: string;
  replicas?: string;
  augmentWorkers?: string;
}

/** `CSV` or `CSV:AUDIO_DIR`; the audio folder defaults to `audio/` beside the CSV. */
export function parseDatasetArg(arg: string): DatasetRef {
  const i = arg.indexOf(':');
  const csv = i < 0 ? arg : arg.slice(0, i);
  const audioDir = i < 0 ? path.join(path.dirname(csv), 'audio') : arg.slice(i + 1);
  if (!csv.endsWith('.csv')) throw new TypeError(`dataset must be CSV[:AUDIO_DIR] with a .csv file, got '${arg}'`);
  return { csv, audioDir };
}

/** The integer option `--name` in lo..hi, or undefined when absent; a RangeError naming it otherwise. */
export function int(name: string, v: string | undefined, lo: number, hi: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new RangeError(`--${name} must be an integer ${lo}..${hi}, got '${v}'`);
  return n;
}

/** `--model`'s value, window-mlp when absent; a RangeError naming the option otherwise. */
export function parseModelKind(v: string | undefined): ModelKind {
  if (v === undefined) return 'window-mlp';
  if (!MODEL_KINDS.includes(v as ModelKind)) throw new RangeError(`--model must be one of ${MODEL_KINDS.join(', ')}, got '${v}'`);
  return v as ModelKind;
}

/** Commander reducer for repeatable options. */
export const collect = (v: string, acc: string[]) => [...acc, v];

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

export function register(program: Command): void {
  program
    .command('train')
    .description('train a gunshot detector on datasets in the challenge layout (--tiny: on the embedded default)')
    .option('--data <csv[:audio]>', 'training dataset; repeat for several (synthetic + Debian + UrbanSound8K …)', collect, [])
    .option('--test <csv[:audio]>', 'test dataset scored after training (never used for choices)', collect, [])
    .option('--disturbed <csv[:audio]>', 'disturbed test dataset (robustness)', collect, [])
    .option('--backgrounds <dir>', 'background recordings <kind>/*.wav for the validation set\'s noisy copies (default: synthetic)')
    .option('--out <dir>', 'output model folder (default runs/<timestamp>-<name>/)')
    .option('--name <name>', 'model name (default detector, or tiny with --tiny)')
    .option('--epochs <n>', `epochs (default ${DEFAULT_TRAIN.epochs})`)
    .option('--examples-per-epoch <n>', `augmented examples per epoch (default ${DEFAULT_TRAIN.examplesPerEpoch})`)
    .option('--model <kind>', `model family: ${MODEL_KINDS.join(' | ')} (default window-mlp: log-mel window statistics, a dense network; ds-cnn: MFCC windows, a depthwise-separable CNN)`)
    .option('--channels <n>', 'DS-CNN channels (default 32)')
    .option('--seed <n>', 'random seed (default 1)')
    .option('--time-budget <s>', 'stop the epoch loop after this many seconds (default none)')
    .option('--imbalance <method>', `class imbalance handling: ${IMBALANCE_METHODS.join(' | ')} (default ${DEFAULT_TRAIN.imbalance})`)
    .option('--replicas <n>', `data-parallel training threads, 1..16: each trains on a share of every batch (default ${DEFAULT_TRAIN.replicas}; 2 on a 2-core machine is ~1.6–1.8× faster)`)
    .option('--augment-workers <n>', `threads augmenting the next epoch while one trains, 0..64 (default ${DEFAULT_TRAIN.augmentWorkers}; 0 = inline; 2 or more share each epoch in chunks, whose random streams differ from 0 and 1)`)
    .option('--tiny', 'train on the embedded synthetic default (built on first use), small and fast (≤ 5 min)')
    .action(async (opts: TrainOpts) => {
      let trainSets = opts.data.map(parseDatasetArg);
      let testSets = opts.test.map(parseDatasetArg);
      let disturbedSets = opts.disturbed.map(parseDatasetArg);
      let name = opts.name ?? 'detector';
      const cfg: Partial<TrainConfig> = {};
      if (opts.tiny) {
        const d = await ensureDefaultData((m) => process.stderr.write(m + '\n'));
        if (trainSets.length === 0) trainSets = [d.train];
        if (testSets.length === 0) testSets = [d.test];
        if (disturbedSets.length === 0) disturbedSets = [d.disturbed];
        if (!opts.name) name = 'tiny';
        Object.assign(cfg, { epochs: 28, examplesPerEpoch: 2048, timeBudgetS: 210 });
      }
      if (trainSets.length === 0) throw new UserError('give at least one --data CSV[:AUDIO_DIR], or --tiny', { usage: true });
      const config: TrainConfig = {
        ...DEFAULT_TRAIN, ...cfg, name, train: trainSets, test: testSets, disturbed: disturbedSets,
        backgroundsDir: opts.backgrounds ?? null,
      };
      if (opts.imbalance !== undefined) {
        if (!IMBALANCE_METHODS.includes(opts.imbalance as ImbalanceMethod)) {
          throw new RangeError(`--imbalance must be one of ${IMBALANCE_METHODS.join(', ')}, got '${opts.imbalance}'`);
        }
        config.imbalance = opts.imbalance as ImbalanceMethod;
      }
      config.epochs = int('epochs', opts.epochs, 1, 1000) ?? config.epochs;
      config.examplesPerEpoch = int('examples-per-epoch', opts.examplesPerEpoch, 64, 1_000_000) ?? config.examplesPerEpoch;
      config.seed = int('seed', opts.seed, 0, 2 ** 31) ?? config.seed;
      config.timeBudgetS = int('time-budget', opts.timeBudget, 1, 10 ** 6) ?? config.timeBudgetS;
      config.augmentWorkers = int('augment-workers', opts.augmentWorkers, 0, 64) ?? config.augmentWorkers;
      config.replicas = int('replicas', opts.replicas, 1, 16) ?? config.replicas;
      Object.assign(config, modelFamily(parseModelKind(opts.model)));
      const channels = int('channels', opts.channels, 4, 128);
      if (channels) {
        if (config.architecture.kind !== 'ds-cnn') throw new RangeError(`--channels applies to --model ds-cnn, not ${config.architecture.kind}`);
        config.architecture = { ...config.architecture, channels };
      }
      const out = opts.out ?? path.join('runs', `${timestamp()}-${name}`);
      const t0 = Date.now();
      const r = await train(config, out);
      const s = r.test ? evalSummary(r.test) : null;
      process.stderr.write(`trained in ${((Date.now() - t0) / 1000).toFixed(0)} s on ${r.backend}; model in ${out}\n`);
      if (s) {
        process.stderr.write(`test: n=${s.n} accuracy=${s.accuracy.toFixed(4)} f1=${s.f1.toFixed(4)} ` +
          `robustness=${s.robustness?.toFixed(4) ?? 'n/a'} score=${s.score?.toFixed(4) ?? 'n/a'} threshold=${s.threshold.toFixed(4)}\n`);
        process.stderr.write(`report: ${path.join(out, 'report.html')}\n`);
      }
    });
}
