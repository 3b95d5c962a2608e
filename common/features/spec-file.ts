import * as fs from 'node:fs';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from './spec.ts';
import { validateFeatureSpec } from './validate-spec.ts';

/**
 * Reads a feature spec JSON file (a model's `feature_spec.json`, or a partial object): fields present
 * override DEFAULT_FEATURE_SPEC, unknown fields are refused, and the result is validated with the file
 * named in every error.
 */
export function readFeatureSpecFile(file: string): FeatureSpec {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read feature spec JSON (${(e as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TypeError(`${file}: feature spec must be a JSON object`);
  }
  const unknown = Object.keys(parsed).filter((k) => !(k in DEFAULT_FEATURE_SPEC));
  if (unknown.length > 0) {
    throw new RangeError(`${file}: unknown feature spec field(s) ${unknown.join(', ')}; allowed: ${Object.keys(DEFAULT_FEATURE_SPEC).join(', ')}`);
  }
  return validateFeatureSpec({ ...DEFAULT_FEATURE_SPEC, ...(parsed as Partial<FeatureSpec>) }, file);
}
