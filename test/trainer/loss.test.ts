import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { focalLoss, weightedBce } from '../../trainer/loss.ts';
import { imbalanceSetup } from '../../trainer/train.ts';

const y = tf.tensor2d([1, 0, 1, 0], [4, 1]);
const p = tf.tensor2d([0.9, 0.2, 0.3, 0.6], [4, 1]);
const val = (t: tf.Scalar) => t.dataSync()[0];

describe('trainer/loss', () => {
  it('weighted cross-entropy with unit weights is Keras binary cross-entropy', () => {
    const keras = tf.metrics.binaryCrossentropy(y, p).mean() as tf.Scalar;
    expect(val(weightedBce(1, 1)(y, p))).to.be.closeTo(val(keras), 1e-6);
  });

  it('weights each class as asked (hand-computed)', () => {
    // −[3·(ln 0.9 + ln 0.3) + 0.5·(ln 0.8 + ln 0.4)] / 4
    const want = -(3 * (Math.log(0.9) + Math.log(0.3)) + 0.5 * (Math.log(0.8) + Math.log(0.4))) / 4;
    expect(val(weightedBce(3, 0.5)(y, p))).to.be.closeTo(want, 1e-6);
  });

  it('focal loss matches the formula (hand-computed) and reduces to α-weighted cross-entropy at γ 0', () => {
    const a = 0.25, g = 2;
    const want = -(a * (0.1 ** g * Math.log(0.9) + 0.7 ** g * Math.log(0.3)) + (1 - a) * (0.2 ** g * Math.log(0.8) + 0.6 ** g * Math.log(0.4))) / 4;
    expect(val(focalLoss(g, a)(y, p))).to.be.closeTo(want, 1e-6);
    expect(val(focalLoss(0, a)(y, p))).to.be.closeTo(val(weightedBce(a, 1 - a)(y, p)), 1e-6);
  });

  it('has finite gradients even at saturated probabilities', () => {
    for (const loss of [weightedBce(2, 1), focalLoss(2, 0.25)]) {
      const g = tf.grad((q: tf.Tensor) => loss(y, q))(tf.tensor2d([1, 0, 0, 1], [4, 1]));
      expect([...g.dataSync()].every(Number.isFinite)).to.equal(true);
    }
  });

  it('rejects out-of-range parameters, naming them', () => {
    expect(() => weightedBce(0, 1)).to.throw(RangeError, /class weights/);
    expect(() => focalLoss(-1, 0.25)).to.throw(RangeError, /gamma/);
    expect(() => focalLoss(2, 1)).to.throw(RangeError, /alpha/);
  });

  it('imbalance methods: balanced keeps positiveShare; the others keep the natural share', () => {
    expect(imbalanceSetup({ imbalance: 'balanced', positiveShare: 0.35 }, 0.05)).to.include({ positiveShare: 0.35, loss: 'binaryCrossentropy' });
    const cw = imbalanceSetup({ imbalance: 'class-weights', positiveShare: 0.35 }, 0.05);
    expect(cw.positiveShare).to.equal(0.05);
    expect(cw.lossName).to.equal('cross-entropy weighted 10.00/0.53');
    expect(imbalanceSetup({ imbalance: 'focal', positiveShare: 0.35 }, 0.05).positiveShare).to.equal(0.05);
  });
});
