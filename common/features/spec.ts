/**
 * The one written MFCC feature specification (see docs/FEATURES.md). Every model ships a copy as JSON;
 * the TypeScript frontend, the exporter's C tables and the firmware frontend are all derived from it.
 */
export interface FeatureSpec {
  /** Spec format version; bump when a field's meaning changes. */
  version: 1;
  /** Sampling rate, in Hz. Audio is resampled to this before anything else. Default 16000. */
  sampleRateHz: number;
  /** FFT size, in samples; a power of two, 64..4096. Default 512. */
  nFft: number;
  /** Analysis window length, in samples; 1..nFft. Default 480 (30 ms). */
  winLength: number;
  /** Hop between frames, in samples; 1..winLength. Default 320 (20 ms). */
  hopLength: number;
  /** Window kind: periodic Hann (as scipy.signal.get_window('hann', N, fftbins=True)). */
  window: 'hann';
  /** librosa's `center`: pad nFft/2 zeros on each side. Default false (a board cannot see the future). */
  center: boolean;
  /** Number of mel bands, 1..256. Default 40. */
  nMels: number;
  /** Lowest mel band edge, in Hz. Default 20. */
  fminHz: number;
  /** Highest mel band edge, in Hz; ≤ sampleRateHz/2. Default 8000. */
  fmaxHz: number;
  /** Mel scale formula: true = HTK (2595·log10(1+f/700)), false = Slaney. Default true. */
  htk: boolean;
  /**
   * Filter normalisation: 'slaney' scales each triangle to unit area (librosa's default). Fixed, because
   * `librosa.feature.mfcc` consumes its own `norm` argument for the DCT and cannot pass another to the filters.
   */
  melNorm: 'slaney';
  /** Spectrum power: 2 = power spectrum (librosa's default). */
  power: 2;
  /** Log: 10·log10(max(S, amin)) with ref 1.0 (librosa power_to_db). Default amin 1e-10. */
  amin: number;
  /**
   * librosa's top_db clamp (relative to the clip's maximum). null = not applied. A board hearing a stream
   * has no clip maximum, so the shipped spec uses null; it equals librosa whenever the clip's dynamic range
   * is under 80 dB, which ordinary (non-digitally-silent) audio always is.
   */
  topDb: number | null;
  /**
   * DCT type (2) and normalisation ('ortho'), as scipy.fftpack.dct. null: no DCT, the features are the
   * nMels log-mel energies themselves (librosa.power_to_db(melspectrogram)), and nMfcc must equal nMels.
   */
  dctType: 2 | null;
  dctNorm: 'ortho';
  /** Number of cepstral coefficients kept, 1..nMels (= nMels when dctType is null). Default 13. */
  nMfcc: number;
  /** Pre-emphasis coefficient; 0 = none (librosa applies none). Default 0. */
  preEmphasis: number;
}

/** The spec shipped with every gunshot-edge model unless a trainer config overrides it. */
export const DEFAULT_FEATURE_SPEC: FeatureSpec = {
  version: 1,
  sampleRateHz: 16000,
  nFft: 512,
  winLength: 480,
  hopLength: 320,
  window: 'hann',
  center: false,
  nMels: 40,
  fminHz: 20,
  fmaxHz: 8000,
  htk: true,
  melNorm: 'slaney',
  power: 2,
  amin: 1e-10,
  topDb: null,
  dctType: 2,
  dctNorm: 'ortho',
  nMfcc: 13,
  preEmphasis: 0,
};

/** The librosa call that computes the spec's features from `y` and `librosaKwargs(spec)`. */
export function librosaCall(spec: FeatureSpec): string {
  return spec.dctType === null
    ? 'librosa.power_to_db(librosa.feature.melspectrogram(y=y, **kwargs), ref=1.0, amin=amin, top_db=top_db)'
    : 'librosa.feature.mfcc(y=y, **kwargs)';
}

/**
 * The keyword arguments with which `librosaCall(spec)` (librosa 0.9/0.10) computes the same features
 * (transposed: librosa returns coefficients × frames). Without a DCT they are melspectrogram's.
 */
export function librosaKwargs(spec: FeatureSpec): Record<string, unknown> {
  if (spec.dctType === null) {
    return {
      sr: spec.sampleRateHz, n_fft: spec.nFft, hop_length: spec.hopLength, win_length: spec.winLength,
      window: spec.window, center: spec.center, n_mels: spec.nMels, fmin: spec.fminHz, fmax: spec.fmaxHz,
      htk: spec.htk, power: spec.power,
    };
  }
  return {
    sr: spec.sampleRateHz,
    n_mfcc: spec.nMfcc,
    n_fft: spec.nFft,
    hop_length: spec.hopLength,
    win_length: spec.winLength,
    window: spec.window,
    center: spec.center,
    n_mels: spec.nMels,
    fmin: spec.fminHz,
    fmax: spec.fmaxHz,
    htk: spec.htk,
    dct_type: spec.dctType,
    norm: spec.dctNorm,
    power: spec.power,
  };
}
