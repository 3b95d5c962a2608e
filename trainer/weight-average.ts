// Stochastic weight averaging (SWA; Izmailov et al. 2018): the mean of the weights at several points of
// one training run, late in a decaying learning-rate schedule. The average sits in a flatter region of the
// loss than any one checkpoint, which is what is hoped to carry over to recordings unlike the training
// data (SWAD, Cha et al. 2021). Batch-norm moving statistics are averaged with the rest.
import * as tf from '@tensorflow/tfjs';

export class WeightAverage {
  private sum: tf.Tensor[] | null = null;
  count = 0;

  /** Adds the model's current weights (all of them, batch-norm statistics included). */
  add(model: tf.LayersModel): void {
    const w = model.getWeights();
    if (this.sum === null) {
      this.sum = w.map((t) => t.clone());
    } else {
      if (w.length !== this.sum.length) throw new RangeError(`WeightAverage: model has ${w.length} weight tensors, the average ${this.sum.length}`);
      const next = this.sum.map((s, i) => tf.add(s, w[i]));
      tf.dispose(this.sum);
      this.sum = next;
    }
    this.count++;
  }

  /** The mean weights (new tensors; the caller owns them). Throws when nothing was added. */
  mean(): tf.Tensor[] {
    if (this.sum === null) throw new RangeError('WeightAverage: no weights were added');
    return this.sum.map((s) => tf.div(s, this.count));
  }

  dispose(): void {
    if (this.sum) tf.dispose(this.sum);
    this.sum = null;
    this.count = 0;
  }
}
