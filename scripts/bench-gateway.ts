// Load benchmark for the gateway: N fake boards on socat ptys flood detections at a target rate into
// the real CLI gateway (a child process, so boards and gateway do not share an event loop).
// A warm-up flood at the same rate comes first (--warmup seconds, default 3): a fresh Node process runs
// its first thousands of detections unoptimised (measured: p50 ≈ 90 ms in the first 0.5 s, then ≈ 6 ms),
// and a gateway in service is past that; the warm-up's own figures are printed as `coldStart`.
// For the measured phase it prints detections/s ingested and three latencies:
//   ingestLatencyMs — frame arrival at the gateway → commit of its detection, incident and alert (the
//     gateway's own Prometheus histogram, two scrapes subtracted; a quantile is its bucket's upper bound);
//   transportMs — the board's send → the gateway's decode of the frame (socat pty hop + read queueing);
//   roundTripMs — the board's send → the board's receipt of the ACK (both pty hops and this process's
//     event loop), an upper bound of "frame sent → alert stored".
// Usage: npm run bench:gateway -- [--boards 8] [--rate 5000] [--seconds 20] [--warmup 3]
// Over MQTT (scripts/bench-gateway-mqtt.ts: real mosquitto, SQLite or PostgreSQL, 1 or 2 gateways):
//   npm run bench:gateway -- --transport mqtt --boards 500 --rate 5000 [--db sqlite|postgres] [--gateways 1|2] [--json]
//   npm run bench:gateway -- --transport mqtt --matrix [--rate 5000] [--json]   (50/500/2000 boards ×
//     SQLite 1 gateway, PostgreSQL 1 and 2 gateways, side by side in one run)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPtyPair, type PtyPair } from '../gateway/sim/pty-pair.ts';
import { createFakeBoard, type FakeBoard } from '../gateway/sim/fake-board.ts';
import { fromEnu } from '../gateway/incidents/geo.ts';
import { gatewayNowUs } from '../gateway/serial/clock.ts';
import { parseLatencyHistogram, quantileUpperBoundMs, type LatencyHistogram } from '../gateway/boards/ingest-latency.ts';

const { values } = parseArgs({ options: {
  boards: { type: 'string', default: '8' }, rate: { type: 'string', default: '5000' }, seconds: { type: 'string', default: '20' },
  warmup: { type: 'string', default: '3' }, transport: { type: 'string', default: 'serial' }, db: { type: 'string', default: 'sqlite' },
  gateways: { type: 'string', default: '1' }, json: { type: 'boolean', default: false }, matrix: { type: 'boolean', default: false },
} });
if (values.transport !== 'serial' && values.transport !== 'mqtt') throw new RangeError(`--transport must be serial or mqtt, got ${values.transport}`);
if (values.transport === 'mqtt') {
  const { runMqttBench, runMqttMatrix } = await import('./bench-gateway-mqtt.ts');
  const { startPostgres } = await import('../gateway/sim/postgres.ts');
  if (values.db !== 'sqlite' && values.db !== 'postgres') throw new RangeError(`--db must be sqlite or postgres, got ${values.db}`);
  if (values.gateways !== '1' && values.gateways !== '2') throw new RangeError(`--gateways must be 1 or 2, got ${values.gateways}`);
  if (values.db === 'sqlite' && values.gateways === '2') throw new RangeError('--gateways 2 needs --db postgres: SQLite is one gateway\'s embedded store');
  const base = { rate: Number(values.rate), seconds: Number(values.seconds === '20' ? '10' : values.seconds), warmup: Number(values.warmup) };
  const log = (m: string) => console.error(`[bench] ${m}`);
  const rows = values.matrix
    ? await runMqttMatrix(base, [50, 500, 2000], [{ db: 'sqlite', gateways: 1 }, { db: 'postgres', gateways: 1 }, { db: 'postgres', gateways: 2 }], log)
    : await (async () => {
      const pg = values.db === 'postgres' ? await startPostgres() : null;
      try {
        return [await runMqttBench({ ...base, boards: Number(values.boards), db: values.db as 'sqlite' | 'postgres', gateways: Number(values.gateways) as 1 | 2 }, pg, log)];
      } finally { await pg?.stop(); }
    })();
  if (values.json) console.log(JSON.stringify(values.matrix ? rows : rows[0], null, 2));
  else {
    console.log('| boards | store | gateways | offered/s | stored/s | publish→alert p50 / p99 ms | broker p50 / p99 ms | database p50 / p99 ms |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      if (!('offeredPerSec' in r)) { console.log(`| ${r.boards} | ${r.db} | ${r.gateways} | failed: ${r.error} | | | | |`); continue; }
      console.log(`| ${r.boards} | ${r.db} | ${r.gateways} | ${r.offeredPerSec} | ${r.storedPerSec} | ${r.publishToAlertMs?.p50} / ${r.publishToAlertMs?.p99} | ` +
        `${r.brokerMs?.p50} / ${r.brokerMs?.p99} | ≤ ${r.databaseMs.p50} / ≤ ${r.databaseMs.p99} |`);
    }
  }
  process.exit(0);
}
const nBoards = Number(values.boards), rate = Number(values.rate), seconds = Number(values.seconds), warmup = Number(values.warmup);
if (!(nBoards >= 1 && nBoards <= 64)) throw new RangeError(`--boards must be 1..64, got ${values.boards}`);
if (!(rate >= 1 && rate <= 100000)) throw new RangeError(`--rate must be 1..100000 detections/s, got ${values.rate}`);
if (!(seconds > 0 && seconds <= 600)) throw new RangeError(`--seconds must be in (0, 600], got ${values.seconds}`);
if (!(warmup >= 0 && warmup <= 600)) throw new RangeError(`--warmup must be 0..600 s, got ${values.warmup}`);

const ROOT = new URL('../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bench-gw-'));
const pairs: PtyPair[] = [];
let boards: FakeBoard[] = [];
const origin = { lat: 52.5, lon: 13.4 };
try {
  for (let i = 0; i < nBoards; i++) pairs.push(await openPtyPair(join(dir, `gw${i}`), join(dir, `b${i}`)));
  // Every board hears every shot at the same instant (a source at the ring's centre): each shot becomes
  // one incident fused from all boards and located by multilateration — the expensive path.
  // refractoryMs 0: at flood rates every detection of a board would otherwise be an echo.
  writeFileSync(join(dir, 'gw.json'), JSON.stringify({ incidents: { maxBoardDistanceM: 200, marginMs: 10, refractoryMs: 0 } }));
  const child = spawn(process.execPath, [...(process.env.BENCH_GATEWAY_NODE_ARGS?.split(' ').filter(Boolean) ?? []), join(ROOT, 'bin/gunshot-edge.js'), 'gateway', '--port', pairs.map((p) => p.a).join(','),
    '--db', join(dir, 'gw.db'), '--http-port', '0', '--config', join(dir, 'gw.json')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => { out += c; });
  let url = '';
  while (!(url = /GATEWAY_READY (\S+)/.exec(out)?.[1] ?? '')) {
    if (child.exitCode !== null) throw new Error(`gateway exited: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  boards = pairs.map((p, i) => {
    const a = (2 * Math.PI * i) / nBoards;
    const pos = fromEnu({ x: 80 * Math.cos(a), y: 80 * Math.sin(a) }, origin);
    return createFakeBoard({ path: p.b, boardId: `bench-${i}`, position: pos, heartbeatMs: 250, resendMs: 5000, queueCapacity: 1_000_000 }).open();
  });
  // Handshake plus the clock warm-up (3 samples) the gateway needs before it accepts detections.
  await new Promise((r) => setTimeout(r, 2500));

  const tickMs = 10;
  const shotsPerTick = Math.max(1, Math.round((rate / nBoards) * (tickMs / 1000)));
  let nextShot = 0;
  // Floods for `secs` at the target rate, then waits until every board's queue has drained. Shots are
  // 1 ms apart on the gateway clock, so neighbouring shots overlap each other's grouping window (~0.6 s)
  // and grouping must pick the right incident.
  async function flood(secs: number) {
    const shots = Math.ceil(Math.round(rate * secs) / nBoards);
    const t0Us = gatewayNowUs();
    const start = performance.now();
    let sent = 0;
    for (let s = 0; s < shots; s += shotsPerTick) {
      for (let k = s; k < Math.min(shots, s + shotsPerTick); k++) {
        for (const b of boards) { b.detect(0.7, t0Us + (nextShot + k) * 1000); sent++; }
      }
      const wait = start + ((s + shotsPerTick) / shots) * secs * 1000 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    nextShot += shots + 10_000; // 10 s of gateway time between phases
    const sendEnd = performance.now();
    while (boards.some((b) => b.pending() > 0) && performance.now() - sendEnd < 15000) await new Promise((r) => setTimeout(r, 20));
    return { sent, startUs: t0Us, sendS: (sendEnd - start) / 1000, totalS: (performance.now() - start) / 1000 };
  }
  const scrape = async () => (await fetch(`${url}/metrics`)).text();
  const ackedSince = (fromUs: number, toUs = Number.POSITIVE_INFINITY) =>
    boards.flatMap((b) => b.acked().filter((a) => a.sentUs >= fromUs && a.sentUs < toUs).map((a) => ({ board: b.boardId, ...a })));
  const quantiles = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b);
    const at = (p: number) => +v[Math.min(v.length - 1, Math.floor(p * v.length))].toFixed(2);
    return v.length ? { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: +v[v.length - 1].toFixed(2) } : null;
  };
  const ingestQuantiles = (after: LatencyHistogram, before: LatencyHistogram | null) =>
    Object.fromEntries(([['p50', 0.5], ['p90', 0.9], ['p99', 0.99], ['max', 1]] as const).map(([k, q]) => [k, quantileUpperBoundMs(after, before, q)]));

  const m0 = parseLatencyHistogram(await scrape());
  const warm = warmup > 0 ? await flood(warmup) : null;
  const m1 = parseLatencyHistogram(await scrape());
  const run = await flood(seconds);
  const metrics = await scrape();
  const m2 = parseLatencyHistogram(metrics);
  const measured = ackedSince(run.startUs);
  const frameCounts: Record<string, number> = {};
  for (const m of metrics.matchAll(/^gunshot_link_frames_total\{port="[^"]*",kind="(\w+)"\} (\d+)$/gm)) frameCounts[m[1]] = (frameCounts[m[1]] ?? 0) + Number(m[2]);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const { openDb } = await import('../gateway/store/db.ts');
  const { createStore } = await import('../gateway/store/store.ts');
  const store = createStore(openDb(join(dir, 'gw.db')));
  const counts = await store.counts();
  const located = (store.db.prepare('SELECT count(*) AS c FROM incidents WHERE lat IS NOT NULL').get() as { c: number }).c;
  // One-way transport: the board's send → the gateway's decode of the frame (received_ms, wall clock;
  // both processes read the same system clock, to ~1 ms).
  const receivedMs = new Map((store.db.prepare('SELECT board_id, event_id, received_ms FROM detections').all() as { board_id: string; event_id: number; received_ms: number }[])
    .map((r) => [`${r.board_id}/${r.event_id}`, r.received_ms] as const));
  const transport = measured.flatMap((a) => { const r = receivedMs.get(`${a.board}/${a.eventId}`); return r === undefined ? [] : [r - a.sentUs / 1000]; });
  store.db.close();
  console.log(JSON.stringify({
    boards: nBoards, targetRate: rate, seconds, warmupSeconds: warmup, sent: run.sent, acked: measured.length,
    stored: counts.detections, incidents: counts.incidents, locatedIncidents: located, alerts: counts.alerts, gatewayFrames: frameCounts,
    boardAckedDistinct: boards.reduce((n, b) => n + new Set(b.acked().map((a) => a.eventId)).size, 0),
    offeredPerSec: Math.round(run.sent / run.sendS),
    ingestedPerSec: Math.round(measured.length / run.totalS),
    ingestLatencyMs: ingestQuantiles(m2, m1),
    transportMs: quantiles(transport),
    roundTripMs: quantiles(measured.map((a) => a.latencyUs / 1000)),
    coldStart: warm && {
      sent: warm.sent, ingestLatencyMs: ingestQuantiles(m1, m0),
      roundTripMs: quantiles(ackedSince(warm.startUs, run.startUs).map((a) => a.latencyUs / 1000)),
    },
  }, null, 2));
} finally {
  await Promise.all(boards.map((b) => b.close()));
  await Promise.all(pairs.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
}
