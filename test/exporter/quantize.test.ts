import { expect } from 'chai';
import { quantizeModel } from '../../exporter/quantize/index.ts';
import { asymmetricParams, quantizeSymmetric, symmetricScale } from '../../exporter/quantize/qparams.ts';
import { foldBatchNorm } from '../../exporter/quantize/fold-batchnorm.ts';
import { foldGlobalAveragePool } from '../../exporter/quantize/fold-pool.ts';
import { extractStages, type ConvStage, type DenseStage } from '../../exporter/quantize/graph.ts';
import { tapRows } from '../../exporter/quantize/tap-rows.ts';
import { quantizeInput, runInt8, runInt8Probability } from '../../exporter/reference/index.ts';
import { bnCalibratedModel, floatProbabilities, randomWindowMlp, randomWindows, testMeta } from './helpers.ts';

describe('exporter/quantize', () => {
  it('asymmetric params: relu range maps 0 to −128; ranges always include 0', () => {
    expect(asymmetricParams(0, 2.55)).to.deep.equal({ scale: Math.fround(0.01), zeroPoint: -128 });
    const p = asymmetricParams(-1, 1);
    expect(p.scale).to.equal(Math.fround(2 / 255));
    expect(p.zeroPoint).to.equal(-1); // −128 + 127.5 = −0.5 → std::round (half away) → −1
    expect(asymmetricParams(1, 3).zeroPoint).to.equal(-128); // min raised to 0
    expect(() => asymmetricParams(2, 1)).to.throw(RangeError, /\[2, 1\]/);
  });

  it('folds batch norm into the conv weights and bias', () => {
    // One input, two output channels: W = [1, 2]; BN k = γ/√(σ²+ε) = [2/2, 3/1]
    const f = foldBatchNorm(Float32Array.of(1, 2), Float32Array.of(0.5, 0), {
      gamma: Float32Array.of(2, 3), beta: Float32Array.of(1, -1), movingMean: Float32Array.of(1, 2), movingVariance: Float32Array.of(4, 1), epsilon: 0,
    }, 2);
    expect(Array.from(f.kernel)).to.deep.equal([1, 6]);
    expect(Array.from(f.bias)).to.deep.equal([(0.5 - 1) * 1 + 1, (0 - 2) * 3 - 1]);
  });

  it('folding the global average pool: dense(mean(x)) equals dense over the flattened x with w[c]/(H·W)', () => {
    // x is [1, 2, 3, 2] (H = 2, W = 3, C = 2), dense 2 → 2 with kernel [[1, −2], [0.5, 3]] (tfjs [in, out]).
    const kernel = Float64Array.of(1, -2, 0.5, 3);
    const f = foldGlobalAveragePool(kernel, [2, 2], [1, 2, 3, 2]);
    expect(f.kernelShape).to.deep.equal([12, 2]);
    // Row p·C + c holds kernel row c divided by the 6 positions.
    expect(Array.from(f.kernel.subarray(0, 4))).to.deep.equal([1 / 6, -2 / 6, 0.5 / 6, 3 / 6]);
    expect(Array.from(f.kernel.subarray(20, 24))).to.deep.equal([1 / 6, -2 / 6, 0.5 / 6, 3 / 6]);
    const x = [0.5, -1, 2, 4, -3, 0, 1, 1, 7, -2, 0.25, 3];
    const mean = [0, 1].map((c) => x.filter((_, i) => i % 2 === c).reduce((a, b) => a + b, 0) / 6);
    const direct = [0, 1].map((o) => mean[0] * kernel[o] + mean[1] * kernel[2 + o]);
    const folded = [0, 1].map((o) => x.reduce((a, v, i) => a + v * f.kernel[i * 2 + o], 0));
    expect(folded[0]).to.be.closeTo(direct[0], 1e-12);
    expect(folded[1]).to.be.closeTo(direct[1], 1e-12);
    expect(() => foldGlobalAveragePool(kernel, [2, 2], [1, 2, 3, 4])).to.throw(RangeError, /2 inputs but the pool gives 4 channels/);
  });

  describe('a BN-calibrated random DS-CNN', function () {
    this.timeout(120000);
    const cfg = { channels: 16, blocks: 2, seed: 7 };
    const calib = randomWindows(48, 49, 13, 'calib');
    const test = randomWindows(40, 49, 13, 'test');
    const { model, cfg: full } = bnCalibratedModel(cfg, calib);
    const q = quantizeModel(model, testMeta(full), calib);

    it('has TFLite-shaped tensors and int8 quantisation everywhere it should', () => {
      expect(q.ops.map((o) => o.kind)).to.deep.equal([
        'conv2d', 'depthwise_conv2d', 'conv2d', 'depthwise_conv2d', 'conv2d', 'fully_connected', 'logistic',
      ]);
      const conv0 = q.ops[0];
      const filter = q.tensors[conv0.inputs[1]];
      expect(filter.shape).to.deep.equal([16, 10, 4, 1]);
      expect(filter.quantizedDimension).to.equal(0);
      expect(filter.scale).to.have.length(16);
      expect(filter.zeroPoint.every((z) => z === 0)).to.equal(true);
      expect(Array.from(filter.data!).every((v) => v >= -127 && v <= 127)).to.equal(true);
      const dw = q.tensors[q.ops[1].inputs[1]];
      expect(dw.shape).to.deep.equal([1, 3, 3, 16]);
      expect(dw.quantizedDimension).to.equal(3);
      const out0 = q.tensors[conv0.outputs[0]];
      expect(out0.shape).to.deep.equal([1, 25, 7, 16]);
      expect(out0.zeroPoint).to.deep.equal([-128]); // fused ReLU
      const bias = q.tensors[conv0.inputs[2]];
      expect(bias.dtype).to.equal('int32');
      expect(bias.scale[3]).to.equal(Math.fround(q.tensors[0].scale[0] * filter.scale[3]));
      const prob = q.tensors[q.outputs[0]];
      expect(prob.scale).to.deep.equal([1 / 256]);
      expect(prob.zeroPoint).to.deep.equal([-128]);
    });

    it('folds the pool into FULLY_CONNECTED: it reads the last conv output, with the unfolded int8 codes replicated', () => {
      const fc = q.ops[5];
      expect(fc.inputs[0]).to.equal(q.ops[4].outputs[0]);
      expect(q.tensors[fc.inputs[0]].shape).to.deep.equal([1, 25, 7, 16]);
      const wT = q.tensors[fc.inputs[1]];
      expect(wT.shape).to.deep.equal([1, 25 * 7 * 16]);
      // Per-tensor quantisation of w[c]/175 gives the codes of w[c] (both are w[c]·127/max|w|): nothing lost.
      const dense = extractStages(model).find((s): s is DenseStage => s.kind === 'dense')!;
      const maxAbs = dense.kernel.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const unfolded = Array.from(dense.kernel, (v) => quantizeSymmetric(v, symmetricScale(maxAbs)));
      const codes = wT.data as Int8Array;
      for (let i = 0; i < codes.length; i++) expect(codes[i], `weight ${i}`).to.equal(unfolded[i % 16]);
      expect(wT.scale[0]).to.equal(Math.fround(maxAbs / 175 / 127));
    });

    it('the folded float graph equals the float model (pool + dense) up to float32 rounding', () => {
      const stages = extractStages(model);
      const lastConv = stages.filter((s): s is ConvStage => s.kind !== 'dense' && s.kind !== 'global_average_pool').pop()!;
      const dense = stages.find((s): s is DenseStage => s.kind === 'dense')!;
      const rows = tapRows(model, lastConv.tap, test, [49, 13, 1]);
      const folded = foldGlobalAveragePool(dense.kernel, dense.kernelShape, [1, 25, 7, 16]);
      const f = floatProbabilities(model, test, 49, 13);
      rows.forEach((row, i) => {
        let logit = dense.bias[0];
        for (let k = 0; k < row.length; k++) logit += row[k] * folded.kernel[k];
        expect(1 / (1 + Math.exp(-logit)), `window ${i}`).to.be.closeTo(f[i], 1e-6);
      });
    });

    it('int8 reference probabilities stay close to the float model on unseen windows', () => {
      const f = floatProbabilities(model, test, 49, 13);
      let maxDiff = 0;
      let agree = 0;
      test.forEach((w, i) => {
        const p = runInt8Probability(q, quantizeInput(q, w));
        maxDiff = Math.max(maxDiff, Math.abs(p - f[i]));
        if ((p >= 0.5) === (f[i] >= 0.5)) agree++;
      });
      expect(maxDiff, `max |p_int8 − p_float| = ${maxDiff}`).to.be.below(0.04); // measured 0.022 for this seed
      expect(agree / test.length).to.be.at.least(0.9);
    });

    it('is deterministic and returns one int8 output per model output', () => {
      const x = quantizeInput(q, test[0]);
      const a = runInt8(q, x);
      const b = runInt8(q, x);
      expect(a).to.have.length(1);
      expect(Array.from(a[0])).to.deep.equal(Array.from(b[0]));
    });
  });

  describe('a random window MLP', function () {
    this.timeout(60000);
    const { model, meta } = randomWindowMlp({ seed: 3 });
    const calib = randomWindows(64, 5, 40, 'mlp-calib');
    const test = randomWindows(80, 5, 40, 'mlp-test');
    const q = quantizeModel(model, meta, calib);

    it('is FULLY_CONNECTED → ReLU-fused FULLY_CONNECTED layers → LOGISTIC, reading the [1, 5, 40, 1] grid flattened', () => {
      expect(q.ops.map((o) => o.kind)).to.deep.equal(['fully_connected', 'fully_connected', 'fully_connected', 'logistic']);
      expect(q.ops.map((o) => ('activation' in o ? o.activation : '-'))).to.deep.equal(['relu', 'relu', 'none', '-']);
      expect(q.tensors[q.inputs[0]].shape).to.deep.equal([1, 5, 40, 1]);
      expect(q.tensors[q.ops[0].inputs[1]].shape).to.deep.equal([32, 200]);
      expect(q.tensors[q.ops[1].inputs[1]].shape).to.deep.equal([16, 32]);
      // A fused ReLU's output range starts at 0, so its zero point is −128.
      expect(q.tensors[q.ops[0].outputs[0]].zeroPoint).to.deep.equal([-128]);
      expect(q.tensors[q.ops[1].outputs[0]].zeroPoint).to.deep.equal([-128]);
    });

    it('int8 reference probabilities stay close to the float model', () => {
      const f = floatProbabilities(model, test, 5, 40);
      let maxDiff = 0;
      test.forEach((w, i) => { maxDiff = Math.max(maxDiff, Math.abs(runInt8Probability(q, quantizeInput(q, w)) - f[i])); });
      expect(maxDiff, `max |p_int8 − p_float| = ${maxDiff}`).to.be.below(0.03);
      expect(new Set(f.map((p) => Math.round(p * 20))).size, 'the float outputs spread over several values').to.be.at.least(3);
    });

    it('rejects a model whose input grid does not match the meta window', () => {
      expect(() => quantizeModel(model, { ...meta, window: { frames: 49, hopFrames: 10 } }, calib)).to.throw(RangeError, /input 5×40 does not match meta's window input 49/);
    });
  });
});
