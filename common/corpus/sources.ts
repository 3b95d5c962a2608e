// Manifest entries → concrete source files (plain files in an extracted package, members of a zip/pk3
// archive inside one, or named samples of a SoundFont 2 bank). A file named by an exact entry takes that
// entry's decision; a file matched only by wildcards must be matched by exactly one of them, so two
// reviewers' globs can never silently disagree.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yauzl from 'yauzl';
import type { ManifestEntry } from './types.ts';
import { globToRegExp, isGlob } from './glob.ts';
import { isSoundFont, readSoundFontSamples, soundFontSampleWav, type SoundFontSample } from './sf2.ts';

/** One audio file to decode. */
export interface SourceFile {
  entry: ManifestEntry;
  package: string;
  /** Path inside the package (the archive's path for members). */
  path: string;
  member?: string;
  /** Name whose extension tells the decoder the format (a SoundFont sample is handed on as WAV). */
  decodeName: string;
  /** Reads the file's bytes. */
  read: () => Promise<Uint8Array>;
}

/** An entry that matched nothing, or a file with conflicting entries. */
export interface SourceProblem {
  package: string;
  pattern: string;
  reason: string;
}

const AUDIO = /\.(wav|ogg|oga|flac)$/i;

async function listZip(zipPath: string): Promise<string[]> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true });
  const names: string[] = [];
  try {
    for await (const e of zip.eachEntry()) if (!e.fileName.endsWith('/')) names.push(e.fileName);
  } finally {
    zip.close();
  }
  return names;
}

async function readZipMembers(zipPath: string, wanted: Set<string>): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  try {
    for await (const e of zip.eachEntry()) {
      if (!wanted.has(e.fileName)) continue;
      const chunks: Buffer[] = [];
      for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
      out.set(e.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return out;
}

/** Parsed SoundFont 2 banks by path: a bank is parsed once, for its listing and for its samples. */
type BankCache = Map<string, Promise<Map<string, SoundFontSample>>>;

function bankSamples(banks: BankCache, path: string): Promise<Map<string, SoundFontSample>> {
  let b = banks.get(path);
  if (!b) banks.set(path, (b = readFile(path).then((bytes) => readSoundFontSamples(bytes, path))));
  return b;
}

/** Members of an archive: zip/pk3 entries, or the sample names of a SoundFont 2 bank. */
async function listArchive(path: string, banks: BankCache): Promise<string[]> {
  if (isSoundFont(path)) return [...(await bankSamples(banks, path)).keys()];
  return (await listZip(path)).filter((m) => AUDIO.test(m));
}

/**
 * Resolves the entries of one package against its extracted `root`. Archive members are read lazily,
 * one archive at a time (a cache per archive, filled on first read).
 */
export async function resolveSources(pkg: string, root: string, entries: ManifestEntry[]): Promise<{ files: SourceFile[]; problems: SourceProblem[] }> {
  const all = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath ?? (d as unknown as { path: string }).path, d.name).slice(root.length + 1));
  const problems: SourceProblem[] = [];
  // key → [entry, exact?]
  const chosen = new Map<string, { entry: ManifestEntry; exact: boolean; path: string; member?: string }[]>();
  const zipLists = new Map<string, string[]>();
  const banks: BankCache = new Map();
  for (const entry of entries) {
    const pattern = entry.member ? `${entry.path}#${entry.member}` : entry.path;
    let matches: { path: string; member?: string }[];
    if (entry.member) {
      if (!all.includes(entry.path)) {
        problems.push({ package: pkg, pattern, reason: 'archive not found in package' });
        continue;
      }
      if (!zipLists.has(entry.path)) {
        try {
          zipLists.set(entry.path, await listArchive(join(root, entry.path), banks));
        } catch (e) {
          // A damaged archive costs only its own entries: reported, the rest of the package goes on.
          problems.push({ package: pkg, pattern, reason: `unreadable archive: ${(e as Error).message}` });
          zipLists.set(entry.path, []);
          continue;
        }
      }
      const re = globToRegExp(entry.member);
      matches = zipLists.get(entry.path)!.filter((m) => re.test(m)).map((m) => ({ path: entry.path, member: m }));
    } else {
      const re = globToRegExp(entry.path);
      matches = all.filter((p) => re.test(p) && AUDIO.test(p)).map((p) => ({ path: p }));
    }
    if (matches.length === 0) problems.push({ package: pkg, pattern, reason: 'no audio file matched' });
    const exact = !isGlob(entry.path) && !isGlob(entry.member ?? '');
    for (const m of matches) {
      const key = `${m.path}#${m.member ?? ''}`;
      const list = chosen.get(key) ?? [];
      list.push({ entry, exact, ...m });
      chosen.set(key, list);
    }
  }
  const zipCache = new Map<string, Promise<Map<string, Buffer>>>();
  const wantedByZip = new Map<string, Set<string>>();
  const files: SourceFile[] = [];
  for (const [key, list] of [...chosen].sort(([a], [b]) => a.localeCompare(b))) {
    const exact = list.filter((c) => c.exact);
    const pick = exact.length > 0 ? exact : list;
    if (pick.length > 1) {
      problems.push({ package: pkg, pattern: key, reason: `matched by ${pick.length} wildcard entries (${pick.map((c) => c.entry.path + (c.entry.member ? '#' + c.entry.member : '')).join(', ')}): add an exact entry` });
      continue;
    }
    const c = pick[0];
    if (c.member) {
      const archive = c.path;
      const member = c.member;
      if (isSoundFont(archive)) {
        files.push({
          entry: c.entry, package: pkg, path: archive, member, decodeName: `${member}.wav`,
          read: async () => {
            const s = (await bankSamples(banks, join(root, archive))).get(member);
            if (!s) throw new Error(`${archive}#${member}: sample vanished from the bank`);
            return soundFontSampleWav(s);
          },
        });
        continue;
      }
      if (!wantedByZip.has(archive)) wantedByZip.set(archive, new Set());
      wantedByZip.get(archive)!.add(member);
      files.push({
        entry: c.entry, package: pkg, path: archive, member, decodeName: member,
        read: async () => {
          if (!zipCache.has(archive)) zipCache.set(archive, readZipMembers(join(root, archive), wantedByZip.get(archive)!));
          const buf = (await zipCache.get(archive)!).get(member);
          if (!buf) throw new Error(`${archive}#${member}: member vanished from the archive`);
          return buf;
        },
      });
    } else {
      const p = c.path;
      files.push({ entry: c.entry, package: pkg, path: p, decodeName: p, read: () => readFile(join(root, p)) });
    }
  }
  return { files, problems };
}
