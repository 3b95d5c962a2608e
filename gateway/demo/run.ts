// `gunshot-edge demo` as a library call: N C host boards on socat ptys, each playing in real time what
// its microphone would hear of a synthetic city soundscape, the gateway in-process with its dashboard,
// and a score of the run against the soundscape's ground truth.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWav } from '../../common/audio/index.ts';
import { startGateway, type Gateway } from '../app.ts';
import { DEFAULT_CONFIG, mergeConfig } from '../config.ts';
import type { FleetLogger } from '../boards/fleet.ts';
import { openPtyPair, type PtyPair } from '../sim/pty-pair.ts';
import { planScenario, type Scenario, type ScenarioOptions } from './scenario.ts';
import { eventSource, renderBoardAudio } from './soundscape.ts';
import { arrivalErrorsMs, scoreDemo, type DemoDetail, type DemoSummary, type ObservedIncident } from './score.ts';
import { buildHostBoard, exportModelHash, firmwareExportDir } from './host-board.ts';

export interface DemoOptions extends ScenarioOptions {
  /** Model folder (with export/) or a generated firmware export folder; defaults to 'models/tiny'. */
  modelDir?: string;
  /** Dashboard/API port; defaults to 8080, falling back to any free port when taken; 0 = any free port. */
  httpPort?: number;
  /** Time after the soundscape for the last detections to arrive, s; defaults to 3; range 0..60. */
  tailS?: number;
  /** Board detection threshold, int8 output domain; defaults to the export's (GE_MODEL_THRESHOLD_Q); range −128..127. */
  boardThreshold?: number;
}

export interface DemoLog { info(m: string): void; warn(m: string): void }

export interface DemoRun {
  summary: DemoSummary;
  details: DemoDetail[];
  scenario: Scenario;
  /** Dashboard URL. */
  url: string;
  /** Per board: where its scenario time zero fell (boot, from HEARTBEAT clock − uptime, minus its stagger) − the first release, ms; null if unknown. */
  startLagMs: (number | null)[];
  /** Detection time − the sound's arrival at that board, ms, for detections within 300 ms of one (see arrivalErrorsMs). */
  arrivalErrorsMs: number[];
  /** Stops boards, gateway and ptys, removes the temporary folder. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RATE_HZ = 16000;
/**
 * Boards are released this far apart, s. A host board's audio starts at its boot, and a boot costs tens of
 * ms of CPU (loading its WAV, tables); booting all at once on a busy host queues them, and the queueing
 * skews the boards' audio (measured 36–101 ms after a common release, i.e. up to 22 m of TDOA error).
 * Released one by one, each boots on a quieter CPU; board k's WAV starts k·STAGGER_S into the
 * soundscape, so every board plays scenario time t at release₀ + t + its own boot time.
 */
const STAGGER_S = 0.25;

/** Whether 127.0.0.1:port can be bound right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A board's boot instant on its own clock, µs (HEARTBEAT clock_us − uptime), or null before a heartbeat. */
async function bootOnBoardClockUs(gw: Gateway, boardId: string): Promise<number | null> {
  const health = (await gw.store.board(boardId))?.health_json;
  if (!health) return null;
  const h = JSON.parse(health) as { clockUs: number; uptimeMs: number };
  return h.clockUs - 1000 * h.uptimeMs;
}

export async function runDemo(o: DemoOptions = {}, log: DemoLog = { info: () => {}, warn: () => {} }): Promise<DemoRun> {
  const tailS = o.tailS ?? 3;
  if (!(tailS >= 0 && tailS <= 60)) throw new RangeError(`demo tail must be 0..60 s, got ${tailS}`);
  const q = o.boardThreshold;
  if (q !== undefined && !(Number.isInteger(q) && q >= -128 && q <= 127)) throw new RangeError(`--threshold must be an integer −128..127 (int8 output), got ${q}`);
  const modelDir = o.modelDir ?? 'models/tiny';
  // Boards are released STAGGER_S apart (see below); the first event waits for all and their clock warm-up.
  const nBoards = o.boards ?? 4;
  const scenario = planScenario({ ...o, leadInS: o.leadInS ?? Math.max(5, 3 + STAGGER_S * (nBoards - 1)) });
  const exportDir = firmwareExportDir(modelDir);
  log.info(`building the host board for ${exportDir}`);
  const bin = await buildHostBoard(exportDir);

  const tmp = mkdtempSync(join(tmpdir(), 'ge-demo-'));
  const pairs: PtyPair[] = [];
  const boards: ChildProcess[] = [];
  let gw: Gateway | null = null;
  const close = async () => {
    await gw?.close();
    gw = null;
    await Promise.all(boards.map((c) => new Promise<void>((r) => {
      if (c.exitCode !== null || c.signalCode !== null) return r();
      c.once('exit', () => r());
      c.kill('SIGTERM');
    })));
    await Promise.all(pairs.map((p) => p.close()));
    rmSync(tmp, { recursive: true, force: true });
  };

  try {
    const seed = o.seed ?? 'gunshot-edge-demo';
    log.info(`rendering ${scenario.durationS} s for ${scenario.boards.length} boards: ${scenario.events.map((e) => `${e.atS.toFixed(1)} s ${e.category}`).join(', ')}`);
    const sources = scenario.events.map((e) => eventSource(e, RATE_HZ, seed));
    const wavs: string[] = [];
    for (const [k, b] of scenario.boards.entries()) {
      const wav = join(tmp, `${b.id}.wav`);
      await writeWav(wav, renderBoardAudio(scenario, b, sources, RATE_HZ, seed).subarray(Math.round(k * STAGGER_S * RATE_HZ)), RATE_HZ);
      wavs.push(wav);
    }
    for (const b of scenario.boards) pairs.push(await openPtyPair(join(tmp, `gw-${b.id}`), join(tmp, `board-${b.id}`)));

    // The widest board spread sets the grouping window: sound needs spread / 343 m/s to cross the field.
    let spread = 0;
    for (const a of scenario.boards) for (const b of scenario.boards) spread = Math.max(spread, Math.hypot(a.enu.x - b.enu.x, a.enu.y - b.enu.y));
    const gwLog: FleetLogger = { info: (m) => log.info(`[gateway] ${m}`), warn: (m) => log.warn(`[gateway] ${m}`) };
    const config = (httpPort: number) => mergeConfig(DEFAULT_CONFIG, {
      ports: pairs.map((p) => p.a), db: join(tmp, 'demo.db'), httpPort,
      incidents: { maxBoardDistanceM: Math.ceil(spread) + 20, marginMs: 300 },
      ...(exportModelHash(exportDir) ? { expectedModelHash: exportModelHash(exportDir) } : {}),
    }, 'demo');
    let port = o.httpPort ?? 8080;
    if (o.httpPort === undefined && !(await portFree(port))) {
      log.warn(`port ${port} is taken; serving the dashboard on a free port instead`);
      port = 0;
    }
    gw = await startGateway(config(port), gwLog);
    log.info(`dashboard: ${gw.url}`);

    // Each board waits in a shell for one line on stdin, then execs the C board, so a release costs a
    // pipe write, not a fork (tens of ms on a busy host).
    scenario.boards.forEach((b, k) => {
      const args = ['--port', pairs[k].b, '--wav', wavs[k], '--realtime', '--board-id', b.id,
        '--lat', b.lat.toFixed(7), '--lon', b.lon.toFixed(7), '--alt', '408', ...(q === undefined ? [] : ['--threshold', String(q)])];
      const child = spawn('sh', ['-c', 'read go && exec "$@"', 'sh', bin, ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d) => { err += d; });
      child.once('exit', (code, signal) => { if (signal !== 'SIGTERM') log.warn(`board ${b.id} exited (${code ?? signal}) ${err.trim()}`); });
      boards.push(child);
    });
    await sleep(200); // let every shell reach its `read`
    const releaseMs = Date.now();
    for (const [k, c] of boards.entries()) {
      await sleep(releaseMs + 1000 * k * STAGGER_S - Date.now());
      c.stdin!.end('go\n');
    }
    log.info(`${scenario.boards.length} boards released ${STAGGER_S * 1000} ms apart; playing ${scenario.durationS} s of soundscape`);
    await sleep(releaseMs + 1000 * (scenario.durationS + tailS) - Date.now());

    // Where each board's scenario time zero really fell on the gateway clock: its boot on its own clock
    // (HEARTBEAT clock_us − uptime; the host port starts audio on the first loop pass right after boot)
    // mapped by the gateway's offset estimate, minus the part of the soundscape its WAV skips.
    const gateway = gw;
    const zeros = await Promise.all(scenario.boards.map(async (b, k) => {
      const health = (await gateway.store.board(b.id))?.health_json;
      const offsetUs = gateway.fleet.link(pairs[k].a)?.clockOffsetUs();
      if (!health || offsetUs == null) return null;
      const h = JSON.parse(health) as { clockUs: number; uptimeMs: number };
      return (h.clockUs - 1000 * h.uptimeMs + offsetUs) / 1000 - 1000 * k * STAGGER_S;
    }));
    const known = zeros.filter((x): x is number => x !== null);
    const startLagMs = zeros.map((x) => (x === null ? null : x - releaseMs));
    log.info(`scenario time zero per board, ms after the first release: ${startLagMs.map((x) => (x === null ? '?' : x.toFixed(1))).join(', ')}` +
      (known.length > 1 ? ` (spread ${(Math.max(...known) - Math.min(...known)).toFixed(1)} ms ≈ ${(0.343 * (Math.max(...known) - Math.min(...known))).toFixed(0)} m of TDOA error)` : ''));
    // Scenario time zero on the gateway clock: the boards' mean (the release if none is known).
    const audioStartMs = known.length ? known.reduce((x, y) => x + y, 0) / known.length : releaseMs;
    const boardStartMs = new Map(scenario.boards.map((b, k) => [b.id, zeros[k] ?? audioStartMs]));

    const store = gw.store;
    const incidents: ObservedIncident[] = await Promise.all((await store.incidents({ limit: 1_000_000 })).map(async (i) => ({
      id: i.id, timeUs: i.time_us, nBoards: i.n_boards, lat: i.lat, lon: i.lon, alertMs: (await store.alertOfIncident(i.id))?.created_ms ?? i.created_ms,
    })));
    const { summary, details } = scoreDemo(scenario, audioStartMs, incidents);
    const detections = (await Promise.all(incidents.map((i) => store.incidentDetections(i.id)))).flat().map((d) => ({ boardId: d.board_id, timeUs: d.time_us }));
    return { summary, details, scenario, url: gw.url, startLagMs, arrivalErrorsMs: arrivalErrorsMs(scenario, boardStartMs, detections), close };
  } catch (err) {
    await close();
    throw err;
  }
}
