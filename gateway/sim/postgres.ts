// A throwaway PostgreSQL cluster for tests and the benchmark: Debian's postgresql server binaries,
// `initdb` into a temporary folder and `pg_ctl start` on 127.0.0.1 on a free port, trust
// authentication, unix socket inside the folder. PostgreSQL refuses to run as root, so as root (CI)
// the folder is given to `nobody` and both commands run through `runuser -u nobody`.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';

export interface PostgresOptions {
  /** Turn off fsync: for tests, where speed matters and a machine crash does not; defaults to false. */
  noFsync?: boolean;
  /** Largest number of connections; defaults to 100. */
  maxConnections?: number;
}

export interface Postgres {
  port: number;
  /** URL of a database; `createDatabase` makes a fresh one. */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** The newest installed server's bin folder (/usr/lib/postgresql/<major>/bin on Debian). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!majors.length) throw new Error(`PostgreSQL server binaries not found under ${root} (apt-get install postgresql)`);
  return join(root, majors[0], 'bin');
}

const UNPRIVILEGED = { user: 'nobody', uid: 65534, gid: 65534 };

export async function startPostgres(o: PostgresOptions = {}): Promise<Postgres> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'pg-'));
  const data = join(dir, 'data'), sockets = join(dir, 'run'), logFile = join(dir, 'server.log');
  mkdirSync(sockets);
  if (asRoot) for (const p of [dir, sockets]) chownSync(p, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', UNPRIVILEGED.user, '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(`${cmd} failed (${r.status}): ${(r.stderr || r.stdout || String(r.error)).trim()}${log ? `\n${log}` : ''}`);
    }
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const settings = [`-p ${port}`, `-k ${sockets}`, "-c listen_addresses='127.0.0.1'", `-c max_connections=${o.maxConnections ?? 100}`,
        ...(o.noFsync ? ['-c fsync=off', '-c full_page_writes=off'] : [])];
      try {
        run('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '30', '-o', settings.join(' '), 'start']);
        break;
      } catch (err) {
        if (attempt >= 2 || !/could not bind|Address already in use/i.test((err as Error).message)) throw err;
      }
    }
    const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
    return {
      port,
      url,
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new RangeError(`database name must match [a-z_][a-z0-9_]*, got "${name}"`);
        const c = new pg.Client({ connectionString: url() });
        await c.connect();
        try { await c.query(`CREATE DATABASE ${name}`); } finally { await c.end(); }
        return url(name);
      },
      async stop() {
        try { run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']); } finally { rmSync(dir, { recursive: true, force: true }); }
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export function requirePostgres(): void {
  postgresBinDir();
  if (process.getuid?.() === 0) execFileSync('runuser', ['--version'], { stdio: 'ignore' });
}
