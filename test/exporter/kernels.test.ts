import { expect } from 'chai';
import { convPerChannel, type ConvParams } from '../../exporter/reference/conv2d.ts';
import { depthwiseConvPerChannel } from '../../exporter/reference/depthwise-conv2d.ts';
import { fullyConnected } from '../../exporter/reference/fully-connected.ts';
import { logisticInt8, prepareLogistic } from '../../exporter/reference/logistic.ts';
import { outputSize, paddingBefore } from '../../exporter/reference/padding.ts';
import { activationRangeInt8 } from '../../exporter/reference/activation-range.ts';

const ONE = { multiplier: 1073741824, shift: 1 }; // real multiplier 1.0

describe('exporter/reference kernels (TFLM int8 reference semantics)', () => {
  it('SAME padding splits like TFLite: extra pixel after', () => {
    expect(outputSize(49, 10, 2, 'same')).to.equal(25);
    expect(paddingBefore(49, 10, 2, 'same')).to.equal(4); // total (24·2 + 10 − 49) = 9 → 4 before, 5 after
    expect(paddingBefore(13, 4, 2, 'same')).to.equal(1); // total 6·2 + 4 − 13 = 3
    expect(outputSize(13, 3, 1, 'valid')).to.equal(11);
  });

  it('activation ranges: relu clamps at the zero point', () => {
    expect(activationRangeInt8('none', 0.1, 3)).to.deep.equal({ min: -128, max: 127 });
    expect(activationRangeInt8('relu', 0.1, -128)).to.deep.equal({ min: -128, max: 127 });
    expect(activationRangeInt8('relu', 0.1, -20)).to.deep.equal({ min: -20, max: 127 });
    expect(activationRangeInt8('relu6', 0.1, -128)).to.deep.equal({ min: -128, max: -68 });
  });

  it('conv: 3×3 box sum with SAME padding, input zero point, bias and clamp', () => {
    // 1×3×3×1 input 1..9 stored with zero point −1 (q = x − 1), all-ones 3×3 filter, bias 10.
    const input = Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9], (x) => x - 1);
    const p: ConvParams = {
      inputShape: [1, 3, 3, 1], filterShape: [1, 3, 3, 1], outputShape: [1, 3, 3, 1], strideH: 1, strideW: 1,
      padTop: 1, padLeft: 1, inputZeroPoint: -1, outputZeroPoint: 0,
      multipliers: Int32Array.of(ONE.multiplier), shifts: Int32Array.of(ONE.shift), activationMin: -128, activationMax: 40,
    };
    const out = new Int8Array(9);
    convPerChannel(p, input, new Int8Array(9).fill(1), Int32Array.of(10), out);
    // Corner (0,0): 1+2+4+5 = 12 (+10); centre 45+10, (1,2) 33+10 and (2,1) 39+10 clamp to 40.
    expect(Array.from(out)).to.deep.equal([22, 31, 26, 37, 40, 40, 34, 40, 38]);
  });

  it('conv: per-channel multipliers and stride 2', () => {
    // 1×4×4×1 input of 2s, two 1×1 filters (3 and −1), channel scales 0.5 and 1, stride 2, VALID.
    const p: ConvParams = {
      inputShape: [1, 4, 4, 1], filterShape: [2, 1, 1, 1], outputShape: [1, 2, 2, 2], strideH: 2, strideW: 2,
      padTop: 0, padLeft: 0, inputZeroPoint: 0, outputZeroPoint: 5,
      multipliers: Int32Array.of(1073741824, ONE.multiplier), shifts: Int32Array.of(0, ONE.shift), activationMin: -128, activationMax: 127,
    };
    const out = new Int8Array(8);
    convPerChannel(p, new Int8Array(16).fill(2), Int8Array.of(3, -1), null, out);
    expect(Array.from(out)).to.deep.equal([8, 3, 8, 3, 8, 3, 8, 3]); // 6·0.5 + 5, −2·1 + 5
  });

  it('depthwise: each channel convolved with its own 3×3 filter', () => {
    // 1×2×2×2 input: channel 0 = 1, channel 1 = 10; filter channel 0 = centre 2, channel 1 = all ones.
    const input = Int8Array.of(1, 10, 1, 10, 1, 10, 1, 10);
    const filter = new Int8Array(18);
    filter[(1 * 3 + 1) * 2 + 0] = 2;
    for (let i = 0; i < 9; i++) filter[i * 2 + 1] = 1;
    const p: ConvParams = {
      inputShape: [1, 2, 2, 2], filterShape: [1, 3, 3, 2], outputShape: [1, 2, 2, 2], strideH: 1, strideW: 1,
      padTop: 1, padLeft: 1, inputZeroPoint: 0, outputZeroPoint: -128,
      multipliers: Int32Array.of(ONE.multiplier, ONE.multiplier), shifts: Int32Array.of(1, 1), activationMin: -128, activationMax: 127,
    };
    const out = new Int8Array(8);
    depthwiseConvPerChannel(p, input, filter, Int32Array.of(0, 1), out);
    // ch0: 2·1 − 128 = −126; ch1: 4 neighbours in image ·10 + 1 − 128 = −87.
    expect(Array.from(out)).to.deep.equal([-126, -87, -126, -87, -126, -87, -126, -87]);
  });

  it('fully connected: offsets, bias and requantisation', () => {
    const out = new Int8Array(2);
    fullyConnected({
      batches: 1, accumDepth: 3, outputDepth: 2, inputZeroPoint: -128, filterZeroPoint: 0, outputZeroPoint: 0,
      multiplier: 1073741824, shift: -2, activationMin: -128, activationMax: 127,
    }, Int8Array.of(-128, -127, -126), Int8Array.of(1, 2, 3, -4, 5, -6), Int32Array.of(4, 0), out);
    // x − zp = [0, 1, 2]; row 0: 2 + 6 + 4 = 12 → ·0.125 = 1.5 → 2; row 1: 5 − 12 = −7 → −0.875 → −1
    expect(Array.from(out)).to.deep.equal([2, -1]);
  });

  it('logistic: exact midpoint and saturation, within 1 LSB of the real sigmoid everywhere', () => {
    const scale = 0.0625;
    const zp = 3;
    const p = prepareLogistic(scale, zp);
    const input = Int8Array.from({ length: 256 }, (_, i) => i - 128);
    const out = new Int8Array(256);
    logisticInt8(p, input, out);
    expect(out[zp + 128]).to.equal(0); // sigmoid(0) = 0.5 → 128/256 → q 0
    expect(out[0]).to.equal(-128 + Math.round(256 / (1 + Math.exp(((131) * scale))))); // x = −131·s
    for (let i = 0; i < 256; i++) {
      const x = (input[i] - zp) * scale;
      const ideal = Math.min(127, Math.round(256 / (1 + Math.exp(-x))) - 128);
      expect(Math.abs(out[i] - ideal), `input ${input[i]}`).to.be.at.most(1);
    }
  });

  it('logistic: radius saturates large inputs to the int8 ends', () => {
    const p = prepareLogistic(0.2, 0);
    expect(p.inputRangeRadius).to.be.greaterThan(0);
    const out = new Int8Array(2);
    logisticInt8(p, Int8Array.of(127, -128), out);
    expect(Array.from(out)).to.deep.equal([127, -128]);
  });
});
