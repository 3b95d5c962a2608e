// Public shapes of the Debian starter corpus: the reviewed manifest and what a build produces.

/** Sound categories that are firearm discharges: the only ones that may carry `label: true`. */
export const GUN_CATEGORIES = ['pistol', 'rifle', 'shotgun', 'automatic'] as const;

/** Gun handling without a shot (and shot side-effects): negatives, but each file needs its own entry. */
export const GUN_HANDLING_CATEGORIES = ['reload', 'casing', 'ricochet', 'gun-handling'] as const;

/** Everything else a clip may be. Lasers, cannons and explosions are here: never positives. */
export const NEGATIVE_CATEGORIES = [
  'explosion', 'cannon', 'laser', 'missile', 'impact', 'door', 'footstep', 'glass', 'whoosh', 'clap',
  'firework', 'thunder', 'engine', 'siren', 'alarm', 'speech', 'scream', 'music', 'ui', 'tone',
  'animal', 'machinery', 'water', 'fire', 'wind', 'rain', 'crowd', 'traffic', 'birds', 'insects',
  'ambient', 'electric', 'misc',
] as const;

/** Kinds of real-world background written under `DIR/backgrounds/<kind>/`. */
export const BACKGROUND_KINDS = [
  'rain', 'wind', 'water', 'fire', 'crowd', 'traffic', 'birds', 'insects', 'machinery', 'ambient',
] as const;

export type GunCategory = (typeof GUN_CATEGORIES)[number];
export type Category = GunCategory | (typeof GUN_HANDLING_CATEGORIES)[number] | (typeof NEGATIVE_CATEGORIES)[number];
export type BackgroundKind = (typeof BACKGROUND_KINDS)[number];

/** One Debian package the manifest draws from. */
export interface ManifestPackage {
  /** Exact Debian version reviewed (the build refuses any other). */
  version: string;
  /** Licence(s) of the sound files, as stated in the package's `copyright` file. */
  licence: string;
  /** Hold-out fold of every clip from this package (integer ≥ 0); fixed here so it never moves. */
  fold: number;
  /** Size of the .deb in bytes, as `apt-cache show` reports it (for the docs). */
  debBytes: number;
}

/** How a file is turned into excerpts. */
export type CutMode = 'onsets' | 'slices';

/** One reviewed decision: which file(s), what they are, and why. */
export interface ManifestEntry {
  /** Debian package name (a key of `packages`). */
  package: string;
  /** Path inside the package's filesystem (as `dpkg-deb -c` lists it, without the leading `./`); may
   * contain `*` / `?` wildcards when `member` is absent. */
  path: string;
  /** Member inside a zip/pk3 archive at `path`, or a sample name in a SoundFont 2 bank (`.sf2`); may
   * contain wildcards. */
  member?: string;
  /** 'clip' → an excerpt row in corpus.csv; 'background' → DIR/backgrounds/<kind>/. */
  use: 'clip' | 'background';
  /** true = gunshot. Only for GUN_CATEGORIES. */
  label: boolean;
  category: Category;
  /** A negative that sounds like a shot (sharp, loud onset): explosions, doors, impacts, cannons… */
  hardNegative: boolean;
  /** Background kind (required when use = 'background'). */
  kind?: BackgroundKind;
  /** defaults to 'onsets' for events, 'slices' for speech/music/ambient categories. */
  cut?: CutMode;
  /** Most excerpts from each matched file (1..1000); defaults to the build's limit (12). Used where a
   * later onset is not the labelled sound (e.g. the pump action after a shotgun blast). */
  maxExcerpts?: number;
  /** Why this label: file name, path, package docs, measured properties. */
  reason: string;
}

/** The whole reviewed manifest (data/debian-manifest.json). */
export interface DebianManifest {
  packages: Record<string, ManifestPackage>;
  entries: ManifestEntry[];
}

/** One row of DIR/corpus.csv. */
export interface CorpusRow {
  sliceFileName: string;
  id: string;
  fold: number;
  label: boolean;
  package: string;
  category: Category;
  hardNegative: boolean;
}
