// Loading and checking the reviewed manifest. Every rule a reviewer relies on is enforced here, so a bad
// edit fails loudly (naming the entry index, field and value) instead of silently mislabelling audio.
import { readFile } from 'node:fs/promises';
import {
  BACKGROUND_KINDS, GUN_CATEGORIES, GUN_HANDLING_CATEGORIES, NEGATIVE_CATEGORIES,
  type Category, type CutMode, type DebianManifest, type ManifestEntry,
} from './types.ts';
import { isReservedPackage } from './reserved.ts';
import { isGlob } from './glob.ts';

const GUNS = new Set<string>(GUN_CATEGORIES);
const HANDLING = new Set<string>(GUN_HANDLING_CATEGORIES);
const ALL_CATEGORIES = new Set<string>([...GUN_CATEGORIES, ...GUN_HANDLING_CATEGORIES, ...NEGATIVE_CATEGORIES]);
const KINDS = new Set<string>(BACKGROUND_KINDS);
/** Categories that are long and steady rather than events: cut into consecutive slices by default. */
const SLICED = new Set<string>(['speech', 'music', 'ambient', 'rain', 'wind', 'water', 'fire', 'crowd', 'traffic', 'birds', 'insects', 'machinery', 'engine']);
const ENTRY_FIELDS = new Set(['package', 'path', 'member', 'use', 'label', 'category', 'hardNegative', 'kind', 'cut', 'maxExcerpts', 'reason']);

/** Is this category a firearm discharge? */
export function isGunCategory(c: string): boolean {
  return GUNS.has(c);
}

/** The cut mode an entry uses (its own, or the category's default). */
export function cutModeOf(e: ManifestEntry): CutMode {
  return e.cut ?? (SLICED.has(e.category) ? 'slices' : 'onsets');
}

/** Checks a parsed manifest; returns it typed or throws listing every problem found. */
export function validateManifest(raw: unknown, source: string): DebianManifest {
  const problems: string[] = [];
  const fail = (where: string, msg: string) => problems.push(`${source}: ${where}: ${msg}`);
  if (typeof raw !== 'object' || raw === null) throw new Error(`${source}: manifest must be an object`);
  const m = raw as Record<string, unknown>;
  const pkgs = m.packages as Record<string, Record<string, unknown>> | undefined;
  if (typeof pkgs !== 'object' || pkgs === null) throw new Error(`${source}: 'packages' must be an object`);
  const folds = new Map<number, string>();
  for (const [name, p] of Object.entries(pkgs)) {
    const w = `packages.${name}`;
    if (isReservedPackage(name)) fail(w, `package '${name}' is reserved for independent evaluation`);
    if (typeof p.version !== 'string' || !/^[0-9][A-Za-z0-9.+~:-]*$/.test(p.version)) fail(w, `version must be a Debian version string, got ${JSON.stringify(p.version)}`);
    if (typeof p.licence !== 'string' || p.licence.trim().length < 2) fail(w, `licence must be a non-empty string, got ${JSON.stringify(p.licence)}`);
    if (!Number.isInteger(p.fold) || (p.fold as number) < 0 || (p.fold as number) > 99) fail(w, `fold must be an integer 0..99, got ${JSON.stringify(p.fold)}`);
    else if (folds.has(p.fold as number)) fail(w, `fold ${p.fold} already belongs to ${folds.get(p.fold as number)}: one fold per package`);
    else folds.set(p.fold as number, name);
    if (!Number.isInteger(p.debBytes) || (p.debBytes as number) <= 0) fail(w, `debBytes must be a positive integer, got ${JSON.stringify(p.debBytes)}`);
  }
  if (!Array.isArray(m.entries) || m.entries.length === 0) throw new Error(`${source}: 'entries' must be a non-empty array`);
  const seen = new Set<string>();
  m.entries.forEach((x: unknown, i: number) => {
    const e = x as Record<string, unknown>;
    const w = `entries[${i}] (${String(e?.package)}:${String(e?.path)}${e?.member ? `#${String(e.member)}` : ''})`;
    if (typeof e !== 'object' || e === null) return fail(`entries[${i}]`, 'must be an object');
    for (const k of Object.keys(e)) if (!ENTRY_FIELDS.has(k)) fail(w, `unknown field '${k}'`);
    if (typeof e.package !== 'string' || !(e.package in pkgs)) fail(w, `package must name a key of 'packages', got ${JSON.stringify(e.package)}`);
    else if (isReservedPackage(e.package)) fail(w, `package '${e.package}' is reserved`);
    if (typeof e.path !== 'string' || e.path.length === 0 || e.path.startsWith('/') || e.path.startsWith('./')) fail(w, `path must be relative without './', got ${JSON.stringify(e.path)}`);
    if (e.member !== undefined && (typeof e.member !== 'string' || e.member.length === 0)) fail(w, `member must be a non-empty string when present`);
    if (e.member !== undefined && typeof e.path === 'string' && isGlob(e.path)) fail(w, 'path of an archive entry must not contain wildcards');
    if (e.use !== 'clip' && e.use !== 'background') fail(w, `use must be 'clip' or 'background', got ${JSON.stringify(e.use)}`);
    if (typeof e.label !== 'boolean') fail(w, `label must be true or false, got ${JSON.stringify(e.label)}`);
    if (typeof e.category !== 'string' || !ALL_CATEGORIES.has(e.category)) fail(w, `category must be one of ${[...ALL_CATEGORIES].join(', ')}; got ${JSON.stringify(e.category)}`);
    if (typeof e.hardNegative !== 'boolean') fail(w, `hardNegative must be true or false, got ${JSON.stringify(e.hardNegative)}`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 10) fail(w, `reason must say why (≥ 10 characters), got ${JSON.stringify(e.reason)}`);
    if (e.cut !== undefined && e.cut !== 'onsets' && e.cut !== 'slices') fail(w, `cut must be 'onsets' or 'slices', got ${JSON.stringify(e.cut)}`);
    if (e.maxExcerpts !== undefined && (!Number.isInteger(e.maxExcerpts) || (e.maxExcerpts as number) < 1 || (e.maxExcerpts as number) > 1000)) fail(w, `maxExcerpts must be an integer 1..1000, got ${JSON.stringify(e.maxExcerpts)}`);
    const cat = String(e.category);
    // Label rules: only firearm discharges are positives; a gun category is always a positive.
    if (e.label === true && !GUNS.has(cat)) fail(w, `label true needs a firearm category (${GUN_CATEGORIES.join(', ')}), got '${cat}'`);
    if (GUNS.has(cat) && e.label !== true) fail(w, `category '${cat}' is a firearm discharge, so label must be true`);
    if (e.label === true && e.hardNegative === true) fail(w, 'a positive cannot be a hard negative');
    if (e.label === true && e.use !== 'clip') fail(w, 'positives must be clips, not backgrounds');
    // Gun-related files are reviewed one by one: no wildcards.
    const wild = (typeof e.path === 'string' && isGlob(e.path)) || (typeof e.member === 'string' && isGlob(e.member));
    if (wild && (GUNS.has(cat) || HANDLING.has(cat))) fail(w, `gun-related category '${cat}' needs one entry per file, not a wildcard`);
    if (e.use === 'background') {
      if (typeof e.kind !== 'string' || !KINDS.has(e.kind)) fail(w, `kind must be one of ${BACKGROUND_KINDS.join(', ')} for a background, got ${JSON.stringify(e.kind)}`);
    } else if (e.kind !== undefined) fail(w, `kind is only for backgrounds`);
    const key = `${String(e.package)}:${String(e.path)}#${String(e.member ?? '')}`;
    if (seen.has(key)) fail(w, 'duplicate entry');
    seen.add(key);
  });
  if (problems.length > 0) throw new Error(`invalid manifest (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`);
  return raw as DebianManifest;
}

/** Reads and validates a manifest file. */
export async function loadManifest(path: string): Promise<DebianManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read manifest ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`manifest ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return validateManifest(raw, path);
}

export type { Category };
