import * as tf from '@tensorflow/tfjs';

/** The model's weights (model.getWeights() order) as fresh float32 arrays, e.g. to post to a thread. */
export function modelWeightArrays(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((t) => Float32Array.from(t.dataSync() as Float32Array));
}

/** Sets the model's weights from arrays in model.getWeights() order, checking each one's size. */
export function setModelWeights(model: tf.LayersModel, arrays: Float32Array[]): void {
  const vars = model.weights;
  if (arrays.length !== vars.length) throw new RangeError(`setModelWeights: ${arrays.length} arrays for a model with ${vars.length} weights`);
  const tensors = arrays.map((a, i) => {
    const size = tf.util.sizeFromShape(vars[i].shape as number[]);
    if (a.length !== size) throw new RangeError(`setModelWeights: weight ${vars[i].name} has ${size} values, got ${a.length}`);
    return tf.tensor(a, vars[i].shape as number[], 'float32');
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/**
 * The weights of several replicas merged into one model's: trainable weights must be identical across
 * replicas (the all-reduce keeps them so; anything else is a bug, reported with the weight's name), and
 * the non-trainable ones — batch-norm moving means and variances, which each replica updates from its own
 * shard — are averaged. Their updates are linear, so the average of the replicas' moving statistics is the
 * moving average of the shard statistics' mean (for equal shards, the batch mean; the variance misses the
 * between-shard part, as in any data-parallel batch norm without synchronisation).
 */
export function mergeReplicaWeights(replicas: Float32Array[][], names: string[], trainable: boolean[]): Float32Array[] {
  if (replicas.length === 0) throw new RangeError('mergeReplicaWeights: no replicas');
  return names.map((name, i) => {
    const first = replicas[0][i];
    if (trainable[i]) {
      for (let r = 1; r < replicas.length; r++) {
        const other = replicas[r][i];
        for (let k = 0; k < first.length; k++) {
          if (!Object.is(first[k], other[k])) throw new Error(`data-parallel replicas diverged: ${name}[${k}] is ${first[k]} on replica 0, ${other[k]} on replica ${r}`);
        }
      }
      return first.slice();
    }
    const mean = new Float32Array(first.length);
    for (const rep of replicas) for (let k = 0; k < mean.length; k++) mean[k] += rep[i][k];
    for (let k = 0; k < mean.length; k++) mean[k] /= replicas.length;
    return mean;
  });
}
