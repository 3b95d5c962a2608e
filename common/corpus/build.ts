// Builds the Debian starter corpus: manifest → cached packages → decoded, cut, resampled excerpts in the
// challenge layout (DIR/corpus.csv + DIR/audio/), backgrounds in DIR/backgrounds/<kind>/, and a report.
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { writeWav } from '../audio/wav-write.ts';
import type { CorpusRow, DebianManifest, ManifestEntry } from './types.ts';
import { assertNotReserved } from './reserved.ts';
import { cutModeOf } from './manifest.ts';
import { ensurePackage } from './debian-cache.ts';
import { resolveSources, type SourceFile } from './sources.ts';
import { decodeAudio, freeDecoders } from '../audio/decode.ts';
import { cutAtOnsets, cutSlices, type CutOptions } from './excerpts.ts';
import { measureAudio, type AudioMeasures } from './measure.ts';
import { summarise, type CorpusReport } from './report.ts';

/** Options of `buildDebianCorpus`. */
export interface BuildOptions {
  manifest: DebianManifest;
  /** Where the manifest came from (for error messages). */
  manifestSource: string;
  outDir: string;
  cacheDir: string;
  /** Only these packages (all of the manifest's when absent); reserved or unknown names are refused. */
  packages?: string[];
  /** Output sampling rate, in Hz; defaults to 16000. */
  rateHz?: number;
  /** Excerpt cutting; defaults: ≤ 4 s, 50 ms pre-roll, ≤ 12 excerpts per file. */
  cut?: CutOptions;
  /** Longest background written per source file, in seconds; defaults to 120 (1..3600). */
  maxBackgroundS?: number;
  /** Progress callbacks (the CLI draws bars); all optional. */
  progress?: {
    start(phase: 'download' | 'decode', total: number): void;
    tick(label: string): void;
    stop(): void;
  };
}

/** One decoded source file, with what it produced (kept in the report for review). */
export interface SourceOutcome {
  package: string;
  path: string;
  member?: string;
  id: string;
  label: boolean;
  category: string;
  use: 'clip' | 'background';
  excerpts: number;
  measures: AudioMeasures;
}

/** Stable id of a source file: the same package + path (+ member) always gives the same id. */
export function sourceId(pkg: string, path: string, member?: string): string {
  const h = createHash('sha1').update(`${pkg}\0${path}\0${member ?? ''}`).digest('hex').slice(0, 10);
  return `${pkg}-${h}`;
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes rows as DIR/corpus.csv: slice_file_name,ID,fold,Label,package,category,hard_negative. */
export function corpusCsv(rows: CorpusRow[]): string {
  const lines = ['slice_file_name,ID,fold,Label,package,category,hard_negative'];
  for (const r of rows) {
    lines.push([r.sliceFileName, r.id, String(r.fold), r.label ? 'True' : 'False', r.package, r.category, r.hardNegative ? 'True' : 'False'].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(() => true, () => false);
}

/** Runs the whole build; returns the report (also written to DIR/report.json). */
export async function buildDebianCorpus(opts: BuildOptions): Promise<CorpusReport> {
  const t0 = Date.now();
  const rateHz = opts.rateHz ?? 16000;
  const maxBgS = opts.maxBackgroundS ?? 120;
  if (!Number.isFinite(maxBgS) || maxBgS < 1 || maxBgS > 3600) throw new RangeError(`maxBackgroundS must be 1..3600, got ${maxBgS}`);
  const { manifest } = opts;
  for (const name of Object.keys(manifest.packages)) assertNotReserved(name, opts.manifestSource);
  let names = Object.keys(manifest.packages).sort();
  if (opts.packages) {
    for (const p of opts.packages) {
      assertNotReserved(p, '--packages');
      if (!(p in manifest.packages)) throw new Error(`package '${p}' (--packages) has no reviewed entries in ${opts.manifestSource}; known: ${names.join(', ')}`);
    }
    names = [...new Set(opts.packages)].sort();
  }

  // 1. Fetch (or reuse) every package.
  const tFetch = Date.now();
  opts.progress?.start('download', names.length);
  const roots = new Map<string, string>();
  const downloaded: Record<string, number> = {};
  const licenceFiles: Record<string, boolean> = {};
  for (const name of names) {
    const c = await ensurePackage(name, manifest.packages[name].version, opts.cacheDir);
    roots.set(name, c.root);
    downloaded[name] = c.downloadedBytes;
    licenceFiles[name] = await exists(join(c.root, 'usr/share/doc', name, 'copyright'));
    opts.progress?.tick(`${name}${c.reused ? ' (cached)' : ''}`);
  }
  opts.progress?.stop();
  const fetchS = (Date.now() - tFetch) / 1000;

  // 2. Resolve manifest entries to files.
  const skipped: { source: string; reason: string }[] = [];
  const files: SourceFile[] = [];
  for (const name of names) {
    const entries = manifest.entries.filter((e: ManifestEntry) => e.package === name);
    const r = await resolveSources(name, roots.get(name)!, entries);
    files.push(...r.files);
    for (const p of r.problems) skipped.push({ source: `${p.package}:${p.pattern}`, reason: p.reason });
  }

  // 3. Decode, cut, write. Only our own outputs are cleared, so DIR may hold other things.
  const tDecode = Date.now();
  for (const sub of ['audio', 'backgrounds', 'corpus.csv', 'report.json']) await rm(join(opts.outDir, sub), { recursive: true, force: true });
  await mkdir(join(opts.outDir, 'audio'), { recursive: true });
  const rows: CorpusRow[] = [];
  const outcomes: SourceOutcome[] = [];
  const backgrounds: Record<string, { files: number; seconds: number }> = {};
  let bytesWritten = 0;
  opts.progress?.start('decode', files.length);
  for (const f of files) {
    const where = `${f.package}:${f.path}${f.member ? `#${f.member}` : ''}`;
    const id = sourceId(f.package, f.path, f.member);
    try {
      const audio = await decodeAudio(await f.read(), f.decodeName, rateHz);
      const measures = measureAudio(audio.samples, rateHz);
      const e = f.entry;
      let excerpts = 0;
      if (e.use === 'background') {
        const n = Math.min(audio.samples.length, Math.round(maxBgS * rateHz));
        if (measures.peakDb < -60) throw new Error(`near-silent (peak ${measures.peakDb.toFixed(1)} dBFS)`);
        const out = join(opts.outDir, 'backgrounds', e.kind!, `${id}.wav`);
        await writeWav(out, audio.samples.subarray(0, n), rateHz);
        bytesWritten += 44 + 2 * n;
        const b = (backgrounds[e.kind!] ??= { files: 0, seconds: 0 });
        b.files++;
        b.seconds += n / rateHz;
        excerpts = 1;
      } else {
        const cut: CutOptions = { ...opts.cut, ...(e.maxExcerpts !== undefined ? { maxPerFile: e.maxExcerpts } : {}) };
        const spans = cutModeOf(e) === 'slices' ? cutSlices(audio.samples, rateHz, cut) : cutAtOnsets(audio.samples, rateHz, cut);
        if (spans.length === 0) throw new Error('no excerpt (silent or empty)');
        for (const [k, s] of spans.entries()) {
          const seg = audio.samples.subarray(Math.round(s.startS * rateHz), Math.round(s.endS * rateHz));
          const name = `${id}-${k}.wav`;
          await writeWav(join(opts.outDir, 'audio', name), seg, rateHz);
          bytesWritten += 44 + 2 * seg.length;
          rows.push({ sliceFileName: name, id, fold: manifest.packages[f.package].fold, label: e.label, package: f.package, category: e.category, hardNegative: e.hardNegative });
        }
        excerpts = spans.length;
      }
      outcomes.push({ package: f.package, path: f.path, member: f.member, id, label: e.label, category: e.category, use: e.use, excerpts, measures });
    } catch (err) {
      skipped.push({ source: where, reason: (err as Error).message });
    }
    opts.progress?.tick(f.member ?? f.path.split('/').pop() ?? f.path);
  }
  opts.progress?.stop();
  freeDecoders();
  const decodeS = (Date.now() - tDecode) / 1000;

  await writeFile(join(opts.outDir, 'corpus.csv'), corpusCsv(rows));
  const report = summarise({
    manifest, names, rows, outcomes, skipped, backgrounds, bytesWritten, downloaded, licenceFiles,
    timings: { fetchS, decodeS, totalS: (Date.now() - t0) / 1000 },
    outDir: opts.outDir,
  });
  await writeFile(join(opts.outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
