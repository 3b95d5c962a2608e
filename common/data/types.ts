/** One row of a dataset CSV in the challenge's layout (`slice_file_name,ID,fold,Label`). */
export interface ClipRow {
  /** File name of the clip, relative to the audio folder (or its `fold<N>/` subfolder). */
  sliceFileName: string;
  /** Source recording id: slices sharing it never sit on both sides of a split. */
  id: string;
  /** Fold number (integer ≥ 0). */
  fold: number;
  /** true = gunshot. */
  label: boolean;
  /** 1-based line number in the CSV (header is line 1), for error messages. */
  line: number;
  /** Extra columns, kept verbatim (e.g. `category`, `snr_db`, `noise_kind` in disturbed sets). */
  extra: Record<string, string>;
}

/** A decoded clip: mono, at the feature spec's sample rate, values in [-1, 1]. */
export interface Clip {
  row: ClipRow;
  /** Absolute path of the file the audio came from. */
  path: string;
  samples: Float32Array;
  sampleRateHz: number;
  /**
   * Rate of the file itself, in Hz. A file below `sampleRateHz` was upsampled and keeps its own band limit
   * (nothing above sourceRateHz / 2); augmentation band-limits other clips the same way so that the band
   * limit does not give the source away.
   */
  sourceRateHz: number;
}

/** A clip that could not be used, and why. Runs print these as a summary at the end. */
export interface SkippedClip {
  path: string;
  line: number;
  reason: string;
}
