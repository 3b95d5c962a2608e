import * as tf from '@tensorflow/tfjs';
import { adamUpdate, type AdamStepScalars } from './kernels/adam-update.ts';
import { f32, type WasmBackendLike } from './kernels/wasm-heap.ts';

/** Which Adam `adamOptimizer` builds. */
export type AdamImpl = 'auto' | 'fused' | 'tfjs';

export interface AdamConfig {
  /** Step size, finite and > 0. Defaults to 1e-3 (tf.train.adam's). */
  learningRate?: number;
  /** First-moment decay, in [0, 1). Defaults to 0.9 (tf.train.adam's). */
  beta1?: number;
  /** Second-moment decay, in [0, 1). Defaults to 0.999 (tf.train.adam's). */
  beta2?: number;
  /** Added to √v̂, finite and > 0. Defaults to the backend's epsilon (1e-7 for float32), as tf.train.adam. */
  epsilon?: number;
  /**
   * 'fused': FusedAdamOptimizer; 'tfjs': tf.train.adam; 'auto': fused on the wasm backend, tf.train.adam
   * elsewhere (tfjs-node reads tensors back only by copying out of TensorFlow). Defaults to the
   * GUNSHOT_ADAM environment variable (so a benchmark can compare both in one session), else 'auto'.
   */
  impl?: AdamImpl;
}

const IMPLS: readonly AdamImpl[] = ['auto', 'fused', 'tfjs'];

/** tfjs-core's NamedTensor (not re-exported by @tensorflow/tfjs). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** Per-variable Adam state, as plain memory (no tensors): m, v and the variable's name for getWeights. */
interface Slot { name: string; m: Float32Array; v: Float32Array }

type CheckedConfig = { learningRate: number; beta1: number; beta2: number; epsilon?: number };

function checkConfig(cfg: AdamConfig, source: string): CheckedConfig {
  const { learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon } = cfg;
  if (!(Number.isFinite(learningRate) && learningRate > 0)) throw new RangeError(`learningRate must be finite and > 0, got ${learningRate} (${source})`);
  if (!(beta1 >= 0 && beta1 < 1)) throw new RangeError(`beta1 must be in [0, 1), got ${beta1} (${source})`);
  if (!(beta2 >= 0 && beta2 < 1)) throw new RangeError(`beta2 must be in [0, 1), got ${beta2} (${source})`);
  if (epsilon !== undefined && !(Number.isFinite(epsilon) && epsilon > 0)) throw new RangeError(`epsilon must be finite and > 0, got ${epsilon} (${source})`);
  return { learningRate, beta1, beta2, epsilon };
}

/** The backend as a wasm heap when it is tfjs-backend-wasm (makeOutput + typedArrayFromHeap), else null. */
function wasmHeap(backend: tf.KernelBackend): WasmBackendLike | null {
  const b = backend as Partial<WasmBackendLike>;
  return typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function' ? (b as WasmBackendLike) : null;
}

/**
 * Adam with tf.train.adam's mathematics and float32 rounding (tfjs-core 4.22 AdamOptimizer), but one
 * JS pass per variable instead of ~10 tensor ops: tfjs's update dispatched ~300 tiny kernels per
 * DS-CNN training step, each paying the engine's JS overhead.
 *
 * Contracts:
 * - Moments m, v live in JS Float32Arrays, indexed like tfjs's by the gradient's position in the list
 *   applyGradients gets (tfjs-layers passes the same trainable-weight list every step).
 * - A variable's memory is never written in place: its new value goes to fresh memory (on wasm, a
 *   backend.makeOutput buffer written through a heap view; elsewhere tf.tensor of a Float32Array), which
 *   `variable.assign` then adopts. Our shared-memory Identity and Cast (kernels/identity.ts, cast.ts) and
 *   clones held by callers (train.ts keeps the best weights as clones) therefore keep their values.
 * - `learningRate` may be changed between steps (train.ts's cosine schedule does), as on tfjs's Adam.
 * - Variables and gradients live on the current backend (on wasm they are read through heap views).
 * - getWeights/setWeights use tfjs's layout ('iter', then every `<name>/m`, then every `<name>/v`); the
 *   tensors getWeights returns are fresh and owned by the caller.
 */
export class FusedAdamOptimizer extends tf.Optimizer {
  /** Same serialised name as tfjs's AdamOptimizer: a saved training config reloads as tfjs Adam. */
  static get className(): string { return 'Adam'; }

  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** β^t of the next step, kept as tfjs keeps its accBeta variables: float32 running products. */
  private accBeta1: number;
  private accBeta2: number;
  private slots: Slot[] = [];

  constructor(cfg: Omit<AdamConfig, 'impl'> = {}) {
    super();
    const c = checkConfig(cfg, 'FusedAdamOptimizer config');
    this.learningRate = c.learningRate;
    this.beta1 = c.beta1;
    this.beta2 = c.beta2;
    this.epsilon = c.epsilon ?? tf.backend().epsilon();
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const fr = Math.fround;
    const s: AdamStepScalars = {
      beta1: fr(this.beta1), oneMinusBeta1: fr(1 - this.beta1),
      beta2: fr(this.beta2), oneMinusBeta2: fr(1 - this.beta2),
      biasCorrection1: fr(1 - this.accBeta1), biasCorrection2: fr(1 - this.accBeta2),
      epsilon: fr(this.epsilon), negLearningRate: fr(-this.learningRate),
    };
    const engine = tf.engine();
    const backend = tf.backend();
    const heap = wasmHeap(backend);
    list.forEach(({ name, tensor: grad }, i) => {
      const variable = engine.registeredVariables[name];
      if (!variable) throw new Error(`FusedAdamOptimizer: no registered variable named ${name} (gradient ${i})`);
      if (variable.dtype !== 'float32') throw new TypeError(`FusedAdamOptimizer: variable ${name} must be float32, got ${variable.dtype}`);
      this.slots[i] ??= { name, m: new Float32Array(variable.size), v: new Float32Array(variable.size) };
      if (grad == null) return; // as tfjs: no gradient, no update (the moments still exist)
      const { m, v } = this.slots[i];
      if (grad.dtype !== 'float32' || grad.size !== variable.size || m.length !== variable.size) {
        throw new RangeError(`FusedAdamOptimizer: gradient of ${name} must be float32 of ${variable.size} values like the variable and its moments (${m.length}), got ${grad.dtype} of ${grad.size}`);
      }
      let next: tf.Tensor;
      if (heap) {
        // Allocate first: a heap growth would invalidate views taken before it.
        const info = heap.makeOutput(variable.shape, 'float32');
        const what = `FusedAdamOptimizer (${name})`;
        adamUpdate(s, f32(heap, variable, what), f32(heap, grad, what), m, v, f32(heap, info, what));
        next = engine.makeTensorFromTensorInfo(info, heap);
      } else {
        const out = new Float32Array(variable.size);
        adamUpdate(s, variable.dataSync() as Float32Array, grad.dataSync() as Float32Array, m, v, out);
        next = tf.tensor(out, variable.shape, 'float32');
      }
      variable.assign(next);
      next.dispose();
    });
    this.accBeta1 = fr(this.accBeta1 * s.beta1);
    this.accBeta2 = fr(this.accBeta2 * s.beta2);
    this.incrementIterations();
  }

  override dispose(): void {
    this.slots = [];
    super.dispose();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const moments = (key: 'm' | 'v') => this.slots.map((s) => ({ name: `${s.name}/${key}`, tensor: tf.tensor(s[key].slice(), [s[key].length]) }));
    return [await this.saveIterations(), ...moments('m'), ...moments('v')];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    if (rest.length % 2 !== 0) throw new RangeError(`FusedAdamOptimizer.setWeights: expected m and v per variable (an even count after 'iter'), got ${rest.length}`);
    // As tfjs's setWeights: β^(iterations+1) by pow, not the running product.
    this.accBeta1 = Math.fround(Math.pow(Math.fround(this.beta1), this.iterations + 1));
    this.accBeta2 = Math.fround(Math.pow(Math.fround(this.beta2), this.iterations + 1));
    const n = rest.length / 2;
    const strip = (s: string, suffix: string) => (s.endsWith(suffix) ? s.slice(0, -suffix.length) : s);
    this.slots = rest.slice(0, n).map((mw, i) => ({
      name: strip(mw.name, '/m'),
      m: Float32Array.from(mw.tensor.dataSync()),
      v: Float32Array.from(rest[n + i].tensor.dataSync()),
    }));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * FusedAdamOptimizer or tf.train.adam with the same settings (see AdamConfig.impl); 'auto' decides by the
 * backend current at the call, so select the backend first.
 *
 * Used by the trainer and the bench (same updates as tf.train.adam, bit for bit in the tests): inside
 * trainOnBatch on wasm the fused update took 0.26 ms (tiny DS-CNN) / 0.40 ms (64-ch) per step against
 * tfjs's 3.0 / 3.3 ms, ~2–3 % of a 100–140 ms step, and 410 fewer kernel dispatches per step.
 */
export function adamOptimizer(cfg: AdamConfig = {}): tf.Optimizer {
  const env = process.env.GUNSHOT_ADAM;
  const impl = cfg.impl ?? (env ? (env as AdamImpl) : 'auto');
  const source = cfg.impl ? 'adamOptimizer config.impl' : 'environment variable GUNSHOT_ADAM';
  if (!IMPLS.includes(impl)) throw new RangeError(`Adam implementation must be one of ${IMPLS.join(', ')}, got ${impl} (${source})`);
  const { learningRate, beta1, beta2, epsilon } = checkConfig(cfg, 'adamOptimizer config');
  const fused = impl === 'fused' || (impl === 'auto' && tf.getBackend() === 'wasm');
  return fused
    ? new FusedAdamOptimizer({ learningRate, beta1, beta2, epsilon })
    : tf.train.adam(learningRate, beta1, beta2, epsilon);
}
