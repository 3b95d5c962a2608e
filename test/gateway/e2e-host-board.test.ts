// End-to-end against the firmware itself: the C host board (firmware-bridge/build/host/gunshot-board)
// on a socat pty, talking to the in-process gateway. `--threshold -128` makes the very first window an
// onset, so each board run yields exactly one real DETECTION from the C detector and queue.
import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openPtyPair, type PtyPair } from '../../gateway/sim/pty-pair.ts';
import { startGateway, type Gateway } from '../../gateway/app.ts';
import { DEFAULT_CONFIG, mergeConfig } from '../../gateway/config.ts';
import { tempDir, waitFor, requireSocat } from './helpers.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const BOARD = join(ROOT, 'firmware-bridge/build/host/gunshot-board');

describe('gateway end-to-end with the C host board', function () {
  this.timeout(120000);
  let tmp: ReturnType<typeof tempDir>;
  let pairs: PtyPair[];
  let children: ChildProcess[];
  let gw: Gateway | null;
  const warnings: string[] = [];
  const log = { info: () => {}, warn: (m: string) => { warnings.push(m); } };

  before(function () {
    requireSocat();
    if (!existsSync(BOARD)) execFileSync('make', ['-C', join(ROOT, 'firmware-bridge'), 'host'], { stdio: 'inherit' });
  });
  beforeEach(() => { tmp = tempDir(); pairs = []; children = []; gw = null; warnings.length = 0; });
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await gw?.close();
    await Promise.all(pairs.map((p) => p.close()));
    tmp.cleanup();
  });

  function startBoard(path: string, id: string, extra: string[] = []): ChildProcess {
    const c = spawn(BOARD, ['--port', path, '--silence', '--threshold', '-128', '--board-id', id, '--lat', '52.5', '--lon', '13.4', ...extra], { stdio: 'ignore' });
    children.push(c);
    return c;
  }
  const gateway = (extra: Record<string, unknown> = {}) => startGateway(mergeConfig(DEFAULT_CONFIG, {
    ports: pairs.map((p) => p.a), db: join(tmp.dir, 'gw.db'), httpPort: 0, ...extra,
  }, 'test'), log);

  it('handshakes, stores the board\'s detection, ACKs it, and the board\'s queue drains', async () => {
    pairs.push(await openPtyPair(join(tmp.dir, 'gw0'), join(tmp.dir, 'b0')));
    gw = await gateway({ expectedModelHash: 'ffffffffffffffff' });
    startBoard(pairs[0].b, 'host-1');
    await waitFor('detection stored', async () => (await gw!.store.counts()).detections === 1, 30000);
    const board = await waitFor('heartbeat after the ACK shows an empty queue', async () => {
      const b = await gw!.store.board('host-1');
      const h = b?.health_json ? JSON.parse(b.health_json) : null;
      return h && h.queueDepth === 0 && gw!.fleet.links()[0].stats.acksSent >= 1 ? b : null;
    }, 30000);
    expect(board).to.include({ firmware: board.firmware, lat: 52.5, lon: 13.4, model_hash_ok: 0 });
    expect(board.model_hash).to.match(/^[0-9a-f]{16}$/);
    expect(warnings.some((w) => w.includes('MODEL HASH MISMATCH') && w.includes('host-1'))).to.equal(true);
    expect(await gw.store.counts()).to.include({ detections: 1, incidents: 1, alerts: 1 });
  });

  it('store-and-forward: a detection made while the gateway was down is delivered once when it starts', async () => {
    pairs.push(await openPtyPair(join(tmp.dir, 'gw0'), join(tmp.dir, 'b0')));
    startBoard(pairs[0].b, 'host-2');
    await new Promise((r) => setTimeout(r, 2500)); // the board detects and re-sends into an unread pty
    gw = await gateway();
    await waitFor('detection stored', async () => (await gw!.store.counts()).detections === 1, 30000);
    await waitFor('queue empty', async () => JSON.parse((await gw!.store.board('host-2'))?.health_json ?? '{}').queueDepth === 0, 30000);
    await new Promise((r) => setTimeout(r, 1500)); // any further re-send would be a duplicate
    expect(await gw.store.counts()).to.include({ detections: 1, alerts: 1 });
  });

  it('fuses two host boards hearing the same onset into one incident', async () => {
    for (let i = 0; i < 2; i++) pairs.push(await openPtyPair(join(tmp.dir, `gw${i}`), join(tmp.dir, `b${i}`)));
    gw = await gateway({ incidents: { marginMs: 2000 } });
    await waitFor('links waiting', () => gw!.fleet.links().every((l) => l.status === 'handshaking'));
    startBoard(pairs[0].b, 'host-a');
    startBoard(pairs[1].b, 'host-b');
    await waitFor('both detections stored', async () => (await gw!.store.counts()).detections === 2, 30000);
    const [inc] = await gw.store.incidents();
    expect(inc.n_boards).to.equal(2);
    expect(await gw.store.counts()).to.include({ incidents: 1, alerts: 1 });
  });
});
