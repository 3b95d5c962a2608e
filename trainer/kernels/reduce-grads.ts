import * as tf from '@tensorflow/tfjs';

/**
 * Gradients of Sum and Mean with tfjs-core 4.22's mathematics (dy broadcast back over the reduced axes,
 * divided by the reduced size for Mean) but broadcasting against `onesLike(x)` — a backend Fill — instead
 * of `ones(x.shape)`, which builds a full-size JS typed array and uploads it: that upload was the largest
 * single item (~17 %) of a wasm DS-CNN training step's CPU profile (tfjs-layers' batch-norm moments).
 */
function reduceGrad(kernelName: 'Sum' | 'Mean'): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const g = Array.isArray(dy) ? dy[0] : dy;
      const [x] = saved;
      const axes = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, x.shape);
      const expanded = x.shape.slice();
      for (const a of axes) expanded[a] = 1;
      const n = kernelName === 'Mean' ? axes.reduce((p, a) => p * x.shape[a], 1) : 1;
      return {
        x: () => {
          const d = tf.reshape(g, expanded);
          return tf.mul(tf.onesLike(x), n === 1 ? d : tf.div(d, n)); // mul upcasts int x to float32
        },
      };
    },
  };
}

export const sumGradConfig = reduceGrad('Sum');
export const meanGradConfig = reduceGrad('Mean');
