// In-memory index of recent incidents (time and member boards), so grouping a detection does not walk
// every incident in its window through SQL. It covers [coverageStartUs, ∞): every stored incident
// with a time in that range is here. Lookups outside coverage return `undefined` = "ask the store".

export interface RecentIncident { id: number; timeUs: number; boards: Set<string> }

export function createRecentIndex(keepUs: number) {
  let items: RecentIncident[] = []; // sorted by timeUs
  let coverageStartUs = Number.POSITIVE_INFINITY;
  let newestUs = Number.NEGATIVE_INFINITY;
  const byId = new Map<number, RecentIncident>();

  /** First index with timeUs ≥ t. */
  const lowerBound = (t: number) => {
    let lo = 0, hi = items.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (items[mid].timeUs < t) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const insert = (it: RecentIncident) => { items.splice(lowerBound(it.timeUs), 0, it); byId.set(it.id, it); };
  const remove = (it: RecentIncident) => { items.splice(items.indexOf(it), 1); byId.delete(it.id); };

  function prune() {
    const cut = newestUs - keepUs;
    if (cut <= coverageStartUs) return;
    const n = lowerBound(cut);
    for (const it of items.slice(0, n)) byId.delete(it.id);
    items = items.slice(n);
    coverageStartUs = cut;
  }

  return {
    /** Replaces the contents with what the store holds from `fromUs` on. */
    load(rows: RecentIncident[], fromUs: number) {
      items = [...rows].sort((a, b) => a.timeUs - b.timeUs);
      byId.clear();
      for (const it of items) byId.set(it.id, it);
      coverageStartUs = fromUs;
      newestUs = items.length ? items[items.length - 1].timeUs : fromUs;
    },
    /**
     * Nearest incident within ±windowUs of t that `boardId` has not joined; null when there is none,
     * undefined when the window reaches outside what the index covers.
     */
    nearest(t: number, windowUs: number, boardId: string): RecentIncident | null | undefined {
      if (t - windowUs < coverageStartUs) return undefined;
      const i = lowerBound(t);
      let before: RecentIncident | null = null, after: RecentIncident | null = null;
      for (let k = i - 1; k >= 0 && items[k].timeUs >= t - windowUs; k--) if (!items[k].boards.has(boardId)) { before = items[k]; break; }
      for (let k = i; k < items.length && items[k].timeUs <= t + windowUs; k++) if (!items[k].boards.has(boardId)) { after = items[k]; break; }
      if (!before || !after) return before ?? after;
      return t - before.timeUs <= after.timeUs - t ? before : after;
    },
    /** Records a new or changed incident (its time can move earlier when an earlier arrival joins). */
    upsert(id: number, timeUs: number, boardId: string) {
      let it = byId.get(id);
      if (it && it.timeUs !== timeUs) { remove(it); it.timeUs = timeUs; insert(it); }
      if (!it) { it = { id, timeUs, boards: new Set() }; if (timeUs >= coverageStartUs) insert(it); }
      it.boards.add(boardId);
      if (timeUs > newestUs) { newestUs = timeUs; prune(); }
    },
    size: () => items.length,
    coverageStartUs: () => coverageStartUs,
  };
}
