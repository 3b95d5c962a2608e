import { expect } from 'chai';
import { MfccExtractor } from '../../../common/features/mfcc.ts';
import { DEFAULT_FEATURE_SPEC, librosaCall, librosaKwargs, type FeatureSpec } from '../../../common/features/spec.ts';
import { validateFeatureSpec } from '../../../common/features/validate-spec.ts';
import { featureMatrix } from '../../../common/features/dct.ts';

const LOG_MEL: FeatureSpec = { ...DEFAULT_FEATURE_SPEC, dctType: null, nMfcc: 40 };

describe('common/features: a spec without DCT (log-mel energies)', () => {
  it('its features are the log-mel energies themselves, frame-major', () => {
    const y = Float32Array.from({ length: 8000 }, (_, i) => 0.3 * Math.sin(i * 0.37) + 0.05 * Math.sin(i * 2.1));
    const ex = new MfccExtractor(LOG_MEL);
    const m = ex.computeFlat(y);
    const ref = ex.logMel(y);
    expect(m.nMfcc).to.equal(40);
    expect(m.frames).to.equal(ref.frames);
    expect(Array.from(m.data)).to.deep.equal(Array.from(Float32Array.from(ref.data)));
    // The table the board multiplies by is the identity.
    const t = featureMatrix(LOG_MEL);
    expect(t.length).to.equal(1600);
    expect(t[0]).to.equal(1);
    expect(t[41]).to.equal(1);
    expect(t[1]).to.equal(0);
  });

  it('requires nMfcc = nMels, and names the librosa call that computes it', () => {
    expect(() => validateFeatureSpec({ ...LOG_MEL, nMfcc: 13 }, 'x.json')).to.throw(RangeError, /nMfcc must equal nMels \(40\) when dctType is null.*got 13 \(x\.json\)/);
    expect(() => validateFeatureSpec({ ...LOG_MEL, dctType: 3 as unknown as 2 }, 'x.json')).to.throw(RangeError, /dctType must be 2/);
    expect(librosaCall(LOG_MEL)).to.match(/^librosa\.power_to_db\(librosa\.feature\.melspectrogram/);
    expect(librosaKwargs(LOG_MEL)).to.not.have.property('dct_type');
    expect(librosaKwargs(LOG_MEL)).to.include({ n_mels: 40, fmax: 8000, htk: true });
    expect(librosaCall(DEFAULT_FEATURE_SPEC)).to.equal('librosa.feature.mfcc(y=y, **kwargs)');
  });
});
