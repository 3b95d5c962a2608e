// Cross-check against Meyda on what really coincides.
// Meyda's MFCC differs from librosa's by definition, so its coefficients cannot match ours:
//  - its window ('hanning') is the symmetric Hann (cos(2πi/(N−1))), librosa's is periodic (cos(2πi/N));
//  - its spectra keep bins 0..N/2−1 (no Nyquist bin);
//  - its mel filters use floor((N+1)·f/sr) bin edges, peak 1, no Slaney area normalisation, fmin 0/fmax sr/2;
//  - its log is ln(1 + E), not 10·log10(max(E, amin)); its DCT is unnormalised (scale 2).
// What coincides: (1) the power spectrum of an already-windowed frame when Meyda's window is 'rect';
// (2) a mel band's energy E when both sides use the same filterbank (Meyda's), recovered from Meyda's
// melBands as exp(x) − 1.
import { expect } from 'chai';
import Meyda from 'meyda';
import { paddedHann } from '../../../common/features/window.ts';
import { PowerSpectrum } from '../../../common/features/power-spectrum.ts';

describe('features vs Meyda (where definitions coincide)', () => {
  const n = 512;
  const window = paddedHann(480, n);
  const frame = new Float64Array(n).map((_, i) => window[i] * (0.4 * Math.sin(i * 0.21) + 0.2 * Math.sin(i * 1.3 + 0.5)));
  const ours = new PowerSpectrum(n).compute(frame, new Float64Array(n / 2 + 1));
  const m = Meyda as unknown as {
    bufferSize: number; sampleRate: number; windowingFunction: string; melBands: number;
    numberOfMFCCCoefficients: number; melFilterBank: number[][];
    extract: (f: string, s: Float32Array) => unknown;
  };

  before(() => {
    m.bufferSize = n;
    m.sampleRate = 16000;
    m.windowingFunction = 'rect';
    m.melBands = 26;
    m.numberOfMFCCCoefficients = 13;
  });

  it('power spectrum of a pre-windowed frame agrees on bins 0..N/2−1', () => {
    const theirs = m.extract('powerSpectrum', Float32Array.from(frame)) as Float32Array;
    expect(theirs.length).to.equal(n / 2);
    const peak = Math.max(...ours);
    for (let k = 0; k < n / 2; k++) expect(Math.abs(theirs[k] - ours[k])).to.be.below(1e-5 * peak);
  });

  it("mel band energies agree under Meyda's filterbank", () => {
    const logged = m.extract('melBands', Float32Array.from(frame)) as number[];
    const bank = m.melFilterBank;
    expect(logged.length).to.equal(26);
    for (let b = 0; b < logged.length; b++) {
      let e = 0;
      for (let k = 0; k < n / 2; k++) e += bank[b][k] * ours[k];
      const theirs = Math.expm1(logged[b]);
      expect(Math.abs(theirs - e)).to.be.below(1e-4 * Math.max(1, e));
    }
  });
});
