import { confusion, type Confusion } from './confusion.ts';
import { metrics, type BinaryMetrics } from './metrics.ts';

/** Metrics of the clips sharing one value of a grouping key (e.g. an SNR or a noise kind). */
export interface GroupMetrics extends BinaryMetrics {
  group: string;
  positives: number;
  confusion: Confusion;
}

/** One decided clip with its group key. */
export interface GroupedDecision {
  label: boolean;
  pred: boolean;
  group: string;
}

/**
 * Metrics per group. Groups are sorted numerically when every key is a number (SNRs: −5, 0, 5, …),
 * otherwise alphabetically.
 */
export function metricsByGroup(items: readonly GroupedDecision[]): GroupMetrics[] {
  const byKey = new Map<string, GroupedDecision[]>();
  for (const it of items) {
    const list = byKey.get(it.group);
    if (list) list.push(it); else byKey.set(it.group, [it]);
  }
  const keys = [...byKey.keys()];
  const numeric = keys.every((k) => k.trim() !== '' && Number.isFinite(Number(k)));
  keys.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => a.localeCompare(b));
  return keys.map((group) => {
    const list = byKey.get(group)!;
    const c = confusion(list.map((x) => x.label), list.map((x) => x.pred));
    return { group, positives: c.tp + c.fn, confusion: c, ...metrics(c) };
  });
}
