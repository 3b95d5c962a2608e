/**
 * Integer requantisation arithmetic of TFLite / TFLite Micro, bit for bit: `QuantizeMultiplier`
 * (tensorflow/lite/kernels/internal/quantization_util.cc), `MultiplyByQuantizedMultiplier`
 * (kernels/internal/common.cc) in both of its builds, and gemmlowp's `SaturatingRoundingDoublingHighMul` /
 * `RoundingDivideByPOT` (fixedpoint/fixedpoint.h), which the LOGISTIC kernel also uses.
 *
 * The project's convention is TFLite Micro built with TFLITE_SINGLE_ROUNDING (one rounding of the 64-bit
 * product, `multiplyByQuantizedMultiplier`): it is what the firmware runs and what TFLite's optimised
 * runtime (the WASM build) computes. TFLM's default build rounds twice
 * (`multiplyByQuantizedMultiplierDoubleRounding`), kept as a named variant to measure that gap.
 * All values are JavaScript numbers holding int32; every 64-bit product is split so it stays exact.
 */

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** C's std::frexp: x = fraction · 2^exponent with |fraction| in [0.5, 1) (both 0 for x = 0). */
export function frexp(x: number): { fraction: number; exponent: number } {
  if (x === 0 || !Number.isFinite(x)) return { fraction: x, exponent: 0 };
  let exponent = Math.floor(Math.log2(Math.abs(x))) + 1;
  let fraction = x / 2 ** exponent;
  // log2 can be off by one near powers of two; fix up exactly (division by 2^k is exact in binary64).
  while (Math.abs(fraction) >= 1) { fraction /= 2; exponent += 1; }
  while (Math.abs(fraction) < 0.5) { fraction *= 2; exponent -= 1; }
  return { fraction, exponent };
}

/** TfLiteRound / std::round: halves away from zero. */
export function roundHalfAwayFromZero(v: number): number {
  const a = Math.abs(v);
  let r = Math.floor(a);
  if (a - r >= 0.5) r += 1;
  return v < 0 ? -r : r;
}

/** A real multiplier as TFLite stores it: a Q31 mantissa in [2^30, 2^31) and a power-of-two shift. */
export interface QuantizedMultiplier {
  multiplier: number;
  /** > 0 = left shift, < 0 = right shift. */
  shift: number;
}

/** tflite::QuantizeMultiplier (frexp-based). Throws on negative or non-finite input, which TFLite rejects. */
export function quantizeMultiplier(realMultiplier: number): QuantizedMultiplier {
  if (!(realMultiplier >= 0) || !Number.isFinite(realMultiplier)) {
    throw new RangeError(`quantizeMultiplier: multiplier must be a finite number >= 0, got ${realMultiplier}`);
  }
  if (realMultiplier === 0) return { multiplier: 0, shift: 0 };
  const { fraction, exponent } = frexp(realMultiplier);
  let shift = exponent;
  let qFixed = roundHalfAwayFromZero(fraction * 2 ** 31);
  if (qFixed === 2 ** 31) { qFixed /= 2; shift += 1; }
  if (shift < -31) { shift = 0; qFixed = 0; }
  return { multiplier: qFixed, shift };
}

/**
 * gemmlowp SaturatingRoundingDoublingHighMul for int32 (ARM VQRDMULH): trunc((a·b + nudge) / 2^31) with
 * nudge = ±2^30, saturating the single overflow case. The 62-bit product is not exact in a double, so it
 * is split exactly: b = bh·2^16 + bl, a·bh and a·bl are exact (< 2^47), and the division by 2^31 is done on
 * the parts. (Checked against a BigInt oracle in the tests.)
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === b && a === INT32_MIN) return INT32_MAX;
  const bh = b >> 16;
  const bl = b & 0xffff;
  const nonNegative = a === 0 || b === 0 || (a > 0) === (b > 0);
  const r = a * bl + (nonNegative ? 1073741824 : 1 - 1073741824);
  const rh = Math.floor(r / 65536);
  const rl = r - rh * 65536;
  const s = a * bh + rh; // N = s·2^16 + rl, 0 ≤ rl < 2^16
  const t = Math.floor(s / 32768); // N = t·2^31 + u·2^16 + rl, 0 ≤ u < 2^15
  const u = s - t * 32768;
  // C++ int64 division truncates toward zero: floor, plus one for negative non-exact quotients.
  return t < 0 && (u !== 0 || rl !== 0) ? t + 1 : t;
}

/** gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero; exponent 0..31. */
export function roundingDivideByPOT(x: number, exponent: number): number {
  if (!(exponent >= 0 && exponent <= 31)) throw new RangeError(`roundingDivideByPOT: exponent must be 0..31, got ${exponent}`);
  const mask = exponent === 31 ? 0x7fffffff : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * tflite::MultiplyByQuantizedMultiplier as TFLite Micro builds it with TFLITE_SINGLE_ROUNDING — the project's
 * requantisation: (x·m + 2^(t−1)) >> t with t = 31 − shift, one rounding (ties toward +∞), in 64 bits.
 * TFLM requires shift in −31..30 (t in 1..62) and a result that fits int32 (both DCHECKed); both throw here.
 * The product is split like saturatingRoundingDoublingHighMul's so every step is exact in a double:
 * m = mh·2^16 + ml, x·m = s·2^16 + al with 0 ≤ al < 2^16; for t > 16 the rounding constant is a multiple of
 * 2^16, so floor((s·2^16 + al + 2^(t−1)) / 2^t) = floor((s + 2^(t−17)) / 2^(t−16)) (al cannot carry).
 * (Checked against a BigInt oracle in the tests.)
 */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  if (!(shift >= -31 && shift <= 30)) throw new RangeError(`multiplyByQuantizedMultiplier: shift must be -31..30, got ${shift}`);
  const t = 31 - shift;
  const mh = Math.floor(multiplier / 65536);
  const ml = multiplier - mh * 65536;
  const a = x * ml;
  const ah = Math.floor(a / 65536);
  const al = a - ah * 65536;
  const s = x * mh + ah;
  const r = t > 16 ? Math.floor((s + 2 ** (t - 17)) / 2 ** (t - 16)) : s * 2 ** (16 - t) + Math.floor((al + 2 ** (t - 1)) / 2 ** t);
  if (r < INT32_MIN || r > INT32_MAX) throw new RangeError(`multiplyByQuantizedMultiplier: ${x}·${multiplier}·2^${shift - 31} does not fit int32`);
  return r;
}

/**
 * tflite::MultiplyByQuantizedMultiplier of TFLite Micro's default build (without TFLITE_SINGLE_ROUNDING):
 * left shift (int32, wrapping like the C code on two's-complement targets), SaturatingRoundingDoublingHighMul,
 * then RoundingDivideByPOT — two roundings. Not the project's convention; it measures what a TFLM build
 * without the flag would compute.
 */
export function multiplyByQuantizedMultiplierDoubleRounding(x: number, multiplier: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(Math.imul(x, 2 ** left | 0), multiplier), right);
}

/** Which MultiplyByQuantizedMultiplier a TFLite Micro build uses: 'single' (TFLITE_SINGLE_ROUNDING, ours) or 'double' (TFLM default). */
export type Requantization = 'single' | 'double';

export function requantizer(r: Requantization): (x: number, multiplier: number, shift: number) => number {
  return r === 'single' ? multiplyByQuantizedMultiplier : multiplyByQuantizedMultiplierDoubleRounding;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
