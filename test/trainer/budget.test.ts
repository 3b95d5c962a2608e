import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { BOARD_BUDGET, budgetViolations, modelBudget } from '../../exporter/budget.ts';
import { quantizeModel } from '../../exporter/quantize/index.ts';
import { DEFAULT_WINDOW, type ModelMeta } from '../../trainer/model-meta.ts';
import { buildDsCnn, TINY_DSCNN } from '../../trainer/model.ts';

/** int8 TFLite / TFLite Micro builtins the model may use (ReLU fused into conv). */
const ALLOWED = new Set(['conv2d', 'depthwise_conv2d', 'mean', 'average_pool2d', 'fully_connected', 'reshape', 'logistic', 'softmax']);

describe('trainer model budget (the built DS-CNN, quantised)', () => {
  it('fits the microcontroller: ≤ 32 KB int8 weights, ≤ 3 M MACs, ≤ 16 KB peak activations, supported ops only', () => {
    const model = buildDsCnn(TINY_DSCNN);
    const meta: ModelMeta = {
      name: 'budget', createdAt: '', featureSpec: DEFAULT_FEATURE_SPEC, window: DEFAULT_WINDOW,
      norm: { mean: new Array(13).fill(0), std: new Array(13).fill(1), clip: 8 }, threshold: 0.5, architecture: {},
    };
    const calibration = Array.from({ length: 16 }, (_, i) => Float32Array.from({ length: 49 * 13 }, (_, j) => Math.sin(i * 31 + j * 0.7) * 2));
    const q = quantizeModel(model, meta, calibration);
    const b = modelBudget(q);
    expect(budgetViolations(b, BOARD_BUDGET), JSON.stringify(b)).to.deep.equal([]);
    expect(b.int8WeightBytes).to.be.at.most(32 * 1024);
    expect(b.macs).to.be.at.most(3_000_000);
    expect(b.peakActivationBytes).to.be.at.most(16 * 1024);
    for (const op of q.ops) expect(ALLOWED.has(op.kind), op.kind).to.equal(true);
    // convolutions carry their activation fused, as TFLite does
    for (const op of q.ops) if (op.kind === 'conv2d' || op.kind === 'depthwise_conv2d') expect(op.activation).to.be.oneOf(['relu', 'relu6', 'none']);
    model.dispose();
  });
});
