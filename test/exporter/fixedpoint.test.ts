import { expect } from 'chai';
import seedrandom from 'seedrandom';
import {
  INT32_MAX, INT32_MIN, frexp, multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierDoubleRounding, quantizeMultiplier,
  roundingDivideByPOT, saturatingRoundingDoublingHighMul,
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

  it('MultiplyByQuantizedMultiplier (TFLITE_SINGLE_ROUNDING): one rounding, ties toward +∞, shifts', () => {
    const half = 2 ** 30; // 0.5 in Q31
    expect(multiplyByQuantizedMultiplier(100, half, 0)).to.equal(50);
    expect(multiplyByQuantizedMultiplier(-100, half, 0)).to.equal(-50);
    expect(multiplyByQuantizedMultiplier(101, half, 0)).to.equal(51); // 50.5 → 51
    expect(multiplyByQuantizedMultiplier(-101, half, 0)).to.equal(-50); // −50.5 → −50 (half up)
    expect(multiplyByQuantizedMultiplier(100, half, -1)).to.equal(25);
    expect(multiplyByQuantizedMultiplier(-6, half, -2)).to.equal(-1); // −0.75 → −1
    expect(multiplyByQuantizedMultiplier(1000, half, 2)).to.equal(2000);
    expect(multiplyByQuantizedMultiplier(2 ** 30, 2 ** 31 - 1, 0)).to.equal(2 ** 30); // 2^30 − 0.5, half up
    expect(multiplyByQuantizedMultiplier(INT32_MAX, INT32_MAX, 0)).to.equal(INT32_MAX - 1); // 2^31 − 2 + 2^−31
    expect(() => multiplyByQuantizedMultiplier(1, half, 31)).to.throw(RangeError, /-31\.\.30, got 31/);
  });

  it('single and double rounding differ where the hand computation says they do', () => {
    // 12345 · 0.1 with QuantizeMultiplier(0.1) = (1717986918, −3). Exactly: 12345·1717986918 / 2^34
    // = 21208548502710 / 17179869184 = 1234.49999997 → single rounding 1234. TFLM's default build first
    // rounds the high-mul, 12345·1717986918 / 2^31 = 9875.99999977 → 9876, then 9876 / 2^3 = 1234.5 → 1235.
    const m = quantizeMultiplier(0.1);
    expect(m).to.deep.equal({ multiplier: 1717986918, shift: -3 });
    expect(multiplyByQuantizedMultiplier(12345, m.multiplier, m.shift)).to.equal(1234);
    expect(multiplyByQuantizedMultiplierDoubleRounding(12345, m.multiplier, m.shift)).to.equal(1235);
    // A negative tie: −1000 · 0.5 / 8 = −62.5 → −62 (single, half up) vs −63 (double, half away from zero).
    expect(multiplyByQuantizedMultiplier(-1000, 2 ** 30, -3)).to.equal(-62);
    expect(multiplyByQuantizedMultiplierDoubleRounding(-1000, 2 ** 30, -3)).to.equal(-63);
  });

  it('MultiplyByQuantizedMultiplier equals a 64-bit BigInt oracle of TFLM common.cc on random and extreme operands', function () {
    this.timeout(30000);
    // int64 result = x·m + (1 << (t − 1)); result >>= t — with t = 31 − shift; TFLM DCHECKs that it fits int32.
    const oracle = (x: number, m: number, shift: number): number | 'overflow' => {
      const t = BigInt(31 - shift);
      const r = (BigInt(x) * BigInt(m) + (1n << (t - 1n))) >> t;
      return r === BigInt.asIntN(32, r) ? Number(r) : 'overflow';
    };
    const run = (x: number, m: number, s: number): number | 'overflow' => {
      try {
        return multiplyByQuantizedMultiplier(x, m, s);
      } catch (e) {
        if (e instanceof RangeError && /does not fit int32/.test(e.message)) return 'overflow';
        throw e;
      }
    };
    const rng = seedrandom('mbqm');
    const cases: [number, number, number][] = [];
    const xs = [0, 1, -1, 65535, -65536, 2 ** 30, -(2 ** 30), INT32_MAX, INT32_MIN];
    const ms = [0, 1, 65535, 65536, 2 ** 30, 2 ** 31 - 1];
    for (const x of xs) for (const m of ms) for (const shift of [-31, -20, -16, -15, -1, 0, 1, 14, 15, 16, 30]) cases.push([x, m, shift]);
    for (let i = 0; i < 20000; i++) {
      cases.push([rng.int32() >> Math.floor(rng() * 31), 2 ** 30 + (rng.int32() >>> 2), -Math.floor(rng() * 32)]);
    }
    const mismatches = cases.filter(([x, m, s]) => run(x, m, s) !== oracle(x, m, s)).slice(0, 5);
    expect(mismatches).to.deep.equal([]);
    expect(cases.filter(([x, m, s]) => oracle(x, m, s) === 'overflow').length, 'some cases overflow int32').to.be.greaterThan(0);
  });

  it('double-rounding variant (TFLM default build): high-mul then rounding divide', () => {
    const half = 1073741824; // 0.5 in Q31
    expect(multiplyByQuantizedMultiplierDoubleRounding(3, half, 0)).to.equal(2);
    expect(multiplyByQuantizedMultiplierDoubleRounding(-3, half, 0)).to.equal(-1); // the high-mul's asymmetric tie
    expect(multiplyByQuantizedMultiplierDoubleRounding(-6, half, -2)).to.equal(-1); // −3 → −0.75 → −1
    expect(multiplyByQuantizedMultiplierDoubleRounding(1000, half, 2)).to.equal(2000);
    expect(multiplyByQuantizedMultiplierDoubleRounding(INT32_MIN, INT32_MIN, 0)).to.equal(INT32_MAX);
  });
});
