// Debian packages kept back for independent evaluation: nothing from them may enter a training corpus.

/** Exact names. */
const RESERVED_NAMES = new Set([
  'alsa-utils', 'brainparty-data', 'circuslinux-data', 'cube2-data', 'sauerbraten-data', 'dopewars-data',
  'etw-data', 'freedoom', 'hedgewars-data', 'hydrogen-drumkits', 'lincity-ng-data', 'micropolis-data',
  'openarena-data', 'openarena-085-data', 'scorched3d-data', 'sound-theme-freedesktop', 'supertux-data',
  'supertux2-data', 'teeworlds-data', 'triplea', 'warmux-data', 'warzone2100-data', 'freeciv-data',
]);

/** Whole families (`tuxpaint-*`, `ufoai-*`, `wesnoth-*`): the bare name is reserved too. */
const RESERVED_PREFIXES = ['tuxpaint', 'ufoai', 'wesnoth'];

/** True when `pkg` (any version) is reserved for evaluation. */
export function isReservedPackage(pkg: string): boolean {
  const name = pkg.trim().toLowerCase().split(/[=:]/)[0];
  return RESERVED_NAMES.has(name) || RESERVED_PREFIXES.some((p) => name === p || name.startsWith(`${p}-`));
}

/** Throws naming the package and where it came from when it is reserved. */
export function assertNotReserved(pkg: string, source: string): void {
  if (isReservedPackage(pkg)) {
    throw new Error(`package '${pkg}' is reserved for independent evaluation and must never be used (${source})`);
  }
}
