import type { FeatureSpec } from './spec.ts';

/**
 * Checks every FeatureSpec field and throws a TypeError (wrong kind) or RangeError (out of range) naming the
 * field, the allowed range, the value and `source` (e.g. the JSON file it came from). Returns the spec.
 */
export function validateFeatureSpec(spec: FeatureSpec, source = 'feature spec'): FeatureSpec {
  const where = `(${source})`;
  if (spec === null || typeof spec !== 'object') throw new TypeError(`feature spec must be an object, got ${spec} ${where}`);
  const int = (field: keyof FeatureSpec, lo: number, hi: number): number => {
    const v = spec[field];
    if (typeof v !== 'number') throw new TypeError(`${field} must be a number, got ${JSON.stringify(v)} ${where}`);
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${field} must be an integer ${lo}..${hi}, got ${v} ${where}`);
    return v;
  };
  const num = (field: keyof FeatureSpec, ok: (v: number) => boolean, range: string): number => {
    const v = spec[field];
    if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`${field} must be a number, got ${JSON.stringify(v)} ${where}`);
    if (!ok(v)) throw new RangeError(`${field} must be ${range}, got ${v} ${where}`);
    return v;
  };
  const bool = (field: keyof FeatureSpec): void => {
    if (typeof spec[field] !== 'boolean') throw new TypeError(`${field} must be true or false, got ${JSON.stringify(spec[field])} ${where}`);
  };
  const literal = (field: keyof FeatureSpec, allowed: unknown): void => {
    if (spec[field] !== allowed) throw new RangeError(`${field} must be ${JSON.stringify(allowed)}, got ${JSON.stringify(spec[field])} ${where}`);
  };

  literal('version', 1);
  const sr = int('sampleRateHz', 1000, 192000);
  const nFft = int('nFft', 64, 4096);
  if ((nFft & (nFft - 1)) !== 0) throw new RangeError(`nFft must be a power of two 64..4096, got ${nFft} ${where}`);
  const win = int('winLength', 1, nFft);
  int('hopLength', 1, win);
  literal('window', 'hann');
  bool('center');
  const nMels = int('nMels', 1, 256);
  const fmax = num('fmaxHz', (v) => v > 0 && v <= sr / 2, `in (0, ${sr / 2}] (sampleRateHz/2)`);
  num('fminHz', (v) => v >= 0 && v < fmax, `in [0, ${fmax}) (below fmaxHz)`);
  bool('htk');
  literal('melNorm', 'slaney');
  literal('power', 2);
  num('amin', (v) => v > 0 && v <= 1, 'in (0, 1]');
  if (spec.topDb !== null) num('topDb', (v) => v > 0, '> 0 or null');
  if (spec.dctType !== null) literal('dctType', 2);
  literal('dctNorm', 'ortho');
  const nMfcc = int('nMfcc', 1, nMels);
  if (spec.dctType === null && nMfcc !== nMels) throw new RangeError(`nMfcc must equal nMels (${nMels}) when dctType is null (log-mel features), got ${nMfcc} ${where}`);
  num('preEmphasis', (v) => v >= 0 && v < 1, 'in [0, 1)');
  return spec;
}
