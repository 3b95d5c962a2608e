/**
 * The decision threshold in the int8 output domain: with output quantisation (scale, zp), probability
 * p = scale·(q − zp) ≥ threshold ⇔ q ≥ ceil(threshold/scale + zp). Saturates to the int8 range, so a
 * threshold above the largest representable probability (≈ 0.996 for 1/256) can never fire.
 */
export function thresholdToInt8(threshold: number, scale: number, zeroPoint: number): number {
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`threshold must be 0..1, got ${threshold}`);
  if (!(scale > 0)) throw new RangeError(`output scale must be > 0, got ${scale}`);
  // Subtract a hair so thresholds that land exactly on a level (e.g. 0.5 → 0) are not pushed up by float error.
  const q = Math.ceil(threshold / scale + zeroPoint - 1e-9);
  return Math.max(-128, Math.min(127, q));
}
