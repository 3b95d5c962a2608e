// The build's summary: counts per label, category, package and fold; backgrounds; skips; sizes; licences.
import type { CorpusRow, DebianManifest } from './types.ts';
import type { SourceOutcome } from './build.ts';

/** What a build reports (printed, and written to DIR/report.json). */
export interface CorpusReport {
  outDir: string;
  excerpts: number;
  sourceFiles: number;
  perLabel: Record<'True' | 'False', number>;
  perCategory: Record<string, { label: boolean; excerpts: number; files: number }>;
  perPackage: Record<string, { version: string; fold: number; licence: string; copyrightFile: boolean; debBytes: number; downloadedBytes: number; positives: number; negatives: number; hardNegatives: number; backgroundFiles: number }>;
  perFold: Record<string, { package: string; positives: number; negatives: number }>;
  backgrounds: Record<string, { files: number; seconds: number }>;
  skipped: { source: string; reason: string }[];
  bytesWritten: number;
  downloadedBytes: number;
  timings: { fetchS: number; decodeS: number; totalS: number };
  /** Per source file: measures used to sanity-check the labels. */
  sources: SourceOutcome[];
}

/** Inputs of `summarise` (everything the build gathered). */
export interface SummaryInput {
  manifest: DebianManifest;
  names: string[];
  rows: CorpusRow[];
  outcomes: SourceOutcome[];
  skipped: { source: string; reason: string }[];
  backgrounds: Record<string, { files: number; seconds: number }>;
  bytesWritten: number;
  downloaded: Record<string, number>;
  licenceFiles: Record<string, boolean>;
  timings: { fetchS: number; decodeS: number; totalS: number };
  outDir: string;
}

/** Folds the build's raw results into a report. */
export function summarise(x: SummaryInput): CorpusReport {
  const perLabel = { True: 0, False: 0 };
  const perCategory: CorpusReport['perCategory'] = {};
  const perPackage: CorpusReport['perPackage'] = {};
  const perFold: CorpusReport['perFold'] = {};
  for (const n of x.names) {
    const p = x.manifest.packages[n];
    perPackage[n] = { version: p.version, fold: p.fold, licence: p.licence, copyrightFile: x.licenceFiles[n] ?? false, debBytes: p.debBytes, downloadedBytes: x.downloaded[n] ?? 0, positives: 0, negatives: 0, hardNegatives: 0, backgroundFiles: 0 };
    perFold[String(p.fold)] = { package: n, positives: 0, negatives: 0 };
  }
  for (const r of x.rows) {
    perLabel[r.label ? 'True' : 'False']++;
    const c = (perCategory[r.category] ??= { label: r.label, excerpts: 0, files: 0 });
    c.excerpts++;
    const p = perPackage[r.package];
    if (r.label) p.positives++;
    else p.negatives++;
    if (r.hardNegative) p.hardNegatives++;
    const f = perFold[String(r.fold)];
    if (r.label) f.positives++;
    else f.negatives++;
  }
  for (const o of x.outcomes) {
    if (o.use === 'background') perPackage[o.package].backgroundFiles++;
    else if (perCategory[o.category]) perCategory[o.category].files++;
  }
  return {
    outDir: x.outDir,
    excerpts: x.rows.length,
    sourceFiles: x.outcomes.length,
    perLabel,
    perCategory: Object.fromEntries(Object.entries(perCategory).sort(([a], [b]) => a.localeCompare(b))),
    perPackage,
    perFold,
    backgrounds: x.backgrounds,
    skipped: x.skipped,
    bytesWritten: x.bytesWritten,
    downloadedBytes: Object.values(x.downloaded).reduce((a, b) => a + b, 0),
    timings: x.timings,
    sources: x.outcomes,
  };
}

/** Human-readable summary for stdout. */
export function formatReport(r: CorpusReport): string {
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  const out: string[] = [];
  out.push(`corpus: ${r.outDir}  excerpts ${r.excerpts} (True ${r.perLabel.True}, False ${r.perLabel.False}) from ${r.sourceFiles} files`);
  out.push(`written ${mb(r.bytesWritten)}; downloaded ${mb(r.downloadedBytes)}; fetch ${r.timings.fetchS.toFixed(1)} s, decode ${r.timings.decodeS.toFixed(1)} s, total ${r.timings.totalS.toFixed(1)} s`);
  out.push('per category (label, excerpts, files):');
  for (const [c, v] of Object.entries(r.perCategory)) out.push(`  ${c.padEnd(14)} ${v.label ? 'True ' : 'False'} ${String(v.excerpts).padStart(5)} ${String(v.files).padStart(5)}`);
  out.push('per package (fold, +, -, hard-, backgrounds, licence):');
  for (const [n, p] of Object.entries(r.perPackage)) out.push(`  ${n.padEnd(22)} fold ${String(p.fold).padStart(2)} ${String(p.positives).padStart(5)} ${String(p.negatives).padStart(5)} ${String(p.hardNegatives).padStart(5)} ${String(p.backgroundFiles).padStart(4)}  ${p.licence}${p.copyrightFile ? '' : ' (copyright file missing!)'}`);
  out.push('backgrounds:');
  for (const [k, b] of Object.entries(r.backgrounds)) out.push(`  ${k.padEnd(10)} ${b.files} files, ${b.seconds.toFixed(0)} s`);
  out.push(`skipped ${r.skipped.length}:`);
  for (const s of r.skipped) out.push(`  ${s.source}: ${s.reason}`);
  return out.join('\n');
}
