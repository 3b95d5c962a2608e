import { expect } from 'chai';
import { BOARD_BUDGET, budgetViolations, modelBudget } from '../../exporter/budget.ts';
import type { QModel, QTensor } from '../../exporter/qmodel.ts';

const act = (name: string, shape: number[]): QTensor => ({ name, shape, dtype: 'int8', scale: [0.1], zeroPoint: [-128], quantizedDimension: 0 });
const w = (name: string, shape: number[], dtype: 'int8' | 'int32' = 'int8'): QTensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { name, shape, dtype, scale: [0.01], zeroPoint: [0], quantizedDimension: 0, data: dtype === 'int8' ? new Int8Array(n) : new Int32Array(n) };
};

describe('exporter/budget', () => {
  // input 1×8×4×1 → conv 3×3 (4 ch, stride 2) → 1×4×2×4 → depthwise 3×3 → 1×4×2×4 → FC over the 32 values
  // (a folded global average pool) → 1×1 → logistic
  const q: QModel = {
    tensors: [
      act('in', [1, 8, 4, 1]), w('c/f', [4, 3, 3, 1]), w('c/b', [4], 'int32'), act('c', [1, 4, 2, 4]),
      w('d/f', [1, 3, 3, 4]), w('d/b', [4], 'int32'), act('d', [1, 4, 2, 4]),
      w('fc/w', [1, 32]), w('fc/b', [1], 'int32'), act('fc', [1, 1]), act('p', [1, 1]),
    ],
    ops: [
      { kind: 'conv2d', inputs: [0, 1, 2], outputs: [3], strideH: 2, strideW: 2, padding: 'same', activation: 'relu' },
      { kind: 'depthwise_conv2d', inputs: [3, 4, 5], outputs: [6], strideH: 1, strideW: 1, padding: 'same', activation: 'relu' },
      { kind: 'fully_connected', inputs: [6, 7, 8], outputs: [9], activation: 'none' },
      { kind: 'logistic', inputs: [9], outputs: [10] },
    ],
    inputs: [0], outputs: [10], description: 'hand-sized',
  };

  it('counts constant bytes, MACs and the liveness peak by hand', () => {
    const b = modelBudget(q);
    expect(b.int8WeightBytes).to.equal(36 + 36 + 32);
    expect(b.weightBytes).to.equal(104 + 4 * 4 + 4 * 4 + 4);
    // conv 32 outputs × 9 taps; depthwise 32 × 9; FC 32
    expect(b.macs).to.equal(32 * 9 + 32 * 9 + 32);
    // op 0: input 32 + conv out 32 = 64; op 1: 32 + 32 = 64; later ops smaller → first peak at op 0
    expect(b.peakActivationBytes).to.equal(64);
    expect(b.peakAtOp).to.equal(0);
  });

  it('reports each broken limit with the value and the limit', () => {
    expect(budgetViolations(modelBudget(q))).to.deep.equal([]);
    const v = budgetViolations(modelBudget(q), { ...BOARD_BUDGET, maxMacs: 100, maxPeakActivationBytes: 10 });
    expect(v).to.deep.equal(['608 MACs per window exceed 100', 'peak activations 64 B exceed 10 B']);
  });
});
