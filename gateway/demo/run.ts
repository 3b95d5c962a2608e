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
}

export interface DemoLog { info(m: string): void; warn(m: string): void }

export interface DemoRun {
  summary: DemoSummary;
  details: DemoDetail[];
  scenario: Scenario;
  /** Dashboard URL. */
  url: string;
  /** Time to release all boards, ms (a lower bound on how far their audio starts differ). */
  startSkewMs: number;
  /** Detection time − the sound's arrival at that board, ms, for detections within 300 ms of one (see arrivalErrorsMs). */
  arrivalErrorsMs: number[];
  /** Stops boards, gateway and ptys, removes the temporary folder. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RATE_HZ = 16000;

/** Whether 127.0.0.1:port can be bound right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function runDemo(o: DemoOptions = {}, log: DemoLog = { info: () => {}, warn: () => {} }): Promise<DemoRun> {
  const tailS = o.tailS ?? 3;
  if (!(tailS >= 0 && tailS <= 60)) throw new RangeError(`demo tail must be 0..60 s, got ${tailS}`);
  const modelDir = o.modelDir ?? 'models/tiny';
  const scenario = planScenario(o);
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
    for (const b of scenario.boards) {
      const wav = join(tmp, `${b.id}.wav`);
      await writeWav(wav, renderBoardAudio(scenario, b, sources, RATE_HZ, seed), RATE_HZ);
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

    // Each board waits in a shell for one line on stdin, then execs the C board: spawning takes tens of
    // ms per process on a busy host, and a board's audio starts at its boot, so spawning one after the
    // other would skew the boards' audio by that much (≈ 17 m of TDOA error per 50 ms). Releasing them
    // all at once leaves only exec/scheduling jitter.
    scenario.boards.forEach((b, k) => {
      const args = ['--port', pairs[k].b, '--wav', wavs[k], '--realtime', '--board-id', b.id,
        '--lat', b.lat.toFixed(7), '--lon', b.lon.toFixed(7), '--alt', '408'];
      const child = spawn('sh', ['-c', 'read go && exec "$@"', 'sh', bin, ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d) => { err += d; });
      child.once('exit', (code, signal) => { if (signal !== 'SIGTERM') log.warn(`board ${b.id} exited (${code ?? signal}) ${err.trim()}`); });
      boards.push(child);
    });
    await sleep(200); // let every shell reach its `read`
    // Sample 0 of every board's audio is its boot (host port: audio starts on the first read, right after
    // setup), i.e. this instant plus the exec time.
    const audioStartMs = Date.now();
    for (const c of boards) c.stdin!.end('go\n');
    const startSkewMs = Date.now() - audioStartMs;
    log.info(`${scenario.boards.length} boards released within ${startSkewMs} ms; playing ${scenario.durationS} s of soundscape`);

    await sleep(audioStartMs + 1000 * (scenario.durationS + tailS) - Date.now());

    const store = gw.store;
    const incidents: ObservedIncident[] = store.incidents({ limit: 1_000_000 }).map((i) => ({
      id: i.id, timeUs: i.time_us, nBoards: i.n_boards, lat: i.lat, lon: i.lon, alertMs: store.alertOfIncident(i.id)?.created_ms ?? i.created_ms,
    }));
    const { summary, details } = scoreDemo(scenario, audioStartMs, incidents);
    const detections = incidents.flatMap((i) => store.incidentDetections(i.id).map((d) => ({ boardId: d.board_id, timeUs: d.time_us })));
    return { summary, details, scenario, url: gw.url, startSkewMs, arrivalErrorsMs: arrivalErrorsMs(scenario, audioStartMs, detections), close };
  } catch (err) {
    await close();
    throw err;
  }
}
