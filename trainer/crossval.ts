// Cross-validation over groups of folds (e.g. whole Debian packages, UrbanSound8K's folds) or over whole
// sources (leave-one-source-out: UrbanSound8K, the forest recorders, the Kaggle weapons, the Debian
// packages): each group is held out once, a model is trained on the rest, and its held-out clips are decided
// by it alone. Pooling those decisions scores
// the recipe on every positive of the corpus instead of one small test set — the measure of how well it
// generalises to recordings from sources it never heard (docs/METHOD.md, "Across packages").
import fs from 'node:fs';
import path from 'node:path';
import { writeCrossValReport } from '../common/report/crossval-report.ts';
import { splitCsvByFolds } from '../common/data/split-csv.ts';
import { disturbDataset } from '../common/disturb/index.ts';
import type { Confusion } from '../common/scoring/confusion.ts';
import { evalSummary, type EvalSummary } from '../common/scoring/evaluate.ts';
import { challengeScore, everyClipFigures, metrics, type BinaryMetrics, type ChallengeFigures } from '../common/scoring/metrics.ts';
import type { DatasetRef, TrainConfig } from './config.ts';
import { train } from './train.ts';

/** A source: one or more datasets held out together in leave-one-source-out. */
export interface NamedSource {
  name: string;
  data: DatasetRef[];
}

export interface CrossValConfig {
  /**
   * Fold mode: the corpora whose folds are held out (challenge layout; the `fold` column names the groups'
   * folds), and the groups of folds, each held out once, e.g. [[1], [3, 4], [0, 2]]; at least 2, no fold in
   * two groups. With several corpora a group holds out those folds of every corpus at once (each corpus
   * split on its own, so each stays a source of its own in training), and every corpus must have them.
   */
  corpora?: DatasetRef[];
  groups?: number[][];
  /** Source mode (instead of corpora + groups): each source held out once, the others trained on; at least 2. */
  sources?: NamedSource[];
  /** Training data added to every fold's training set and never held out (e.g. a synthetic corpus). */
  extra: DatasetRef[];
  /** The recipe: every training setting; name, train, test and disturbed are set per fold. */
  recipe: Omit<TrainConfig, 'name' | 'train' | 'test' | 'disturbed'>;
  /** Seed of the held-out clips' disturbed copies (white noise and the recipe's backgrounds). Default 'crossval'. */
  disturbSeed?: string;
}

export interface FoldResult {
  /** What was held out: the folds, or the source's name. */
  name: string;
  /** Held-out clips and gunshots. */
  clips: number;
  positives: number;
  /** The fold model's challenge summary on its held-out clips and their disturbed copies. */
  test: EvalSummary;
  clean: Confusion;
  disturbed: Confusion;
  /** The same held-out clips with every one called a gunshot (everyClipFigures): the fold's floor. */
  everyClip: ChallengeFigures;
  validationScore: number;
  modelDir: string;
}

export interface CrossValResult {
  folds: FoldResult[];
  /** Every held-out clip decided by its fold's model, tallied together. */
  pooled: {
    clean: BinaryMetrics & Confusion; disturbed: BinaryMetrics & Confusion; robustness: number; score: number;
    /**
     * The same held-out clips with every one called a gunshot: the floor a recipe has to beat. With many
     * gunshots held out (the forest set is 60 % gunshots, the Kaggle set 100 %) it is high, so a pooled score
     * means something only beside it.
     */
    everyClip: ChallengeFigures;
  };
}

/** Throws unless `groups` are ≥ 2 non-empty groups of integer folds with no fold in two groups. */
export function checkGroups(groups: number[][]): void {
  if (groups.length < 2) throw new RangeError(`cross-validation needs at least 2 groups of folds, got ${groups.length}`);
  const seen = new Set<number>();
  for (const g of groups) {
    if (g.length === 0) throw new RangeError('a group of folds is empty');
    for (const f of g) {
      if (!Number.isInteger(f)) throw new RangeError(`folds must be integers, got ${f}`);
      if (seen.has(f)) throw new RangeError(`fold ${f} is in two groups`);
      seen.add(f);
    }
  }
}

const add = (a: Confusion, b: Confusion): Confusion => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, tn: a.tn + b.tn, fn: a.fn + b.fn });

/**
 * Runs the cross-validation into `outDir/fold-<folds>/` (split/, or split-<i>/ per corpus with several;
 * disturbed-<i>/ per held-out dataset; model/) and writes `outDir/crossval.json`. Folds of the corpora in no
 * group are trained on in every fold. Every fold's split is written before the first model trains, so a
 * fold missing from a corpus stops the run at once, not hours into it.
 */
export async function crossValidate(cfg: CrossValConfig, outDir: string, log: (m: string) => void = (m) => process.stderr.write(m + '\n')): Promise<CrossValResult> {
  interface Plan { name: string; dir: string; train: DatasetRef[]; test: DatasetRef[] }
  const plans: Plan[] = [];
  if (cfg.sources) {
    if (cfg.corpora || cfg.groups) throw new RangeError('cross-validation holds out either folds of corpora or whole sources, not both');
    if (cfg.sources.length < 2) throw new RangeError(`leave-one-source-out needs at least 2 sources, got ${cfg.sources.length}`);
    const names = new Set(cfg.sources.map((s) => s.name));
    if (names.size !== cfg.sources.length) throw new RangeError('source names must be distinct');
    for (const src of cfg.sources) {
      plans.push({
        name: src.name, dir: path.join(outDir, `source-${src.name}`), test: src.data,
        train: [...cfg.extra, ...cfg.sources.filter((o) => o !== src).flatMap((o) => o.data)],
      });
    }
  } else {
    if (!cfg.corpora?.length || !cfg.groups) throw new RangeError('cross-validation needs corpora and groups of folds, or sources');
    checkGroups(cfg.groups);
    const corpora = cfg.corpora;
    for (const folds of cfg.groups) {
      const dir = path.join(outDir, `fold-${folds.join('-')}`);
      const test: DatasetRef[] = [], train: DatasetRef[] = [...cfg.extra];
      for (const [i, corpus] of corpora.entries()) {
        // A recording in two folds (UrbanSound8K has two) leaves the training side: the folds stay the dataset's.
        const split = await splitCsvByFolds(corpus.csv, folds, path.join(dir, corpora.length === 1 ? 'split' : `split-${i}`), true);
        if (split.droppedFromTrain > 0) log(`  ${corpus.csv}: ${split.droppedFromTrain} training rows left out: their recordings are also in fold(s) ${folds.join(',')}`);
        test.push({ csv: split.testCsv, audioDir: corpus.audioDir });
        train.push({ csv: split.trainCsv, audioDir: corpus.audioDir });
      }
      plans.push({ name: folds.join(','), dir, test, train });
    }
  }
  const results: FoldResult[] = [];
  for (const [k, plan] of plans.entries()) {
    log(`cross-validation ${k + 1}/${plans.length}: holding out ${plan.name} (${plan.test.map((t) => t.csv).join(', ')})`);
    const disturbed: DatasetRef[] = [];
    for (const [i, t] of plan.test.entries()) {
      const d = await disturbDataset({
        csvPath: t.csv, audioDir: t.audioDir, outDir: path.join(plan.dir, `disturbed-${i}`),
        seed: cfg.disturbSeed ?? 'crossval', backgrounds: cfg.recipe.backgroundsDir ?? 'synthetic', perSnr: 'one',
      });
      disturbed.push({ csv: d.csvPath, audioDir: path.join(plan.dir, `disturbed-${i}`, 'audio') });
    }
    const modelDir = path.join(plan.dir, 'model');
    const r = await train({
      ...cfg.recipe, name: `crossval-${plan.name}`, train: plan.train, test: plan.test, disturbed,
    }, modelDir, log);
    if (!r.test || !r.test.disturbed) throw new Error(`${plan.name}: training returned no test result`);
    const clean = r.test.clean.confusion;
    results.push({
      name: plan.name, clips: clean.tp + clean.fp + clean.tn + clean.fn, positives: clean.tp + clean.fn, test: evalSummary(r.test),
      clean, disturbed: r.test.disturbed.confusion, everyClip: everyClipFigures(clean, r.test.disturbed.confusion),
      validationScore: (r.meta.metrics?.validation as { score: number }).score, modelDir,
    });
    log(formatCrossVal(pool(results)));
  }
  const result = pool(results);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'crossval.json'), JSON.stringify({ config: cfg, ...result }, null, 2) + '\n');
  await writeCrossValReport(path.join(outDir, 'crossval.html'), { title: cfg.sources ? 'gunshot-edge: leave-one-source-out' : 'gunshot-edge: cross-validation over folds', ...result });
  return result;
}

/** The folds' results with every held-out decision tallied together. */
function pool(results: FoldResult[]): CrossValResult {
  const zero: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const clean = results.map((f) => f.clean).reduce(add, zero);
  const dist = results.map((f) => f.disturbed).reduce(add, zero);
  const mc = metrics(clean), md = metrics(dist);
  return {
    folds: results,
    pooled: {
      clean: { ...clean, ...mc }, disturbed: { ...dist, ...md }, robustness: md.f1, score: challengeScore(mc.f1, md.f1),
      everyClip: everyClipFigures(clean, dist),
    },
  };
}

/** The per-fold table and the pooled line, as text. */
export function formatCrossVal(r: CrossValResult): string {
  const f3 = (v: number) => v.toFixed(3);
  const w = Math.max(12, ...r.folds.map((f) => f.name.length));
  const rows = r.folds.map((f) => `${f.name.padEnd(w)} ${String(f.clips).padStart(6)} ${String(f.positives).padStart(5)}  `
    + `${f3(f.validationScore)}  ${f3(f.test.threshold)}  ${f3(f.test.f1)}  ${f3(f.test.robustness ?? 0)}  ${f3(f.test.score ?? 0)}  `
    + `${f.test.average_precision == null ? '  n/a' : f3(f.test.average_precision)}  ${f3(f.everyClip.score)}`);
  const p = r.pooled;
  return [
    `${'held out'.padEnd(w)}  clips  shots  val    thr    F1     rob    score  AP     every clip`,
    ...rows,
    `${'pooled'.padEnd(w)} ${String(p.clean.n).padStart(6)} ${String(p.clean.tp + p.clean.fn).padStart(5)}  -      -      ${f3(p.clean.f1)}  ${f3(p.robustness)}  ${f3(p.score)}  -      ${f3(p.everyClip.score)}`
      + `   (clean: ${p.clean.tp} found, ${p.clean.fp} false alarms, ${p.clean.fn} missed)`,
    `(every clip: the score if every held-out clip were called a gunshot, the floor to beat)`,
  ].join('\n');
}
