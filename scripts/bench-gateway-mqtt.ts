// Load benchmark of the city-scale path: N fake boards, each its own MQTT client logged in as itself,
// flood detections through a real mosquitto (password file + ACL) into 1 or 2 gateway processes (the
// real CLI; with 2, one shared subscription) that store into SQLite or PostgreSQL (a temporary cluster,
// default settings: fsync and synchronous_commit on). Each shot is heard by a cluster of 4 boards at the
// same instant, so it becomes one incident, located, with one alert; shots are 100 ms apart on the
// gateway clock (further than the grouping window), so grouping is exact and counts can be checked.
// Figures per configuration (measured phase, after a warm-up flood at the same rate):
//   offeredPerSec / storedPerSec — detections published per second / ACKed (= committed) per second;
//   publishToAlertMs — a board's publish → the ACK back at the board (sent only after the detection, its
//     incident and alert committed): an upper bound of publish → stored alert;
//   brokerMs — publish → the gateway's receipt (received_ms): the broker's share (and the client's queueing);
//   databaseMs — receipt → commit of detection, incident and alert (the gateways' Prometheus histograms,
//     added; quantiles are bucket bounds): the database's share.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMosquitto, type Mosquitto } from '../gateway/sim/mosquitto.ts';
import { startPostgres, type Postgres } from '../gateway/sim/postgres.ts';
import { createFakeBoard, type FakeBoard } from '../gateway/sim/fake-board.ts';
import { boardMqttChannel } from '../gateway/mqtt/board-channel.ts';
import { openStore } from '../gateway/store/open.ts';
import { fromEnu } from '../gateway/incidents/geo.ts';
import { gatewayNowUs } from '../gateway/serial/clock.ts';
import { parseLatencyHistogram, quantileUpperBoundMs, type LatencyHistogram } from '../gateway/boards/ingest-latency.ts';

export interface MqttBenchOptions {
  boards: number;
  /** Offered detections per second. */
  rate: number;
  db: 'sqlite' | 'postgres';
  gateways: 1 | 2;
  seconds: number;
  warmup: number;
}

const ROOT = new URL('../', import.meta.url).pathname;
const CLUSTER = 4;
const SHOT_SPACING_US = 100_000;
const ORIGIN = { lat: 52.5, lon: 13.4 };

const quantiles = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  const at = (p: number) => +v[Math.min(v.length - 1, Math.floor(p * v.length))].toFixed(2);
  return v.length ? { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: +v[v.length - 1].toFixed(2) } : null;
};
const addHistograms = (hs: LatencyHistogram[]): LatencyHistogram => ({
  cumulative: hs[0].cumulative.map((_, i) => hs.reduce((s, h) => s + h.cumulative[i], 0)),
  count: hs.reduce((s, h) => s + h.count, 0), sumS: hs.reduce((s, h) => s + h.sumS, 0),
});

function spawnGateway(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_GATEWAY_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) goes to the gateways' node, as in the serial bench.
  const nodeArgs = process.env.BENCH_GATEWAY_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin/gunshot-edge.js'), 'gateway', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (c) => { out += c; });
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const m = /GATEWAY_READY (\S+)/.exec(out);
      if (m) { clearInterval(poll); resolve({ child, url: m[1] }); } else if (child.exitCode !== null) { clearInterval(poll); reject(new Error(`gateway exited: ${out}`)); }
    }, 50);
  });
}

/** One configuration; `pg` is a running cluster when db is postgres. */
export async function runMqttBench(o: MqttBenchOptions, pg: Postgres | null, log: (m: string) => void = () => {}) {
  if (!(o.boards >= CLUSTER && o.boards <= 5000)) throw new RangeError(`--boards must be ${CLUSTER}..5000 over MQTT, got ${o.boards}`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-mqtt-'));
  const ids = Array.from({ length: o.boards }, (_, i) => `b${i}`);
  const users: Record<string, string> = { gateway: 'bench-gw', ...Object.fromEntries(ids.map((id) => [id, `pw-${id}`])) };
  let broker: Mosquitto | null = null;
  const gws: { child: ChildProcess; url: string }[] = [];
  let boards: FakeBoard[] = [];
  try {
    broker = await startMosquitto({ users });
    const db = o.db === 'postgres' ? await pg!.createDatabase(`bench_${o.boards}_${o.gateways}_${Date.now() % 1e9}`) : join(dir, 'gw.db');
    writeFileSync(join(dir, 'gw.json'), JSON.stringify({
      db, httpPort: 0,
      mqtt: { url: broker.urlFor('gateway'), group: 'bench', boards: ids },
      // Grouping window 3 m / 343 m/s + 20 ms ≈ 29 ms: wide enough for the gateways' per-board clock
      // estimates (a few ms apart), narrower than the 100 ms between shots. Refractory 0: at flood rates
      // every detection of a board would otherwise be an echo.
      incidents: { maxBoardDistanceM: 3, marginMs: 20, refractoryMs: 0 },
    }));
    for (let g = 0; g < o.gateways; g++) gws.push(await spawnGateway(['--config', join(dir, 'gw.json')]));
    const heartbeatMs = 1000;
    const clusters = Math.floor(o.boards / CLUSTER);
    boards = ids.map((id, i) => {
      const c = Math.floor(i / CLUSTER), k = i % CLUSTER;
      const centre = { x: (c % 50) * 1000, y: Math.floor(c / 50) * 1000 };
      const pos = fromEnu({ x: centre.x + (k & 1 ? 100 : -100), y: centre.y + (k & 2 ? 100 : -100) }, ORIGIN);
      return createFakeBoard({
        boardId: id, position: pos, heartbeatMs, resendMs: 5000, queueCapacity: 1_000_000,
        channel: () => boardMqttChannel({ url: broker!.url, boardId: id, password: users[id] }),
      });
    });
    // Connect in waves: a few hundred TLS-less logins at once is what a broker sees after a power cut.
    for (let i = 0; i < boards.length; i += 200) {
      boards.slice(i, i + 200).forEach((b) => b.open());
      await new Promise((r) => setTimeout(r, 50));
    }
    const scrape = (url: string) => fetch(`${url}/metrics`, { signal: AbortSignal.timeout(60_000) }).then((r) => r.text());
    const t0 = Date.now();
    for (;;) {
      const ups = await Promise.all(gws.map(async (g) => [...(await scrape(g.url)).matchAll(/^gunshot_link_up\{[^}]*\} 1$/gm)].length));
      if (ups.every((u) => u === o.boards)) break;
      if (Date.now() - t0 > 120_000) throw new Error(`boards online per gateway after 120 s: ${ups.join(', ')} of ${o.boards}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // Three clock samples per board and gateway (every gateway reads every state topic).
    await new Promise((r) => setTimeout(r, 4 * heartbeatMs));
    log(`${o.boards} boards online on ${o.gateways} gateway(s) after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const tickMs = 10;
    let nextShot = 0;
    const tBase = gatewayNowUs();
    async function flood(secs: number) {
      const shots = Math.ceil((o.rate * secs) / CLUSTER);
      const shotsPerTick = Math.max(1, Math.round((o.rate / CLUSTER) * (tickMs / 1000)));
      const startUs = gatewayNowUs();
      const start = performance.now();
      let sent = 0;
      for (let s = 0; s < shots; s += shotsPerTick) {
        for (let k = s; k < Math.min(shots, s + shotsPerTick); k++) {
          const shot = nextShot + k, c = shot % clusters;
          for (let j = 0; j < CLUSTER; j++) { boards[c * CLUSTER + j].detect(0.7, tBase + shot * SHOT_SPACING_US); sent++; }
        }
        const wait = start + ((s + shotsPerTick) / shots) * secs * 1000 - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      nextShot += shots + 1000;
      const sendEnd = performance.now();
      while (boards.some((b) => b.pending() > 0) && performance.now() - sendEnd < 30000) await new Promise((r) => setTimeout(r, 20));
      return { sent, startUs, sendS: (sendEnd - start) / 1000, totalS: (performance.now() - start) / 1000 };
    }
    // An overloaded gateway may not answer a scrape in time: its share is then reported as null.
    const histogram = async () => {
      try { return addHistograms(await Promise.all(gws.map(async (g) => parseLatencyHistogram(await scrape(g.url))))); } catch { return null; }
    };
    const ackedSince = (fromUs: number) => boards.flatMap((b) => b.acked().filter((a) => a.sentUs >= fromUs).map((a) => ({ board: b.boardId, ...a })));
    if (o.warmup > 0) await flood(o.warmup);
    const m1 = await histogram();
    const run = await flood(o.seconds);
    const m2 = await histogram();
    const measured = ackedSince(run.startUs);
    const pending = boards.reduce((n, b) => n + b.pending(), 0);
    for (const g of gws) { g.child.kill('SIGTERM'); await new Promise((r) => g.child.once('exit', r)); }
    const store = await openStore(db);
    const counts = await store.counts();
    const received = new Map((await store.detectionKeys()).map((r) => [`${r.board_id}/${r.event_id}`, r.received_ms] as const));
    await store.close();
    const broker_ = measured.flatMap((a) => { const r = received.get(`${a.board}/${a.eventId}`); return r === undefined ? [] : [r - a.sentUs / 1000]; });
    const q = (p: number) => (m1 && m2 ? quantileUpperBoundMs(m2, m1, p) : null);
    return {
      transport: 'mqtt', db: o.db, gateways: o.gateways, boards: o.boards, targetRate: o.rate, seconds: o.seconds,
      sent: run.sent, acked: measured.length, unackedAtEnd: pending,
      offeredPerSec: Math.round(run.sent / run.sendS), storedPerSec: Math.round(measured.length / run.totalS),
      stored: counts.detections, incidents: counts.incidents, alerts: counts.alerts,
      publishToAlertMs: quantiles(measured.map((a) => a.latencyUs / 1000)),
      brokerMs: quantiles(broker_),
      databaseMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) },
    };
  } finally {
    await Promise.all(boards.map((b) => b.close()));
    for (const g of gws) if (g.child.exitCode === null && g.child.signalCode === null) g.child.kill('SIGKILL');
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The side-by-side run: every backend × gateway count × board count, one after another. */
export async function runMqttMatrix(base: Omit<MqttBenchOptions, 'boards' | 'db' | 'gateways'>, boardCounts: number[],
  configs: { db: 'sqlite' | 'postgres'; gateways: 1 | 2 }[], log: (m: string) => void) {
  const pg = configs.some((c) => c.db === 'postgres') ? await startPostgres() : null;
  const rows = [];
  try {
    for (const boards of boardCounts) {
      for (const c of configs) {
        log(`mqtt: ${boards} boards, ${c.db}, ${c.gateways} gateway(s), ${base.rate}/s`);
        try {
          const row = await runMqttBench({ ...base, ...c, boards }, pg, log);
          log(`result ${JSON.stringify(row)}`);
          rows.push(row);
        } catch (err) {
          log(`failed: ${(err as Error).message}`);
          rows.push({ transport: 'mqtt', db: c.db, gateways: c.gateways, boards, targetRate: base.rate, error: (err as Error).message });
        }
      }
    }
  } finally {
    await pg?.stop();
  }
  return rows;
}
