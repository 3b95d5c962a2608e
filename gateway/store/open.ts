// Picks the store backend from the `db` setting: a `postgres://` / `postgresql://` URL opens the shared
// PostgreSQL store, anything else is a SQLite file (the embedded default), checkpointed from a worker
// thread (checkpointer.ts).
import { openDb } from './db.ts';
import { createStore } from './store.ts';
import { startCheckpointer } from './checkpointer.ts';
import type { Store } from './types.ts';

export const isPostgresUrl = (db: string) => /^postgres(ql)?:\/\//.test(db);

/** The setting without its password, for logs. */
export const redactDbUrl = (db: string) => (isPostgresUrl(db) ? db.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@') : db);

/** `onWarning` hears about background failures (SQLite checkpoints); defaults to none. */
export async function openStore(db: string, onWarning?: (message: string) => void): Promise<Store> {
  if (isPostgresUrl(db)) {
    const { openPgStore } = await import('./pg-store.ts');
    return openPgStore(db);
  }
  const sqlite = openDb(db);
  const store = createStore(sqlite);
  if (db === ':memory:' || db === '') return store;
  const checkpointer = startCheckpointer(sqlite, db, { onError: onWarning });
  return { ...store, async close() { await checkpointer.stop(); await store.close(); } };
}
