// The profiler's aggregation on a hand-made profile (exact sums, order and shares), and one real profiled
// step of a very small DS-CNN on the backend the trainer selects (wasm here; cpu where wasm cannot start).
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { aggregateKernels, formatProfile, lowerMedian, profileTrainStep, type ProfiledKernel } from '../../scripts/profile-train.ts';
import { conv2dBackpropFilterConfig } from '../../trainer/kernels/conv2d-backprop-filter.ts';
import { depthwiseBackpropFilterConfig } from '../../trainer/kernels/depthwise-backprop-filter.ts';
import { depthwiseBackpropInputConfig } from '../../trainer/kernels/depthwise-backprop-input.ts';
import { TINY_DSCNN, type DsCnnConfig } from '../../trainer/model.ts';

describe('scripts/profile-train: aggregateKernels', () => {
  // Times are binary fractions so the sums are exact.
  const kernels: ProfiledKernel[] = [
    { name: 'Multiply', kernelTimeMs: 0.25 },
    { name: 'Conv2DBackpropFilter', kernelTimeMs: 4 },
    { name: 'fusedConv2d__op', kernelTimeMs: 3.5 }, // a customGrad scope: contains the FusedConv2D below
    { name: 'FusedConv2D', kernelTimeMs: 3 },
    { name: 'Multiply', kernelTimeMs: 0.75 },
    { name: 'Conv2DBackpropFilter', kernelTimeMs: 2 },
    { name: 'Add', kernelTimeMs: { error: 'timer unavailable' } },
    { name: 'Add', kernelTimeMs: 1 },
    { name: 'Reshape', kernelTimeMs: 1 },
  ];
  const isKernel = (name: string) => !name.endsWith('__op');

  it('sums time and calls per kernel name, largest first, ties by name', () => {
    const s = aggregateKernels([{ kernels, stepMs: 16 }], isKernel);
    expect(s.steps).to.equal(1);
    expect(s.rows.map((r) => [r.name, r.totalMs, r.calls, r.untimedCalls])).to.deep.equal([
      ['Conv2DBackpropFilter', 6, 2, 0],
      ['FusedConv2D', 3, 1, 0],
      ['Add', 1, 2, 1],
      ['Multiply', 1, 2, 0],
      ['Reshape', 1, 1, 0],
    ]);
  });

  it('leaves scopes and untimed calls out of the sums and gives shares of the step and of the kernels', () => {
    const s = aggregateKernels([{ kernels, stepMs: 16 }], isKernel);
    expect(s.kernelMs).to.equal(12); // not 15.5: the scope's 3.5 ms would count FusedConv2D twice
    expect(s.coverage).to.equal(0.75);
    expect(s.calls).to.equal(8);
    expect(s.untimedCalls).to.equal(1);
    expect(s.scopes).to.deep.equal([{ name: 'fusedConv2d__op', totalMs: 3.5, calls: 1 }]);
    const top = s.rows[0];
    expect(top.shareOfStep).to.equal(6 / 16);
    expect(top.shareOfKernels).to.equal(0.5);
    expect(s.rows.reduce((a, r) => a + r.shareOfKernels, 0)).to.be.closeTo(1, 1e-12);
    expect(s.rows.reduce((a, r) => a + r.shareOfStep, 0)).to.be.closeTo(s.coverage, 1e-12);
  });

  it('treats every record as a kernel by default', () => {
    const s = aggregateKernels([{ kernels, stepMs: 16 }]);
    expect(s.kernelMs).to.equal(15.5);
    expect(s.scopes).to.deep.equal([]);
  });

  it('over several steps takes per kernel the lower median of its time (0 where absent), and of the wall times', () => {
    const steps = [
      { stepMs: 20, kernels: [{ name: 'Square', kernelTimeMs: 1 }, { name: 'Conv2D', kernelTimeMs: 8 }] },
      { stepMs: 40, kernels: [{ name: 'Square', kernelTimeMs: 17 }, { name: 'Conv2D', kernelTimeMs: 9 }] }, // a pause in Square
      { stepMs: 22, kernels: [{ name: 'Square', kernelTimeMs: 2 }, { name: 'Conv2D', kernelTimeMs: 7 }, { name: 'Pad', kernelTimeMs: 5 }] },
      { stepMs: 21, kernels: [{ name: 'Square', kernelTimeMs: 1.5 }, { name: 'Square', kernelTimeMs: 0.5 }, { name: 'Conv2D', kernelTimeMs: 8 }] },
    ];
    const s = aggregateKernels(steps);
    expect(s.steps).to.equal(4);
    expect(s.stepMs).to.equal(21); // sorted 20, 21, 22, 40: the lower of the middle two
    expect(s.rows.map((r) => [r.name, r.totalMs, r.calls])).to.deep.equal([
      ['Conv2D', 8, 1],
      ['Square', 2, 1], // per-step totals 1, 17, 2, 2 → 2; calls 1, 1, 1, 2 → 1
      ['Pad', 0, 0], // ran in one step of four
    ]);
    expect(s.kernelMs).to.equal(10);
    expect(s.coverage).to.equal(10 / 21);
  });

  it('rejects no steps and a step time that is not positive, naming the value', () => {
    expect(() => aggregateKernels([])).to.throw(RangeError, /at least one profiled step, got 0/);
    expect(() => aggregateKernels([{ kernels, stepMs: 0 }])).to.throw(RangeError, /stepMs must be a finite number > 0, got 0/);
    expect(() => aggregateKernels([{ kernels, stepMs: Number.NaN }])).to.throw(RangeError, /got NaN/);
  });

  it('lowerMedian picks an observed value', () => {
    expect(lowerMedian([3, 1, 2])).to.equal(2);
    expect(lowerMedian([4, 1, 3, 2])).to.equal(2);
    expect(() => lowerMedian([])).to.throw(RangeError, /no values/);
  });
});

describe('scripts/profile-train: one profiled step of a very small DS-CNN', () => {
  // 4 channels, one block, 16×8 input, batch 4: a step takes milliseconds, and every gradient kernel the
  // shipped model needs still runs (the pointwise conv needs its input gradient to reach dw1 and conv0).
  const SMALL: DsCnnConfig = { ...TINY_DSCNN, frames: 16, coeffs: 8, channels: 4, blocks: 1, firstKernel: [4, 4] };

  it('lists the convolution kernels and the gradient kernels of trainer/kernels, within the step time', async () => {
    const r = await profileTrainStep({ cfg: SMALL, batch: 4, warmup: 1, repeat: 1, referenceSteps: 1, prefer: 'wasm' });
    expect(['wasm', 'cpu']).to.include(r.backend);
    const names = r.summary.rows.map((k) => k.name);
    expect(names.some((n) => /^(Fused)?Conv2D$/.test(n)), names.join(',')).to.equal(true);
    for (const k of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']) {
      expect(names, k).to.include(k);
    }
    if (r.backend === 'wasm') {
      // The profiled kernels are ours, not something registered under the same name.
      for (const cfg of [conv2dBackpropFilterConfig, depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig]) {
        expect(tf.getKernel(cfg.kernelName, 'wasm')?.kernelFunc, cfg.kernelName).to.equal(cfg.kernelFunc);
      }
    }
    const s = r.summary;
    expect(s.untimedCalls).to.equal(0);
    expect(s.kernelMs).to.be.greaterThan(0);
    // Kernel times are measured inside the step; more than the step would mean nested records counted twice.
    expect(s.kernelMs).to.be.at.most(s.stepMs);
    expect(r.profiledStepsMs).to.deep.equal([s.stepMs]);
    expect(r.unprofiledStepMs).to.be.greaterThan(0);
    const lines = formatProfile(r, 3).split('\n');
    const rules = lines.flatMap((l, i) => (/^-+$/.test(l) ? [i] : []));
    expect(rules).to.have.length(2);
    const body = lines.slice(rules[0] + 1, rules[1]);
    expect(body.map((l) => l.split(/\s{2,}/)[0])).to.deep.equal([...s.rows.slice(0, 3).map((k) => k.name), `(${s.rows.length - 3} more kernels)`]);
    expect(lines[rules[1] + 1]).to.match(new RegExp(`^all kernels +${s.kernelMs.toFixed(2)} `));
  });
});
