import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { blendTargets, loadTeachers, renormalise, teacherProbabilities } from '../../trainer/distill.ts';
import { buildDsCnn, TINY_DSCNN } from '../../trainer/model.ts';
import { saveModelDir } from '../../trainer/io.ts';
import { normaliseInto } from '../../trainer/windows.ts';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { DEFAULT_WINDOW, type FeatureNorm, type ModelMeta } from '../../trainer/model-meta.ts';
import { makeRng } from '../../common/synth/rng.ts';
import { selectBackend } from '../../trainer/backend/index.ts';

const FRAMES = DEFAULT_WINDOW.frames;
const N = DEFAULT_FEATURE_SPEC.nMfcc;

function randomNorm(seed: string): FeatureNorm {
  const rng = makeRng(seed);
  return {
    mean: Array.from({ length: N }, (_, c) => (c === 0 ? -280 : 0) + rng.uniform(-10, 10)),
    std: Array.from({ length: N }, (_, c) => (c === 0 ? 120 : 10) * rng.uniform(0.5, 2)),
    clip: 8,
  };
}

/** Raw MFCC-like windows (c0 around −280, the rest around 0), frames × nMfcc each. */
function rawWindows(count: number, seed: string): Float32Array[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: FRAMES * N }, (_, i) => (i % N === 0 ? -280 + rng.uniform(-150, 150) : rng.uniform(-25, 25))));
}

function normalised(raw: Float32Array[], norm: FeatureNorm): tf.Tensor4D {
  const flat = new Float32Array(raw.length * FRAMES * N);
  raw.forEach((w, i) => normaliseInto(w, flat.subarray(i * FRAMES * N, (i + 1) * FRAMES * N), norm, N));
  return tf.tensor4d(flat, [raw.length, FRAMES, N, 1]);
}

function meta(norm: FeatureNorm, over: Partial<ModelMeta> = {}): ModelMeta {
  return {
    name: 't', createdAt: '2026-01-01T00:00:00Z', featureSpec: DEFAULT_FEATURE_SPEC, window: DEFAULT_WINDOW, norm,
    threshold: 0.5, architecture: { kind: 'ds-cnn', ...TINY_DSCNN, channels: 8, blocks: 1 }, ...over,
  };
}

describe('distillation (trainer/distill.ts)', function () {
  this.timeout(60000);
  let dir: string;
  before(async () => {
    await selectBackend();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ge-distill-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('renormalise maps windows normalised one way onto the other normalisation, clamping as it does', () => {
    const a = randomNorm('a');
    const b = { ...randomNorm('b'), clip: 2 }; // a tight clamp, so some values clamp on b's side only
    const raw = rawWindows(5, 'raw');
    const viaA = normalised(raw, a);
    const direct = normalised(raw, b);
    const got = renormalise(viaA, a, b);
    const d = got.sub(direct).abs().max().dataSync()[0];
    expect(d).to.be.below(1e-4);
    expect(direct.abs().max().dataSync()[0]).to.equal(2);
    tf.dispose([viaA, direct, got]);
  });

  it('teacherProbabilities is the mean of each teacher on its own normalisation', async () => {
    const norms = [randomNorm('t1'), randomNorm('t2')];
    const dirs: string[] = [];
    const models: tf.LayersModel[] = [];
    for (let i = 0; i < 2; i++) {
      const m = buildDsCnn({ ...TINY_DSCNN, channels: 8, blocks: 1, seed: 10 + i });
      const d = path.join(dir, `teacher${i}`);
      await saveModelDir(d, m, meta(norms[i]));
      dirs.push(d);
      models.push(m);
    }
    const teachers = await loadTeachers(dirs, meta(norms[0]));
    const raw = rawWindows(6, 'x');
    const student = randomNorm('student');
    const xs = normalised(raw, student);
    const got = teacherProbabilities(teachers, xs, student).dataSync();
    const own = norms.map((n, i) => {
      const x = normalised(raw, n);
      const p = (models[i].predict(x) as tf.Tensor).dataSync();
      x.dispose();
      return p;
    });
    for (let k = 0; k < raw.length; k++) expect(got[k]).to.be.closeTo((own[0][k] + own[1][k]) / 2, 1e-5);
    expect(new Set(Array.from(own[0]).map((v) => v.toFixed(6))).size, 'the teachers are not constant').to.be.above(1);
    xs.dispose();
    models.forEach((m) => m.dispose());
    teachers.models.forEach((m) => m.dispose());
  });

  it('refuses a teacher that hears differently, naming the folder and the field', async () => {
    const m = buildDsCnn({ ...TINY_DSCNN, channels: 8, blocks: 1 });
    const d = path.join(dir, 'other-spec');
    await saveModelDir(d, m, meta(randomNorm('o'), { featureSpec: { ...DEFAULT_FEATURE_SPEC, hopLength: 160 } }));
    m.dispose();
    let err: Error | null = null;
    try { await loadTeachers([d], meta(randomNorm('s'))); } catch (e) { err = e as Error; }
    expect(err?.message).to.include(d).and.include('featureSpec.hopLength').and.include('160').and.include('320');
  });

  it('blendTargets mixes label and teacher linearly and checks the weight', () => {
    const y = tf.tensor2d([1, 0, 1, 0], [4, 1]);
    const t = tf.tensor2d([0.2, 0.9, 1, 0], [4, 1]);
    expect(Array.from(blendTargets(y, t, 0.25).dataSync())).to.deep.equal([0.8, 0.225, 1, 0].map((v) => Math.fround(v)));
    expect(() => blendTargets(y, t, 1.5)).to.throw(RangeError, /0\.\.1/);
    tf.dispose([y, t]);
  });
});
