// Opens the gateway database: WAL (readers never block the ingest writer; a killed process loses no
// committed transaction) and applies pending migrations, each in its own transaction.
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.ts';

export type Db = Database.Database;

export function openDb(path: string, migrations: Migration[] = MIGRATIONS): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode is durable against process death (our failure model); only power loss can
  // roll back the last transactions, and boards re-send anything not yet acknowledged.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL)');
  const applied = new Set((db.prepare('SELECT id FROM migrations').all() as { id: number }[]).map((r) => r.id));
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations (id, name, applied_ms) VALUES (?, ?, ?)').run(m.id, m.name, Date.now());
    })();
  }
  return db;
}
