// readFeatureSpecFile: partial JSON overrides the default spec; bad or unknown fields are refused naming the file.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readFeatureSpecFile } from '../../../common/features/spec-file.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../common/features/spec.ts';

describe('features/readFeatureSpecFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-'));
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  it('merges a partial spec over the default', () => {
    const spec = readFeatureSpecFile(write('p.json', '{"nMfcc": 20, "center": true}'));
    expect(spec).to.deep.equal({ ...DEFAULT_FEATURE_SPEC, nMfcc: 20, center: true });
  });
  it('refuses unknown fields, out-of-range values and non-JSON, naming the file', () => {
    const u = write('u.json', '{"nfft": 512}');
    expect(() => readFeatureSpecFile(u)).to.throw(RangeError, new RegExp(`${u}: unknown feature spec field\\(s\\) nfft`));
    const r = write('r.json', '{"nMels": 300}');
    expect(() => readFeatureSpecFile(r)).to.throw(RangeError, /nMels must be an integer 1\.\.256, got 300 \(.*r\.json\)/);
    const j = write('j.json', '{nope');
    expect(() => readFeatureSpecFile(j)).to.throw(/j\.json: cannot read feature spec JSON/);
  });
});
