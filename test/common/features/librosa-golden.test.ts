// Golden test: our MFCCs against librosa 0.9.2's on the 12 cases in test/fixtures/librosa.
// Tolerance: 1e-3 × max |coefficient| of each clip (frames and coefficient counts must match exactly).
import { expect } from 'chai';
import { goldenCaseNames, maxRelativeError, readGoldenCase } from './librosa-golden.ts';

describe('MfccExtractor vs librosa 0.9.2 golden values', () => {
  const names = goldenCaseNames();
  it('has the 12 cases (4 parameter sets × 3 signals)', () => expect(names).to.have.length(12));
  for (const name of names) {
    it(`${name}: within 1e-3 × max|coefficient|`, () => {
      const rel = maxRelativeError(readGoldenCase(name));
      expect(rel).to.be.below(1e-3);
    });
  }
});
