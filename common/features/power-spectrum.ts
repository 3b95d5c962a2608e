import FFT from 'fft.js';

/**
 * |rfft(x)|² for one real frame of nFft samples → nFft/2 + 1 bins (DC..Nyquist), i.e. librosa's
 * `np.abs(stft(...))**2` for one column. Holds a preallocated fft.js plan and buffers: reuse one
 * instance per size, `compute` allocates nothing.
 */
export class PowerSpectrum {
  readonly nFft: number;
  readonly nBins: number;
  private readonly fft: FFT;
  private readonly complex: Float64Array;

  constructor(nFft: number) {
    if (!Number.isInteger(nFft) || nFft < 4 || (nFft & (nFft - 1)) !== 0) {
      throw new RangeError(`nFft must be a power of two ≥ 4, got ${nFft}`);
    }
    this.nFft = nFft;
    this.nBins = nFft / 2 + 1;
    this.fft = new FFT(nFft);
    this.complex = new Float64Array(2 * nFft);
  }

  /** frame: nFft real samples (already windowed); out: nBins values. Returns out. */
  compute(frame: Float64Array, out: Float64Array): Float64Array {
    if (frame.length !== this.nFft) throw new RangeError(`frame length must be ${this.nFft}, got ${frame.length}`);
    if (out.length < this.nBins) throw new RangeError(`output length must be ≥ ${this.nBins}, got ${out.length}`);
    // realTransform fills bins 0..nFft/2 (interleaved re, im); the mirrored half is not needed.
    this.fft.realTransform(this.complex, frame);
    const c = this.complex;
    for (let k = 0; k < this.nBins; k++) {
      const re = c[2 * k];
      const im = c[2 * k + 1];
      out[k] = re * re + im * im;
    }
    return out;
  }
}
