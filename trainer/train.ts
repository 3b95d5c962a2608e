import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import cliProgress from 'cli-progress';
import { loadDataset, formatSkipSummary } from '../common/data/index.ts';
import type { Clip } from '../common/data/types.ts';
import { MfccExtractor } from '../common/features/mfcc.ts';
import { makeRng } from '../common/synth/rng.ts';
import { mixAtSnr, whiteNoiseFor } from '../common/disturb/index.ts';
import { evaluateModel, evalSummary, type EvalResult } from '../common/scoring/evaluate.ts';
import { bestF1ThresholdAtShare } from '../common/scoring/pr-curve.ts';
import { challengeScore, metrics } from '../common/scoring/metrics.ts';
import { confusion, decide } from '../common/scoring/confusion.ts';
import { writeReport, type EpochRecord } from '../common/report/index.ts';
import { selectBackend } from './backend/index.ts';
import { checkAugmentConfig } from './augment/config.ts';
import { createEpochSource } from './epoch-source.ts';
import { loadBackgrounds } from './backgrounds.ts';
import { checkTrainConfig, type DatasetRef, type TrainConfig } from './config.ts';
import { isBackground, poolClips, splitTrainVal } from './examples.ts';
import { buildModel } from './model.ts';
import { inputRows, type ModelMeta } from './model-meta.ts';
import { floatPredictor, predictWindows } from './predict.ts';
import { chooseThreshold } from './threshold.ts';
import { fitNorm, normalisedWindows, padClipForWindows } from './windows.ts';
import { saveModelDir } from './io.ts';
import { lossFromSpec, type LossFn, type LossSpec } from './loss.ts';
import { adamOptimizer } from './optimizer-adam.ts';
import { createEpochTrainer } from './epoch-trainer.ts';

export interface TrainResult {
  outDir: string;
  meta: ModelMeta;
  test: EvalResult | null;
  history: EpochRecord[];
  backend: string;
  samplesPerS: number;
}

type Log = (msg: string) => void;

/**
 * Decoded datasets of this process, by CSV, audio folder and rate: cross-validation trains one model per
 * fold on mostly the same datasets, and decoding thousands of compressed clips costs minutes each time.
 */
const loadedSets = new Map<string, ReturnType<typeof loadDataset>>();

/** Loads and concatenates datasets; `sourceOf`, when given, records each clip's dataset (its CSV). */
async function loadAll(refs: DatasetRef[], rate: number, log: Log, sourceOf?: Map<Clip, string>): Promise<Clip[]> {
  const all: Clip[] = [];
  for (const ref of refs) {
    const key = JSON.stringify([path.resolve(ref.csv), path.resolve(ref.audioDir), rate, fs.existsSync(ref.csv) ? fs.statSync(ref.csv).mtimeMs : 0]);
    let loading = loadedSets.get(key);
    if (!loading) {
      loading = loadDataset(ref.csv, ref.audioDir, { sampleRateHz: rate });
      loadedSets.set(key, loading);
      loading.catch(() => loadedSets.delete(key));
    }
    const { clips, skipped } = await loading;
    log(`loaded ${clips.length} clips from ${ref.csv}` + (skipped.length ? `\n${formatSkipSummary(skipped)}` : ''));
    all.push(...clips);
    if (sourceOf) for (const c of clips) sourceOf.set(c, path.resolve(ref.csv));
  }
  return all;
}

/** Validation windows, precomputed once: clean clips plus deterministic noisy copies (white / background). */
interface ValSet { windows: Float32Array[]; owner: number[]; labels: boolean[]; noisy: boolean[] }

function buildValSet(val: Clip[], cfg: TrainConfig, meta: ModelMeta, backgrounds: Float32Array[], extractor: MfccExtractor): ValSet {
  const rng = makeRng(`${cfg.seed}:val`);
  const set: ValSet = { windows: [], owner: [], labels: [], noisy: [] };
  const snrs = [20, 10, 5, 0];
  const add = (samples: Float32Array, label: boolean, noisy: boolean) => {
    const padded = padClipForWindows(samples, meta.featureSpec, meta.window);
    const wins = normalisedWindows(extractor.computeFlat(padded), meta.norm, meta.window);
    const id = set.labels.length;
    for (const w of wins) { set.windows.push(w); set.owner.push(id); }
    set.labels.push(label);
    set.noisy.push(noisy);
  };
  for (const c of val) {
    add(c.samples, c.row.label, false);
    for (let k = 0; k < cfg.valNoisyCopies; k++) {
      const useBg = backgrounds.length > 0 && k % 2 === 1;
      let noise: Float32Array;
      if (useBg) {
        const bg = rng.pick(backgrounds);
        noise = new Float32Array(c.samples.length);
        const off = bg.length > noise.length ? rng.int(0, bg.length - noise.length) : 0;
        for (let i = 0; i < noise.length; i++) noise[i] = bg[(off + i) % bg.length];
      } else {
        noise = whiteNoiseFor(c.samples.length, rng);
      }
      add(mixAtSnr(c.samples, noise, snrs[(k + rng.int(0, 3)) % snrs.length]), c.row.label, true);
    }
  }
  return set;
}

function clipScores(model: tf.LayersModel, set: ValSet, meta: ModelMeta): number[] {
  const probs = predictWindows(model, set.windows, inputRows(meta.window), meta.featureSpec.nMfcc);
  const scores = new Array<number>(set.labels.length).fill(0);
  for (let i = 0; i < probs.length; i++) scores[set.owner[i]] = Math.max(scores[set.owner[i]], probs[i]);
  return scores;
}

/** Validation score as the challenge scores: harmonic mean of clean F1 and noisy F1 at one threshold. */
function valScore(set: ValSet, scores: number[], share: number): { score: number; f1: number; robustness: number; threshold: number } {
  const { threshold } = bestF1ThresholdAtShare(set.labels, scores, share);
  const part = (noisy: boolean) => {
    const idx = set.labels.map((_, i) => i).filter((i) => set.noisy[i] === noisy);
    return metrics(confusion(idx.map((i) => set.labels[i]), decide(idx.map((i) => scores[i]), threshold))).f1;
  };
  const f1 = part(false);
  const robustness = part(true);
  return { score: challengeScore(f1, robustness), f1, robustness, threshold };
}

/**
 * The epoch positive share and the loss for `cfg.imbalance`; `prior` is the positive share of the
 * training clips (the natural share the non-balanced methods keep).
 */
export function imbalanceSetup(cfg: Pick<TrainConfig, 'imbalance' | 'positiveShare'>, prior: number): { positiveShare: number; loss: LossFn | 'binaryCrossentropy'; lossSpec: LossSpec; lossName: string } {
  if (!(prior > 0 && prior < 1)) throw new RangeError(`training positive share must be in (0, 1), got ${prior}`);
  const make = (positiveShare: number, lossSpec: LossSpec, lossName: string) => ({ positiveShare, loss: lossFromSpec(lossSpec), lossSpec, lossName });
  switch (cfg.imbalance) {
    case 'balanced': return make(cfg.positiveShare, { kind: 'bce' }, 'cross-entropy');
    case 'class-weights': {
      const wPos = 1 / (2 * prior), wNeg = 1 / (2 * (1 - prior));
      return make(prior, { kind: 'weighted-bce', wPos, wNeg }, `cross-entropy weighted ${wPos.toFixed(2)}/${wNeg.toFixed(2)}`);
    }
    case 'focal': return make(prior, { kind: 'focal', gamma: 2, alpha: 0.25 }, 'focal γ 2 α 0.25');
  }
}

/**
 * Trains a DS-CNN: loads the datasets, holds out validation IDs, fits the feature normalisation on clean
 * training clips, then per epoch draws a balanced, freshly augmented set of windows; keeps the weights with
 * the best validation score; chooses the threshold on the pooled (clean + noisy) validation set; saves the
 * model folder; scores the test and disturbed sets and writes the HTML report.
 */
export async function train(cfg: TrainConfig, outDir: string, log: Log = (m) => process.stderr.write(m + '\n')): Promise<TrainResult> {
  checkTrainConfig(cfg);
  checkAugmentConfig(cfg.augment);
  const backend = await selectBackend();
  log(`backend: ${backend.name}${backend.simd === null ? '' : backend.simd ? ' (SIMD)' : ' (no SIMD)'}`);
  const spec = cfg.featureSpec;
  const sourceOf = new Map<Clip, string>();
  const all = await loadAll(cfg.train, spec.sampleRateHz, log, sourceOf);
  const { train: trainClips, val: valClips } = splitTrainVal(all, cfg.valFraction, makeRng(`${cfg.seed}:split`));
  const pools = poolClips(trainClips, (c) => sourceOf.get(c) ?? '');
  log(`train: ${trainClips.length} clips (${pools.positives.length} gunshots from ${pools.positiveSources.length} source(s), drawn source by source; ${pools.negatives.length} negatives); ` +
    `validation: ${valClips.length} clips (${valClips.filter((c) => c.row.label).length} gunshots)`);

  const extractor = new MfccExtractor(spec);
  const norm = fitNorm(trainClips.map((c) => extractor.computeFlat(padClipForWindows(c.samples, spec, cfg.window))));
  const meta: ModelMeta = {
    name: cfg.name,
    createdAt: new Date().toISOString(),
    featureSpec: spec,
    window: cfg.window,
    norm,
    threshold: 0.5,
    architecture: { ...cfg.architecture },
  };
  // Noise beds of the validation set's noisy copies: the given or synthetic backgrounds, and the training
  // set's background-sound negatives (forest, street, air conditioners …).
  const recorded = trainClips.filter(isBackground).map((c) => c.samples);
  const backgrounds = [...await loadBackgrounds(cfg.backgroundsDir, spec.sampleRateHz, cfg.seed), ...recorded];
  log(`backgrounds: ${backgrounds.length} (${cfg.backgroundsDir ?? 'synthetic'} + ${recorded.length} background clips of the training set)`);
  const valSet = buildValSet(valClips, cfg, meta, backgrounds, extractor);
  const { positiveShare, loss, lossSpec, lossName } = imbalanceSetup(cfg, pools.positives.length / trainClips.length);
  log(`imbalance: ${cfg.imbalance} (${(100 * positiveShare).toFixed(1)} % positives per epoch, ${lossName})`);
  const epochs = createEpochSource({
    pools, meta: { featureSpec: spec, window: cfg.window, norm }, augment: cfg.augment,
    positiveShare, seed: cfg.seed,
  }, cfg.examplesPerEpoch, cfg.augmentWorkers);
  epochs.prefetch(1);
  log(`augmentation: ${epochs.mode}`);

  const architecture = { ...cfg.architecture, seed: cfg.seed };
  const model = buildModel(architecture);
  model.compile({ optimizer: adamOptimizer({ learningRate: cfg.learningRate }), loss });
  const trainer = await createEpochTrainer({
    model, architecture, lossSpec, learningRate: cfg.learningRate, batchSize: cfg.batchSize,
    examplesPerEpoch: cfg.examplesPerEpoch, replicas: cfg.replicas, otherThreads: cfg.augmentWorkers,
    backend: backend.name, log,
  });
  const history: EpochRecord[] = [];
  let best = { score: -1, epoch: 0, weights: [] as tf.Tensor[] };
  const bar = new cliProgress.SingleBar({
    format: 'epoch {epoch}/{epochs} |{bar}| {percentage}% | loss {loss} | val F1 {valF1} rob {valRob} | ETA {eta_formatted}',
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 10000,
  }, cliProgress.Presets.shades_classic);
  const batchesPerEpoch = Math.ceil(cfg.examplesPerEpoch / cfg.batchSize);
  bar.start(cfg.epochs * batchesPerEpoch, 0, { epoch: 1, epochs: cfg.epochs, loss: '-', valF1: '-', valRob: '-' });
  const t0 = Date.now();
  let lastRender = t0;
  let trainSeconds = 0;
  let waitSeconds = 0; // waiting for augmented epochs: training outran augmentation
  let trained = 0;
  try {
    for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
      const lr = cfg.learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / cfg.epochs)));
      const tWait = Date.now();
      const { x, y } = await epochs.get(epoch);
      waitSeconds += (Date.now() - tWait) / 1000;
      if (epoch < cfg.epochs) epochs.prefetch(epoch + 1);
      const tStart = Date.now();
      const epochLoss = await trainer.train(x, y, cfg.examplesPerEpoch, lr, (_, runningLoss) => {
        bar.increment(1, { epoch, loss: runningLoss.toFixed(4) });
        // trainOnBatch keeps the event loop busy, starving the bar's own timer: render on our own schedule
        // (4/s on a terminal, a line every 15 s in logs).
        if (Date.now() - lastRender > (process.stderr.isTTY ? 250 : 15000)) {
          bar.render();
          lastRender = Date.now();
        }
      });
      trainSeconds += (Date.now() - tStart) / 1000;
      trained += cfg.examplesPerEpoch;
      const v = valScore(valSet, clipScores(model, valSet, meta), cfg.gunshotShare);
      history.push({ epoch, loss: epochLoss, valF1: v.f1 });
      bar.update({ epoch, valF1: v.f1.toFixed(3), valRob: v.robustness.toFixed(3) });
      bar.render();
      lastRender = Date.now();
      if (v.score > best.score) {
        best.weights.forEach((w) => w.dispose());
        best = { score: v.score, epoch, weights: model.getWeights().map((w) => w.clone()) };
      }
      if (epoch - best.epoch >= cfg.patience) break;
      if (cfg.timeBudgetS > 0 && (Date.now() - t0) / 1000 > cfg.timeBudgetS) break;
    }
  } catch (e) {
    // Replicas blocked at a barrier and the epoch worker would keep the process alive.
    bar.stop();
    await trainer.close();
    await epochs.close();
    throw e;
  }
  bar.stop();
  await trainer.close();
  await epochs.close();
  const samplesPerS = trained / Math.max(trainSeconds, 1e-3);
  log(`best validation score ${best.score.toFixed(4)} at epoch ${best.epoch}; ${samplesPerS.toFixed(0)} training samples/s on ${backend.name}; ` +
    `${trainSeconds.toFixed(0)} s training, ${waitSeconds.toFixed(0)} s waiting for augmented epochs (${epochs.mode})`);
  model.setWeights(best.weights);
  best.weights.forEach((w) => w.dispose());

  const valScores = clipScores(model, valSet, meta);
  const choice = chooseThreshold(valSet.labels, valScores, 200, `${cfg.seed}:threshold`, cfg.gunshotShare);
  meta.threshold = choice.threshold;
  meta.thresholdInfo = { method: `median of F1-argmax (at a ${(100 * cfg.gunshotShare).toFixed(0)} % gunshot share) over 200 bootstrap resamples of the pooled validation set (clean + noisy copies)`, gunshotShare: cfg.gunshotShare, ...choice };
  meta.training = {
    datasets: cfg.train, backgroundsDir: cfg.backgroundsDir, seed: cfg.seed, epochsRun: history.length, bestEpoch: best.epoch,
    examplesPerEpoch: cfg.examplesPerEpoch, batchSize: cfg.batchSize, learningRate: cfg.learningRate,
    imbalance: cfg.imbalance, loss: lossName,
    positiveShare, gunshotShare: cfg.gunshotShare, augment: cfg.augment,
    valFraction: cfg.valFraction, valNoisyCopies: cfg.valNoisyCopies, backend: backend.name, replicas: trainer.replicas, augmentWorkers: cfg.augmentWorkers,
    trainSamplesPerS: Math.round(samplesPerS), trainClips: trainClips.length, valClips: valClips.length,
  };

  let test: EvalResult | null = null;
  if (cfg.test.length > 0) {
    const predictor = floatPredictor(model, meta, backend.name);
    const clean = await loadAll(cfg.test, spec.sampleRateHz, log);
    const disturbed = cfg.disturbed.length ? await loadAll(cfg.disturbed, spec.sampleRateHz, log) : undefined;
    test = await evaluateModel({ predictor, clean, disturbed });
    meta.metrics = {
      test: evalSummary(test),
      bySnr: test.bySnr.map((g) => ({ group: g.group, f1: g.f1, n: g.n })),
      byKind: test.byKind.map((g) => ({ group: g.group, f1: g.f1, n: g.n })),
      validation: { score: best.score, threshold: choice.threshold },
    };
  }
  await saveModelDir(outDir, model, meta);
  fs.writeFileSync(path.join(outDir, 'training.json'), JSON.stringify({ config: cfg, history }, null, 2) + '\n');
  if (test) {
    await writeReport(path.join(outDir, 'report.html'), {
      title: `gunshot-edge model ${cfg.name}`, result: test, history,
      info: { backend: backend.name, 'train samples/s': Math.round(samplesPerS), 'best epoch': best.epoch, threshold: choice.threshold },
    });
  }
  return { outDir, meta, test, history, backend: backend.name, samplesPerS };
}
