/** Small HTML helpers for the report: escaping and tables. */

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Formats a metric for display: 4 decimals for fractions, as-is for integers, "—" for null. */
export function fmt(v: number | string | boolean | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4);
  return String(v);
}

/** A table with an optional header row (null = none); cells are escaped. */
export function table(id: string, header: string[] | null, rows: (number | string | boolean | null | undefined)[][]): string {
  const th = header ? `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` : '';
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(fmt(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table id="${escapeHtml(id)}">${th}<tbody>\n${trs}\n</tbody></table>`;
}

/** A figure holding an inline SVG and a caption. */
export function figure(id: string, svg: string, caption: string): string {
  return `<figure id="${escapeHtml(id)}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}
