import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { BOARD_BUDGET, budgetViolations, modelBudget } from '../../exporter/budget.ts';
import { quantizeModel } from '../../exporter/quantize/index.ts';
import { checkTrainConfig, DEFAULT_TRAIN, modelFamily, type TrainConfig } from '../../trainer/config.ts';
import { joinedArchitecture, joinWindowMlps } from '../../trainer/ensemble.ts';
import { DEFAULT_WINDOW, type ModelMeta } from '../../trainer/model-meta.ts';
import { buildWindowMlp, WINDOW_MLP, type WindowMlpConfig } from '../../trainer/model.ts';

const logit = (p: number) => Math.log(p / (1 - p));

/** Members with random weights and biases (the initialisers leave biases at 0, which would hide a bias slip). */
function randomMembers(a: WindowMlpConfig, k: number): tf.LayersModel[] {
  return Array.from({ length: k }, (_, m) => {
    const model = buildWindowMlp({ ...a, seed: 10 * (m + 1) });
    model.setWeights(model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.3, 'float32', 100 * m + i)));
    return model;
  });
}

function predict(model: tf.LayersModel, x: tf.Tensor): number[] {
  return Array.from((model.predict(x) as tf.Tensor).dataSync());
}

describe('trainer ensemble (members joined into one window MLP)', () => {
  for (const hidden of [[32, 16], [8], [6, 5, 4]]) {
    it(`the joined model's logit is the members' mean logit (hidden [${hidden}], 3 members)`, () => {
      const a: WindowMlpConfig = { ...WINDOW_MLP, hidden };
      const members = randomMembers(a, 3);
      const joined = joinWindowMlps(members, a);
      const x = tf.randomNormal([9, a.rows, a.coeffs, 1], 0, 1.5, 'float32', 7);
      const each = members.map((m) => predict(m, x).map(logit));
      const got = predict(joined, x).map(logit);
      got.forEach((g, i) => expect(g).to.be.closeTo((each[0][i] + each[1][i] + each[2][i]) / 3, 1e-3));
      // and not trivially: the members disagree
      expect(Math.max(...each[0].map((v, i) => Math.abs(v - each[1][i])))).to.be.above(0.1);
      expect(joined.layers.filter((l) => l.getClassName() === 'Dense').map((l) => (l.getConfig() as { units: number }).units))
        .to.deep.equal([...hidden.map((h) => 3 * h), 1]);
      x.dispose();
      [joined, ...members].forEach((m) => m.dispose());
    });
  }

  it('one member joins to itself', () => {
    const [m] = randomMembers(WINDOW_MLP, 1);
    const joined = joinWindowMlps([m], WINDOW_MLP);
    const x = tf.randomNormal([4, 5, 40, 1], 0, 1, 'float32', 3);
    predict(joined, x).forEach((p, i) => expect(p).to.be.closeTo(predict(m, x)[i], 1e-6));
    x.dispose();
    [joined, m].forEach((k) => k.dispose());
  });

  it('three default members, joined and quantised, stay within the board budget', () => {
    const members = randomMembers(WINDOW_MLP, 3);
    const joined = joinWindowMlps(members, WINDOW_MLP);
    const meta: ModelMeta = {
      name: 'ensemble', createdAt: '', featureSpec: { ...DEFAULT_FEATURE_SPEC, dctType: null, nMfcc: 40 },
      window: { ...DEFAULT_WINDOW, reduce: 'stats' }, norm: { mean: new Array(40).fill(0), std: new Array(40).fill(1), clip: 8 },
      threshold: 0.5, architecture: { ...joinedArchitecture(WINDOW_MLP, 3) },
    };
    const calibration = Array.from({ length: 16 }, (_, i) => Float32Array.from({ length: 5 * 40 }, (_, j) => Math.sin(i * 31 + j * 0.7) * 2));
    const b = modelBudget(quantizeModel(joined, meta, calibration));
    expect(budgetViolations(b, BOARD_BUDGET), JSON.stringify(b)).to.deep.equal([]);
    expect(b.macs).to.equal(200 * 96 + 96 * 48 + 48);
    [joined, ...members].forEach((m) => m.dispose());
  });

  it('the config names members when they cannot be joined', () => {
    const base = { ...DEFAULT_TRAIN, name: 't', train: [{ csv: 'a.csv', audioDir: '.' }], test: [], disturbed: [] } as TrainConfig;
    expect(() => checkTrainConfig({ ...base, members: 0 })).to.throw(/members must be an integer 1\.\.8, got 0/);
    expect(() => checkTrainConfig({ ...base, ...modelFamily('ds-cnn'), members: 2 })).to.throw(/members > 1 needs the window-mlp family/);
    expect(() => checkTrainConfig({ ...base, architecture: { ...WINDOW_MLP, hidden: [128] }, members: 3 })).to.throw(/384 units; at most 256/);
    expect(() => checkTrainConfig({ ...base, members: 3 })).not.to.throw();
  });
});
