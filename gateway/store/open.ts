// Picks the store backend from the `db` setting: a `postgres://` / `postgresql://` URL opens the shared
// PostgreSQL store, anything else is a SQLite file (the embedded default).
import { openDb } from './db.ts';
import { createStore } from './store.ts';
import type { Store } from './types.ts';

export const isPostgresUrl = (db: string) => /^postgres(ql)?:\/\//.test(db);

/** The setting without its password, for logs. */
export const redactDbUrl = (db: string) => (isPostgresUrl(db) ? db.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@') : db);

export async function openStore(db: string): Promise<Store> {
  if (isPostgresUrl(db)) {
    const { openPgStore } = await import('./pg-store.ts');
    return openPgStore(db);
  }
  return createStore(openDb(db));
}
