// Knowledge distillation from an ensemble of trained models ("teachers") into one student of the board's
// size. Seeds of one recipe disagree a lot on real recordings the models never saw (docs/METHOD.md); the
// average of several seeds ranks those recordings better than any one of them, and a student trained
// towards that average keeps one model's cost on the board.
import * as tf from '@tensorflow/tfjs';
import type { FeatureNorm, ModelMeta } from './model-meta.ts';
import { loadModelDir } from './io.ts';

/** Teachers loaded for distillation: their models and the normalisation each one expects. */
export interface TeacherEnsemble {
  models: tf.LayersModel[];
  norms: FeatureNorm[];
}

/**
 * Loads teacher model folders and checks they hear what the student hears: the same feature spec (every
 * field) and the same window length. Throws naming the folder and the field that differs.
 */
export async function loadTeachers(dirs: string[], student: Pick<ModelMeta, 'featureSpec' | 'window'>): Promise<TeacherEnsemble> {
  const models: tf.LayersModel[] = [];
  const norms: FeatureNorm[] = [];
  for (const dir of dirs) {
    const { model, meta } = await loadModelDir(dir);
    const specKeys = new Set([...Object.keys(student.featureSpec), ...Object.keys(meta.featureSpec)]);
    for (const k of specKeys) {
      const want = (student.featureSpec as unknown as Record<string, unknown>)[k];
      const got = (meta.featureSpec as unknown as Record<string, unknown>)[k];
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        model.dispose();
        throw new RangeError(`teacher ${dir}: featureSpec.${k} is ${JSON.stringify(got)}, the student's is ${JSON.stringify(want)}`);
      }
    }
    if (meta.window.frames !== student.window.frames) {
      model.dispose();
      throw new RangeError(`teacher ${dir}: window.frames is ${meta.window.frames}, the student's is ${student.window.frames}`);
    }
    models.push(model);
    norms.push(meta.norm);
  }
  return { models, norms };
}

/**
 * Re-expresses windows normalised with `from` in the normalisation `to`:
 * clamp(((x·σf + μf) − μt) / σt, ±clip_t). Exact for values that `from` did not clamp (|x| < clip_f).
 * `x` is [batch, frames, nMfcc, 1].
 */
export function renormalise(x: tf.Tensor4D, from: FeatureNorm, to: FeatureNorm): tf.Tensor4D {
  return tf.tidy(() => {
    const n = from.mean.length;
    const scale = tf.tensor4d(from.std.map((s, c) => s / to.std[c]), [1, 1, n, 1]);
    const shift = tf.tensor4d(from.mean.map((m, c) => (m - to.mean[c]) / to.std[c]), [1, 1, n, 1]);
    return tf.clipByValue(tf.add(tf.mul(x, scale), shift), -to.clip, to.clip) as tf.Tensor4D;
  });
}

/** Mean teacher probability per window, [batch, 1], for windows normalised with the student's `norm`. */
export function teacherProbabilities(t: TeacherEnsemble, x: tf.Tensor4D, norm: FeatureNorm): tf.Tensor2D {
  return tf.tidy(() => {
    const probs = t.models.map((m, i) => m.predict(renormalise(x, norm, t.norms[i])) as tf.Tensor2D);
    return tf.div(tf.addN(probs), probs.length) as tf.Tensor2D;
  });
}

/** Training targets (1 − w)·label + w·teacher, the usual distillation blend (cross-entropy is linear in its target). */
export function blendTargets(labels: tf.Tensor2D, teacher: tf.Tensor2D, weight: number): tf.Tensor2D {
  if (!(weight >= 0 && weight <= 1)) throw new RangeError(`distillation weight must be 0..1, got ${weight}`);
  return tf.tidy(() => tf.add(tf.mul(labels, 1 - weight), tf.mul(teacher, weight)) as tf.Tensor2D);
}

export function disposeTeachers(t: TeacherEnsemble): void {
  for (const m of t.models) m.dispose();
}

/**
 * The training targets the student learns towards, as the epoch trainer takes them: for each batch of
 * windows normalised with the student's `norm`, (1 − weight)·labels + weight·(the teachers' mean).
 */
export function distillTargets(t: TeacherEnsemble, norm: FeatureNorm, weight: number): (xs: tf.Tensor4D, labels: tf.Tensor2D) => tf.Tensor2D {
  return (xs, labels) => {
    const p = teacherProbabilities(t, xs, norm);
    const out = blendTargets(labels, p, weight);
    p.dispose();
    return out;
  };
}
