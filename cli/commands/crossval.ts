// `gunshot-edge crossval`: holds out groups of folds (e.g. whole Debian packages) one at a time, trains the
// recipe on the rest and pools the held-out decisions (trainer/crossval.ts).
import * as path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { DEFAULT_TRAIN, MODEL_KINDS, modelFamily } from '../../trainer/config.ts';
import { crossValidate, formatCrossVal, type NamedSource } from '../../trainer/crossval.ts';
import { collect, int, parseDatasetArg, parseModelKind } from './train.ts';

interface CrossValOpts {
  corpus: string[];
  source: string[];
  holdOut: string[];
  data: string[];
  backgrounds?: string;
  epochs?: string;
  examplesPerEpoch?: string;
  valNoisyCopies?: string;
  seed?: string;
  model?: string;
  timeBudget?: string;
  out: string;
  json?: boolean;
}

/** '3,4,14' → [3, 4, 14]; names the option and the bad entry otherwise. */
export function parseFoldGroup(v: string): number[] {
  const folds = v.split(',').map((s) => s.trim());
  for (const f of folds) if (!/^\d+$/.test(f)) throw new RangeError(`--hold-out takes comma-separated fold numbers, got '${v}' ('${f}' is not one)`);
  return folds.map(Number);
}

/** 'us8k=a.csv:audio/a+b.csv' → a named source of one or more datasets; names the option otherwise. */
export function parseSource(v: string): NamedSource {
  const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(v);
  if (!m) throw new RangeError(`--source takes NAME=CSV[:AUDIO][+CSV[:AUDIO]…], got '${v}'`);
  return { name: m[1], data: m[2].split('+').map(parseDatasetArg) };
}

export function register(program: Command): void {
  program
    .command('crossval')
    .description('cross-validate the training recipe over groups of folds (whole Debian packages, UrbanSound8K folds) or whole sources (leave-one-source-out): each held out once, decisions pooled')
    .option('--corpus <csv[:audio]>', 'a corpus whose folds are held out (e.g. the Debian starter corpus, UrbanSound8K); repeat to hold out the same folds of several corpora at once', collect, [])
    .option('--source <name=csv[:audio][+csv…]>', 'leave-one-source-out instead of --corpus: a source held out once and trained on otherwise; repeat for each (at least 2)', collect, [])
    .option('--hold-out <folds>', 'a group of folds held out together, e.g. 0,2; repeat for each group (at least 2)', collect, [])
    .option('--data <csv[:audio]>', 'extra training data in every fold, never held out (e.g. a synthetic corpus); repeatable', collect, [])
    .option('--backgrounds <dir>', 'background recordings <kind>/*.wav for augmentation and the disturbed copies (default: synthetic)')
    .option('--epochs <n>', `epochs per fold (default ${DEFAULT_TRAIN.epochs})`)
    .option('--examples-per-epoch <n>', `augmented examples per epoch (default ${DEFAULT_TRAIN.examplesPerEpoch})`)
    .option('--val-noisy-copies <n>', `noisy copies of each validation clip, 0..8 (default ${DEFAULT_TRAIN.valNoisyCopies}; fewer makes each epoch's validation cheaper)`)
    .option('--model <kind>', `model family: ${MODEL_KINDS.join(' | ')} (default window-mlp)`)
    .option('--seed <n>', `training seed (default ${DEFAULT_TRAIN.seed})`)
    .option('--time-budget <s>', 'stop each fold\'s training after this many seconds (default none)')
    .requiredOption('--out <dir>', 'output folder: fold-*/ (split, disturbed copies, model) and crossval.json')
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: CrossValOpts) => {
      const recipe = {
        ...DEFAULT_TRAIN,
        ...modelFamily(parseModelKind(opts.model)),
        backgroundsDir: opts.backgrounds ?? null,
        epochs: int('epochs', opts.epochs, 1, 1000) ?? DEFAULT_TRAIN.epochs,
        seed: int('seed', opts.seed, 0, 2 ** 31) ?? DEFAULT_TRAIN.seed,
        examplesPerEpoch: int('examples-per-epoch', opts.examplesPerEpoch, 64, 1_000_000) ?? DEFAULT_TRAIN.examplesPerEpoch,
        valNoisyCopies: int('val-noisy-copies', opts.valNoisyCopies, 0, 8) ?? DEFAULT_TRAIN.valNoisyCopies,
        timeBudgetS: int('time-budget', opts.timeBudget, 1, 10 ** 6) ?? DEFAULT_TRAIN.timeBudgetS,
      };
      if ((opts.corpus.length === 0) === (opts.source.length === 0)) throw new UserError('give either --corpus with --hold-out groups, or --source (at least 2)', { usage: true });
      const extra = opts.data.map(parseDatasetArg);
      const r = await crossValidate(opts.corpus.length > 0
        ? { corpora: opts.corpus.map(parseDatasetArg), groups: opts.holdOut.map(parseFoldGroup), extra, recipe }
        : { sources: opts.source.map(parseSource), extra, recipe }, opts.out);
      if (opts.json) console.log(JSON.stringify(r));
      else console.log(`${formatCrossVal(r)}\nwritten: ${path.join(opts.out, 'crossval.json')}`);
    });
}
