// A real Debian mosquitto broker for tests and the benchmark: its own config, password file and ACL in
// a temporary folder, listening on 127.0.0.1 on free ports (plain, and TLS when given a certificate).
// The ACL is the deployment's (docs/DEPLOY.md): a board may publish only on its own up and state topics
// and read only its own down topic; gateways read every up and state topic and write every down topic.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface MosquittoOptions {
  /** Logins: user → password. The broker refuses everyone else. Defaults to none (anonymous allowed). */
  users?: Record<string, string>;
  /** Logins that act as gateways (read every up and state topic, write every down topic); defaults to ['gateway']. */
  gateways?: string[];
  /** A TLS listener with this certificate and key (PEM files); defaults to none. */
  tls?: { certFile: string; keyFile: string };
}

export interface Mosquitto {
  /** `mqtt://127.0.0.1:<port>` (no credentials). */
  url: string;
  /** `mqtts://127.0.0.1:<port>` when a TLS listener was asked for. */
  tlsUrl: string | null;
  /** The URL with a login: `mqtt://user:password@127.0.0.1:<port>`. */
  urlFor(user: string, tls?: boolean): string;
  /** What the broker wrote to stderr. */
  log(): string;
  stop(): Promise<void>;
}

/** The ACL file of a deployment: `%u` is the login, which for a board is its board id. */
export function aclFile(gateways: string[]): string {
  return [
    ...gateways.flatMap((g) => [`user ${g}`, 'topic read gunshot/+/up', 'topic read gunshot/+/state', 'topic write gunshot/+/down', '']),
    '# every other login is a board: its own topics only',
    'pattern write gunshot/%u/up',
    'pattern write gunshot/%u/state',
    'pattern read gunshot/%u/down',
    '',
  ].join('\n');
}

export function requireMosquitto(): void {
  try { execFileSync('mosquitto_passwd', ['-h'], { stdio: 'ignore' }); } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('mosquitto is required for the MQTT tests (apt-get install mosquitto)');
  }
}

export async function startMosquitto(o: MosquittoOptions = {}): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  const port = await freePort();
  const tlsPort = o.tls ? await freePort() : null;
  const lines = [
    'per_listener_settings false', 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning',
    'max_queued_messages 100000', 'max_inflight_messages 0',
    // Running as root (CI): stay root rather than switch to a `mosquitto` user that cannot read `dir`.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    `listener ${port} 127.0.0.1`,
  ];
  if (o.tls) lines.push(`listener ${tlsPort} 127.0.0.1`, `certfile ${o.tls.certFile}`, `keyfile ${o.tls.keyFile}`);
  if (o.users) {
    const pw = join(dir, 'passwd');
    // Plain `user:password` lines, hashed in place by `mosquitto_passwd -U` (one call for any number of boards).
    writeFileSync(pw, Object.entries(o.users).map(([u, p]) => `${u}:${p}\n`).join(''), { mode: 0o600 });
    execFileSync('mosquitto_passwd', ['-U', pw], { stdio: 'ignore' });
    writeFileSync(join(dir, 'acl'), aclFile(o.gateways ?? ['gateway']));
    lines.push('allow_anonymous false', `password_file ${pw}`, `acl_file ${join(dir, 'acl')}`);
  } else {
    lines.push('allow_anonymous true');
  }
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `${lines.join('\n')}\n`);
  const child: ChildProcess = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => { stderr += c; });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null) { child.kill('SIGTERM'); await exited; }
    rmSync(dir, { recursive: true, force: true });
  };
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) { await stop(); throw new Error(`mosquitto exited with ${child.exitCode}: ${stderr.trim()}`); }
    const up = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1', () => { s.destroy(); r(true); });
      s.once('error', () => r(false));
    });
    if (up) break;
    if (Date.now() - t0 > 5000) { await stop(); throw new Error(`mosquitto did not listen on 127.0.0.1:${port} within 5 s: ${stderr.trim()}`); }
    await new Promise((r) => setTimeout(r, 20));
  }
  const hostPort = (tls: boolean) => `127.0.0.1:${tls ? tlsPort : port}`;
  return {
    url: `mqtt://${hostPort(false)}`,
    tlsUrl: tlsPort ? `mqtts://${hostPort(true)}` : null,
    urlFor: (user, tls = false) => `${tls ? 'mqtts' : 'mqtt'}://${encodeURIComponent(user)}:${encodeURIComponent(o.users?.[user] ?? '')}@${hostPort(tls)}`,
    log: () => stderr,
    stop,
  };
}
