// Debian packages → extracted folders in a local cache. Packages are fetched with `apt-get download`
// (never installed) and unpacked with `dpkg-deb -x`; a folder is only used once its `.complete` marker
// exists, so an interrupted run is redone rather than trusted. A second run reuses the folders.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, readdir, rm, stat, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';

const run = promisify(execFile);

/** An extracted package in the cache. */
export interface CachedPackage {
  name: string;
  version: string;
  /** Root of the extracted filesystem (paths in the manifest are relative to it). */
  root: string;
  /** Size of the .deb fetched by this run (0 when the cache was reused). */
  downloadedBytes: number;
  reused: boolean;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/** Makes sure `name=version` is extracted under `cacheDir`; downloads and unpacks it if not. */
export async function ensurePackage(name: string, version: string, cacheDir: string): Promise<CachedPackage> {
  // ':' (epochs) is legal in versions but awkward in folder names.
  const dir = join(cacheDir, `${name}_${version.replace(/:/g, '%3a')}`);
  const root = join(dir, 'root');
  if (await exists(join(dir, '.complete'))) return { name, version, root, downloadedBytes: 0, reused: true };
  await rm(dir, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  try {
    await run('apt-get', ['download', '-q', `${name}=${version}`], { cwd: dir, maxBuffer: 1 << 24 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`apt-get download ${name}=${version} failed (is the version still in the archive? run 'apt-get update'): ${(err.stderr ?? err.message).trim()}`);
  }
  const deb = (await readdir(dir)).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download ${name}=${version} produced no .deb in ${dir}`);
  const downloadedBytes = (await stat(join(dir, deb))).size;
  await run('dpkg-deb', ['-x', join(dir, deb), root], { maxBuffer: 1 << 24 });
  // The extracted tree is what later runs read; the .deb itself is not needed again.
  await rm(join(dir, deb));
  await writeFile(join(dir, '.complete'), `${name} ${version} ${downloadedBytes}\n`);
  return { name, version, root, downloadedBytes, reused: false };
}
