import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { WeightAverage } from '../../trainer/weight-average.ts';
import { checkTrainConfig, DEFAULT_TRAIN, type TrainConfig } from '../../trainer/config.ts';
import { selectBackend } from '../../trainer/backend/index.ts';

function smallModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 2, inputShape: [3] }));
  m.add(tf.layers.batchNormalization());
  return m;
}

describe('stochastic weight averaging (trainer/weight-average.ts)', () => {
  before(async () => { await selectBackend(); });

  it('averages every weight tensor, batch-norm statistics included', () => {
    const m = smallModel();
    const shapes = m.getWeights().map((w) => w.shape);
    const snapshots = [1, 2, 6].map((k) => shapes.map((s, i) => tf.fill(s, k * (i + 1))));
    const avg = new WeightAverage();
    for (const snap of snapshots) {
      m.setWeights(snap);
      avg.add(m);
    }
    expect(avg.count).to.equal(3);
    const mean = avg.mean();
    expect(mean.length).to.equal(shapes.length).and.to.equal(6); // kernel, bias, gamma, beta, moving mean, moving variance
    mean.forEach((t, i) => {
      expect(t.shape).to.deep.equal(shapes[i]);
      for (const v of t.dataSync()) expect(v).to.be.closeTo(3 * (i + 1), 1e-6);
    });
    tf.dispose([...mean, ...snapshots.flat()]);
    avg.dispose();
    m.dispose();
  });

  it('refuses to average nothing', () => {
    expect(() => new WeightAverage().mean()).to.throw(RangeError, /no weights/);
  });

  it('the train config checks the averaging start against the epochs', () => {
    const cfg: TrainConfig = { ...DEFAULT_TRAIN, name: 'x', train: [{ csv: 'a.csv', audioDir: 'a' }], test: [], disturbed: [] };
    expect(() => checkTrainConfig({ ...cfg, averageFromEpoch: cfg.epochs + 1 })).to.throw(RangeError, /averageFromEpoch/);
    expect(() => checkTrainConfig({ ...cfg, averageFromEpoch: 1.5 })).to.throw(RangeError, /averageFromEpoch/);
    expect(() => checkTrainConfig({ ...cfg, averageFromEpoch: cfg.epochs })).to.not.throw();
  });
});
