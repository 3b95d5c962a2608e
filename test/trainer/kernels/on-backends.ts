import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { expect } from 'chai';
import { selectBackend } from '../../../trainer/backend/index.ts';

/** Deterministic N(0,1)-ish values (sum of uniforms), so cpu and wasm see identical inputs. */
export function randomArray(n: number, seed: string): Float32Array {
  const rng = seedrandom(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng() + rng() + rng() - 1.5;
  return a;
}

/** Runs `f` with `backend` current and returns its outputs as plain arrays (tensors are freed). */
export async function runOn(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  if (backend === 'wasm') {
    const sel = await selectBackend({ prefer: 'wasm' });
    if (sel.name !== 'wasm') throw new Error(`wasm backend did not start: ${JSON.stringify(sel.skipped)}`);
  } else {
    await tf.setBackend('cpu');
  }
  const outs = tf.tidy(f);
  const arrays = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return arrays;
}

/**
 * Element-wise closeness relative to the reference's scale: |a − b| ≤ rel·max|b| + 1e-6. (Per-element
 * relative error is meaningless for gradients that nearly cancel to zero.)
 */
export function expectClose(actual: Float32Array, expected: Float32Array, what: string, rel = 1e-4): void {
  expect(actual.length, `${what}: length`).to.equal(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  expect(scale, `${what}: reference is all zeros`).to.be.greaterThan(0);
  let worst = 0;
  let at = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (d > worst) { worst = d; at = i; }
  }
  expect(worst, `${what}: worst |Δ| at ${at}: ${actual[at]} vs ${expected[at]} (scale ${scale})`)
    .to.be.at.most(rel * scale + 1e-6);
}

/** Restores whatever backend was current before a suite switched between cpu and wasm. */
export function keepBackend(): void {
  let prev = '';
  before(() => { prev = tf.getBackend(); });
  after(async () => { if (prev) await tf.setBackend(prev); });
}
