import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { selectBackend, type BackendName } from '../../../trainer/backend/index.ts';
import { keepBackend } from './on-backends.ts';

describe('trainer/backend: selectBackend', () => {
  keepBackend();

  it("prefer 'wasm' starts wasm with the training kernels registered", async () => {
    const sel = await selectBackend({ prefer: 'wasm' });
    expect(sel.name).to.equal('wasm');
    expect(tf.getBackend()).to.equal('wasm');
    expect(sel.simd).to.be.a('boolean');
    for (const k of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']) {
      expect(tf.getKernel(k, 'wasm'), k).to.not.equal(undefined);
    }
  });

  it("prefer 'cpu' gives the pure-JS backend and skips nothing", async () => {
    const sel = await selectBackend({ prefer: 'cpu' });
    expect(sel).to.deep.equal({ name: 'cpu', simd: null, skipped: [] });
  });

  it("the default order tries tfjs-node first and says why it was passed over when it is absent", async () => {
    const sel = await selectBackend();
    if (sel.name === 'tensorflow') return; // tfjs-node installed here: nothing was skipped to explain
    expect(sel.skipped[0].backend).to.equal('node');
    expect(sel.skipped[0].reason).to.be.a('string').and.not.equal('');
  });

  it('rejects an unknown preference, naming it', async () => {
    let err: unknown;
    try { await selectBackend({ prefer: 'gpu' as BackendName }); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(RangeError);
    expect((err as Error).message).to.match(/prefer must be one of node\|wasm\|cpu, got gpu/);
  });
});
