import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toySet } from '../helpers/toy-set.ts';
import { DEFAULT_TRAIN, type TrainConfig } from '../../trainer/config.ts';
import { train } from '../../trainer/train.ts';
import { loadPredictor } from '../../trainer/predict.ts';
import { TINY_DSCNN } from '../../trainer/model.ts';
import { loadModelDir, saveModelDir } from '../../trainer/io.ts';

// The toy task (test/helpers/toy-set.ts) proves the whole path: data → augmentation in a worker →
// gradients on the wasm kernels → threshold → saved folder → reload → scoring.

describe('trainer end to end (toy task)', function () {
  this.timeout(300000);
  let dir: string;
  let trainCsv: string;
  let testCsv: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ge-train-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The toy training run: a few seconds on a 1-block, 8-channel model; `over` is what a test is about. */
  const toyConfig = (over: Partial<TrainConfig>): TrainConfig => {
    const audioDir = path.join(dir, 'audio');
    return {
      ...DEFAULT_TRAIN,
      name: 'toy', train: [{ csv: trainCsv, audioDir }], test: [{ csv: testCsv, audioDir }], disturbed: [],
      epochs: 4, examplesPerEpoch: 256, batchSize: 32, patience: 10, valNoisyCopies: 1,
      architecture: { ...TINY_DSCNN, channels: 8, blocks: 1 },
      augment: { ...DEFAULT_TRAIN.augment, snrDb: [10, 30], mixProb: 0 },
      ...over,
    };
  };

  it('learns clicks vs tones, saves a model folder that reloads and scores the same', async () => {
    trainCsv = await toySet(dir, 'train', 60, 'a');
    testCsv = await toySet(dir, 'test', 24, 'b');
    const audioDir = path.join(dir, 'audio');
    const cfg = toyConfig({});
    const out = path.join(dir, 'model');
    const r = await train(cfg, out, () => {});
    expect(r.test, 'test metrics').to.not.equal(null);
    expect(r.test!.clean.f1, 'toy test F1').to.be.at.least(0.9);
    for (const f of ['model.json', 'weights.bin', 'meta.json', 'feature_spec.json', 'training.json']) {
      expect(fs.existsSync(path.join(out, f)), f).to.equal(true);
    }
    expect(r.meta.threshold).to.be.within(0, 1);
    expect(r.meta.thresholdInfo).to.have.property('bootstrap');
    const p = await loadPredictor(out);
    const { clips } = await import('../../common/data/index.ts').then((d) => d.loadDataset(testCsv, audioDir, { sampleRateHz: 16000 }));
    const again = await p.predictClips(clips.slice(0, 4).map((c) => c.samples));
    const direct = r.test!.prCurve.length; // the saved model reproduces decisions made before saving
    expect(direct).to.be.above(0);
    for (const a of again) expect(a.score).to.be.within(0, 1);
    p.dispose();
  });

  it('averages the weights of the last epochs (SWA): trains on to the end and keeps the average', async () => {
    const cfg = toyConfig({ name: 'swa', patience: 1, averageFromEpoch: 2 });
    const r = await train(cfg, path.join(dir, 'swa'), () => {});
    expect(r.history.length, 'patience is ignored while averaging').to.equal(4);
    expect(r.meta.training).to.include({ averageFromEpoch: 2, averagedEpochs: 3 });
    expect(r.test!.clean.f1, 'toy test F1 of the averaged model').to.be.at.least(0.9);
  });

  it('trains data-parallel (2 replicas, trainer/data-parallel/) and learns the same toy task', async () => {
    const cfg = toyConfig({ name: 'replicas', replicas: 2 });
    const r = await train(cfg, path.join(dir, 'replicas'), () => {});
    expect(r.meta.training).to.include({ replicas: 2 });
    expect(r.test!.clean.f1, 'toy test F1 of the data-parallel model').to.be.at.least(0.9);
    const losses = r.history.map((h) => h.loss);
    expect(losses.at(-1)!, `loss by epoch ${losses.map((l) => l.toFixed(3)).join(' ')}`).to.be.below(losses[0]);
  });

  it('distils: a student trained on the teachers\' outputs alone (label weight 0) follows them, not the labels', async () => {
    // An adversarial teacher: the first test's model with its output logit flipped about its threshold and
    // sharpened, so it says "gunshot" for the tones and "no" for the clicks.
    const { model, meta } = await loadModelDir(path.join(dir, 'model'));
    const out = model.getLayer('out');
    const [kernel, bias] = out.getWeights();
    const zThr = Math.log(meta.threshold / (1 - meta.threshold));
    out.setWeights([kernel.mul(-20), bias.sub(zThr).mul(-20)]);
    const teacher = path.join(dir, 'inverted-teacher');
    await saveModelDir(teacher, model, meta);
    model.dispose();
    // In one thread and data-parallel (where the blended targets are computed for the whole epoch first).
    for (const replicas of [1, 2]) {
      const cfg = toyConfig({ name: 'student', epochs: 6, seed: 7, teachers: [teacher], distillWeight: 1, replicas });
      const r = await train(cfg, path.join(dir, `student-${replicas}`), () => {});
      expect(r.meta.training).to.include({ distillWeight: 1, replicas });
      expect(r.meta.training!.teachers).to.deep.equal([teacher]);
      // The loss is measured against the teacher's targets alone: a model that learned nothing (0.5
      // everywhere) scores ln 2, one that followed the labels scores worse; falling well below ln 2 means
      // the student learns what the teacher says. (The saved weights are the epoch best on the labelled
      // validation set, so they are not what this test looks at.)
      const losses = r.history.map((h) => h.loss);
      expect(losses.at(-1)!, `replicas ${replicas}: training loss by epoch ${losses.map((l) => l.toFixed(3)).join(' ')}`).to.be.below(0.9 * Math.LN2);
      expect(losses.at(-1)!).to.be.below(losses[0]);
    }
  });
});
