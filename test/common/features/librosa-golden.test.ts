// Golden test: our MFCCs against librosa 0.9.2's on the 12 cases in test/fixtures/librosa.
// Tolerance: 1e-3 × max |coefficient| of each clip (frames and coefficient counts must match exactly).
import { expect } from 'chai';
import { goldenCaseNames, logMelRangeDb, maxRelativeError, readGoldenCase } from './librosa-golden.ts';

describe('MfccExtractor vs librosa 0.9.2 golden values', () => {
  const names = goldenCaseNames();
  it('has the 12 cases (4 parameter sets × 3 signals)', () => expect(names).to.have.length(12));
  for (const name of names) {
    it(`${name}: within 1e-3 × max|coefficient|`, () => {
      const rel = maxRelativeError(readGoldenCase(name));
      expect(rel).to.be.below(1e-3);
    });
  }

  // The shipped spec has topDb = null (a board has no clip maximum). It must still equal librosa whenever the
  // clip's log-mel dynamic range is under 80 dB, where librosa's clamp does nothing.
  it('with topDb = null, agrees on every case whose dynamic range is < 80 dB (and there are such cases)', () => {
    const narrow = names.map(readGoldenCase).filter((c) => logMelRangeDb(c) < 80);
    expect(narrow.length).to.be.at.least(4);
    for (const c of narrow) expect(maxRelativeError(c, null), c.signal).to.be.below(1e-3);
  });
});
