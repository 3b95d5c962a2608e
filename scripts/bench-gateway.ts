// Load benchmark for the gateway: N fake boards on socat ptys flood detections at a target rate into
// the real CLI gateway (a child process, so boards and gateway do not share an event loop).
// Prints detections/s ingested and two latencies: `ingestLatencyMs`, frame arrival at the gateway to the
// commit of its detection, incident and alert (the gateway's own HDR histogram, scraped from /metrics),
// and `roundTripMs`, the board's send to the board's receipt of the ACK, which adds both pty hops
// (socat) and this process's event loop and so bounds the first from above.
// Usage: npm run bench:gateway -- [--boards 8] [--rate 6000] [--seconds 5]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPtyPair, type PtyPair } from '../gateway/sim/pty-pair.ts';
import { createFakeBoard, type FakeBoard } from '../gateway/sim/fake-board.ts';
import { fromEnu } from '../gateway/incidents/geo.ts';
import { gatewayNowUs } from '../gateway/serial/clock.ts';

const { values } = parseArgs({ options: { boards: { type: 'string', default: '8' }, rate: { type: 'string', default: '6000' }, seconds: { type: 'string', default: '5' } } });
const nBoards = Number(values.boards), rate = Number(values.rate), seconds = Number(values.seconds);
if (!(nBoards >= 1 && nBoards <= 64)) throw new RangeError(`--boards must be 1..64, got ${values.boards}`);
if (!(rate >= 1 && rate <= 100000)) throw new RangeError(`--rate must be 1..100000 detections/s, got ${values.rate}`);
if (!(seconds > 0 && seconds <= 600)) throw new RangeError(`--seconds must be in (0, 600], got ${values.seconds}`);

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

  const total = Math.round(rate * seconds);
  const shots = Math.ceil(total / nBoards);
  const tickMs = 10;
  const shotsPerTick = Math.max(1, Math.round((rate / nBoards) * (tickMs / 1000)));
  const t0Us = gatewayNowUs();
  const start = performance.now();
  let sent = 0;
  for (let s = 0; s < shots; s += shotsPerTick) {
    for (let k = s; k < Math.min(shots, s + shotsPerTick); k++) {
      // Shots 1 ms apart on the gateway clock, well outside each other's grouping window? No: the
      // window is ~0.6 s, so neighbouring shots overlap it and grouping must pick the right one.
      for (const b of boards) { b.detect(0.7, t0Us + k * 1000); sent++; }
    }
    const due = start + ((s + shotsPerTick) / shots) * seconds * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const sendEnd = performance.now();
  while (boards.some((b) => b.pending() > 0) && performance.now() - sendEnd < 15000) await new Promise((r) => setTimeout(r, 20));
  const end = performance.now();
  const lat = boards.flatMap((b) => b.acked().map((a) => a.latencyUs / 1000)).sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))];
  const ackedCount = lat.length;
  // Dropped packets on the gateway side (line errors), summed over ports.
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const frameCounts: Record<string, number> = {};
  for (const m of metrics.matchAll(/^gunshot_link_frames_total\{port="[^"]*",kind="(\w+)"\} (\d+)$/gm)) frameCounts[m[1]] = (frameCounts[m[1]] ?? 0) + Number(m[2]);
  const quantile = (q: string) => Number(new RegExp(`^gunshot_ingest_latency_seconds\\{quantile="${q}"\\} (\\S+)$`, 'm').exec(metrics)?.[1]) * 1000;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const { openDb } = await import('../gateway/store/db.ts');
  const { createStore } = await import('../gateway/store/store.ts');
  const store = createStore(openDb(join(dir, 'gw.db')));
  const counts = store.counts();
  const located = (store.db.prepare('SELECT count(*) AS c FROM incidents WHERE lat IS NOT NULL').get() as { c: number }).c;
  store.db.close();
  console.log(JSON.stringify({
    boards: nBoards, targetRate: rate, seconds, sent, acked: ackedCount, stored: counts.detections, incidents: counts.incidents,
    locatedIncidents: located, alerts: counts.alerts, gatewayFrames: frameCounts,
    boardAckedDistinct: boards.reduce((n, b) => n + new Set(b.acked().map((a) => a.eventId)).size, 0),
    offeredPerSec: Math.round(sent / ((sendEnd - start) / 1000)),
    ingestedPerSec: Math.round(ackedCount / ((end - start) / 1000)),
    ingestLatencyMs: { p50: +quantile('0.5').toFixed(2), p90: +quantile('0.9').toFixed(2), p99: +quantile('0.99').toFixed(2), max: +quantile('1').toFixed(2) },
    roundTripMs: { p50: +pct(50).toFixed(2), p90: +pct(90).toFixed(2), p99: +pct(99).toFixed(2), max: +lat[lat.length - 1].toFixed(2) },
  }, null, 2));
} finally {
  await Promise.all(boards.map((b) => b.close()));
  await Promise.all(pairs.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
}
