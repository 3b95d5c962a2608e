import { expect } from 'chai';
import seedrandom from 'seedrandom';
import {
  INT32_MAX, INT32_MIN, frexp, multiplyByQuantizedMultiplier, quantizeMultiplier, roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from '../../exporter/reference/fixedpoint.ts';

describe('exporter/reference/fixedpoint (TFLite requantisation arithmetic)', () => {
  it('frexp matches C: fraction in [0.5, 1)', () => {
    expect(frexp(1)).to.deep.equal({ fraction: 0.5, exponent: 1 });
    expect(frexp(0.1)).to.deep.equal({ fraction: 0.8, exponent: -3 });
    expect(frexp(-3)).to.deep.equal({ fraction: -0.75, exponent: 2 });
    expect(frexp(2 ** -40)).to.deep.equal({ fraction: 0.5, exponent: -39 });
  });

  it('QuantizeMultiplier of known values', () => {
    expect(quantizeMultiplier(0.5)).to.deep.equal({ multiplier: 1073741824, shift: 0 });
    expect(quantizeMultiplier(1)).to.deep.equal({ multiplier: 1073741824, shift: 1 });
    expect(quantizeMultiplier(0.75)).to.deep.equal({ multiplier: 1610612736, shift: 0 });
    // 0.1 = 0.8·2^-3; 0.8·2^31 = 1717986918.4 → 1717986918
    expect(quantizeMultiplier(0.1)).to.deep.equal({ multiplier: 1717986918, shift: -3 });
    // Mantissa rounding up to 2^31 is renormalised to 2^30 with shift + 1.
    expect(quantizeMultiplier(1 - 2 ** -40)).to.deep.equal({ multiplier: 1073741824, shift: 1 });
    // Shifts below −31 flush to zero.
    expect(quantizeMultiplier(2 ** -40)).to.deep.equal({ multiplier: 0, shift: 0 });
    expect(quantizeMultiplier(0)).to.deep.equal({ multiplier: 0, shift: 0 });
    expect(() => quantizeMultiplier(-1)).to.throw(RangeError, /got -1/);
  });

  it('SaturatingRoundingDoublingHighMul: rounding, sign and the one saturating case', () => {
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN)).to.equal(INT32_MAX);
    expect(saturatingRoundingDoublingHighMul(2 ** 30, 2 ** 30)).to.equal(2 ** 29);
    expect(saturatingRoundingDoublingHighMul(3, 2 ** 30)).to.equal(2); // 1.5 → 2
    expect(saturatingRoundingDoublingHighMul(-3, 2 ** 30)).to.equal(-1); // −1.5: nudge 1−2^30 then truncation → −1
    expect(saturatingRoundingDoublingHighMul(-1, 2 ** 30)).to.equal(0); // −0.5 → 0
    expect(saturatingRoundingDoublingHighMul(INT32_MAX, INT32_MAX)).to.equal(INT32_MAX - 1);
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX)).to.equal(-INT32_MAX);
  });

  it('SaturatingRoundingDoublingHighMul equals a 64-bit BigInt oracle on random and extreme operands', function () {
    this.timeout(30000);
    const oracle = (a: number, b: number): number => {
      if (a === b && a === INT32_MIN) return INT32_MAX;
      const ab = BigInt(a) * BigInt(b);
      const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
      return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates like C++
    };
    const rng = seedrandom('srdhm');
    const int32 = () => rng.int32();
    const edges = [0, 1, -1, 2, -2, 65535, 65536, -65536, -65537, 2 ** 30, -(2 ** 30), INT32_MAX, INT32_MIN, INT32_MIN + 1];
    const pairs: [number, number][] = [];
    for (const a of edges) for (const b of edges) pairs.push([a, b]);
    for (let i = 0; i < 5000; i++) pairs.push([int32(), int32()]);
    for (let i = 0; i < 5000; i++) pairs.push([int32() >> (rng() * 31), 1073741824 + (rng.int32() >>> 2)]); // accumulators × Q31 multipliers
    const mismatches = pairs.filter(([a, b]) => saturatingRoundingDoublingHighMul(a, b) !== oracle(a, b));
    expect(mismatches).to.deep.equal([]);
  });

  it('RoundingDivideByPOT rounds half away from zero', () => {
    expect(roundingDivideByPOT(5, 1)).to.equal(3);
    expect(roundingDivideByPOT(-5, 1)).to.equal(-3);
    expect(roundingDivideByPOT(4, 1)).to.equal(2);
    expect(roundingDivideByPOT(-3, 1)).to.equal(-2);
    expect(roundingDivideByPOT(-6, 2)).to.equal(-2); // −1.5 → −2
    expect(roundingDivideByPOT(-5, 2)).to.equal(-1); // −1.25 → −1
    expect(roundingDivideByPOT(7, 0)).to.equal(7);
    expect(roundingDivideByPOT(INT32_MIN, 31)).to.equal(-1);
    expect(roundingDivideByPOT(INT32_MAX, 31)).to.equal(1);
    expect(() => roundingDivideByPOT(1, 32)).to.throw(RangeError, /0\.\.31, got 32/);
  });

  it('MultiplyByQuantizedMultiplier: positive, negative, shifts and saturation', () => {
    const half = 1073741824; // 0.5 in Q31
    expect(multiplyByQuantizedMultiplier(100, half, 0)).to.equal(50);
    expect(multiplyByQuantizedMultiplier(-100, half, 0)).to.equal(-50);
    expect(multiplyByQuantizedMultiplier(3, half, 0)).to.equal(2);
    expect(multiplyByQuantizedMultiplier(-3, half, 0)).to.equal(-1); // the high-mul's asymmetric tie
    expect(multiplyByQuantizedMultiplier(100, half, -1)).to.equal(25);
    expect(multiplyByQuantizedMultiplier(-6, half, -2)).to.equal(-1); // −3 → −0.75 → −1
    expect(multiplyByQuantizedMultiplier(1000, half, 2)).to.equal(2000);
    expect(multiplyByQuantizedMultiplier(INT32_MIN, INT32_MIN, 0)).to.equal(INT32_MAX);
    // 12345·0.1: high-mul gives round(12345·0.8) = 9876, then 9876 / 2^3 = 1234.5 → 1235 (double rounding)
    const m = quantizeMultiplier(0.1);
    expect(multiplyByQuantizedMultiplier(12345, m.multiplier, m.shift)).to.equal(1235);
  });
});

describe('exporter/reference single-rounding variant (TFLite optimised runtime; conformance only)', () => {
  it('rounds once, half up, exactly in 64 bits', async () => {
    const { multiplyByQuantizedMultiplierSingleRounding } = await import('../../exporter/reference/fixedpoint.ts');
    const half = 2 ** 30; // 0.5 in Q31
    expect(multiplyByQuantizedMultiplierSingleRounding(100, half, 0)).to.equal(50);
    expect(multiplyByQuantizedMultiplierSingleRounding(101, half, 0)).to.equal(51); // 50.5 → 51
    expect(multiplyByQuantizedMultiplierSingleRounding(-101, half, 0)).to.equal(-50); // −50.5 → −50 (half up)
    expect(multiplyByQuantizedMultiplierSingleRounding(3, half, 2)).to.equal(6); // 3·0.5·4
    expect(multiplyByQuantizedMultiplierSingleRounding(2 ** 30, 2 ** 31 - 1, 0)).to.equal(2 ** 30); // 2^30 − 0.5, half up
  });
});
