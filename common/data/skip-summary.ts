import type { SkippedClip } from './types.ts';

/** Reason without the numbers that vary per file, so reasons group ("too long: 4.2 s > …" → "too long"). */
function reasonKind(reason: string): string {
  const i = reason.indexOf(':');
  return i > 0 ? reason.slice(0, i) : reason;
}

/**
 * The end-of-run summary: the count, then each kind of reason with its count and up to `examples` files.
 * Returns '' when nothing was skipped.
 */
export function formatSkipSummary(skipped: SkippedClip[], examples = 3): string {
  if (skipped.length === 0) return '';
  const groups = new Map<string, SkippedClip[]>();
  for (const s of skipped) {
    const k = reasonKind(s.reason);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const lines = [`skipped ${skipped.length} clip${skipped.length === 1 ? '' : 's'}:`];
  for (const [kind, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${list.length} × ${kind}`);
    for (const s of list.slice(0, examples)) lines.push(`      line ${s.line}: ${s.path} (${s.reason})`);
    if (list.length > examples) lines.push(`      … and ${list.length - examples} more`);
  }
  return lines.join('\n');
}
