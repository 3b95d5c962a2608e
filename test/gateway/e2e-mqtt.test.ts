// End-to-end over a real mosquitto broker (started here on 127.0.0.1, with logins and the deployment's
// ACL): the in-process gateway with --mqtt on one side, TypeScript fake boards logged in as themselves
// on the other. Same protocol semantics as serial: HELLO, HEARTBEAT, DETECTION, ACK after commit.
import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startMosquitto, requireMosquitto, type Mosquitto } from '../../gateway/sim/mosquitto.ts';
import { createFakeBoard, type FakeBoard } from '../../gateway/sim/fake-board.ts';
import { boardMqttChannel } from '../../gateway/mqtt/board-channel.ts';
import { startGateway, type Gateway } from '../../gateway/app.ts';
import { DEFAULT_CONFIG, mergeConfig } from '../../gateway/config.ts';
import { tempDir, waitFor, quietLog } from './helpers.ts';

const USERS = { gateway: 'gw-secret', 'board-0': 'pw0', 'board-1': 'pw1', 'board-2': 'pw2' };
const ROOT = new URL('../../', import.meta.url).pathname;
const C_BOARD = join(ROOT, 'firmware-bridge/build/host-mqtt/gunshot-board');

describe('gateway end-to-end over MQTT (real mosquitto, fake boards)', function () {
  this.timeout(60000);
  let broker: Mosquitto;
  let tmp: ReturnType<typeof tempDir>;
  let gw: Gateway | null;
  let boards: FakeBoard[];

  before(async () => { requireMosquitto(); broker = await startMosquitto({ users: USERS }); });
  after(async () => { await broker?.stop(); });
  beforeEach(() => { tmp = tempDir(); gw = null; boards = []; });
  afterEach(async () => {
    await Promise.all(boards.map((b) => b.close()));
    await gw?.close();
    tmp.cleanup();
  });

  const board = (id: keyof typeof USERS) => createFakeBoard({
    boardId: id, heartbeatMs: 200, resendMs: 100,
    channel: () => boardMqttChannel({ url: broker.url, boardId: id, password: USERS[id] }),
  });
  const gateway = async () => {
    const config = mergeConfig(DEFAULT_CONFIG, {
      db: join(tmp.dir, 'gw.db'), httpPort: 0, expectedModelHash: '0011223344556677',
      mqtt: { url: broker.urlFor('gateway'), boards: ['board-0', 'board-1', 'board-2'] },
    }, 'test');
    return startGateway(config, quietLog);
  };

  it('handshakes over the board topics, stores each detection and ACKs it on the down topic', async () => {
    gw = await gateway();
    boards = [board('board-0').open(), board('board-1').open()];
    await waitFor('both boards online', () => gw!.fleet.links().filter((l) => l.status === 'online').length === 2);
    expect(gw.fleet.links().map((l) => [l.path, l.key]).sort()).to.deep.equal([['mqtt:board-0', 'board-0'], ['mqtt:board-1', 'board-1']]);
    // Detections are accepted once the link has three clock samples (HELLO + heartbeats).
    await waitFor('clock samples', () => gw!.fleet.links().every((l) => l.stats.frames >= 4));
    boards[0].detect(0.9);
    boards[1].detect(0.8);
    await waitFor('both ACKed', () => boards.every((b) => b.acked().length === 1 && b.pending() === 0));
    expect(await gw.store.counts()).to.include({ detections: 2, incidents: 1, alerts: 1 });
    const [inc] = await gw.store.incidents();
    expect(inc.n_boards).to.equal(2);
    expect(await gw.store.board('board-0')).to.include({ port: 'mqtt:board-0', model_hash_ok: 1 });
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).to.match(/^gunshot_detections_stored 2$/m);
    expect(metrics).to.match(/^gunshot_link_up\{port="mqtt:board-0",board="board-0"\} 1$/m);
  });

  it('runs the real C firmware core over MQTT (host board, libmosquitto): HELLO, heartbeats, one DETECTION stored and ACKed', async () => {
    execFileSync('make', ['-s', '-C', join(ROOT, 'firmware-bridge'), 'host-mqtt'], { stdio: 'inherit' });
    gw = await gateway();
    // --threshold -128: the first window is an onset, so the C detector and queue produce exactly one DETECTION.
    const child: ChildProcess = spawn(C_BOARD, ['--mqtt', broker.url, '--mqtt-password', USERS['board-2'], '--board-id', 'board-2',
      '--silence', '--threshold', '-128', '--lat', '52.5', '--lon', '13.4'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c) => { stderr += c; });
    try {
      await waitFor('the C board\'s detection stored', async () => (await gw!.store.counts()).detections === 1, 30000);
      // The board's own HEARTBEAT after the ACK reports an empty store-and-forward queue.
      const board = await waitFor('the board reporting an empty queue', async () => {
        const b = await gw!.store.board('board-2');
        const h = b?.health_json ? JSON.parse(b.health_json) as { queueDepth: number } : null;
        return h && h.queueDepth === 0 ? b : null;
      }, 30000);
      expect(board).to.include({ port: 'mqtt:board-2', lat: 52.5, lon: 13.4 });
      expect(gw.fleet.links()[0].stats.acksSent).to.be.at.least(1);
      expect(await gw.store.counts()).to.include({ detections: 1, incidents: 1, alerts: 1 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(stderr).to.not.match(/refused|failed/);
  });

  it('keeps detections on the board until a gateway is there to persist them (store and forward)', async () => {
    boards = [board('board-2').open()];
    await waitFor('board connected', () => boards[0].isOpen());
    const sent = [boards[0].detect(0.9), boards[0].detect(0.9, Date.now() * 1000 + 3_000_000), boards[0].detect(0.9, Date.now() * 1000 + 6_000_000)];
    // Nobody subscribes yet: the broker drops the copies, the board keeps re-sending.
    await new Promise((r) => setTimeout(r, 400));
    expect(boards[0].pending()).to.equal(3);
    gw = await gateway();
    await waitFor('all three ACKed', () => boards[0].pending() === 0, 20000);
    expect(boards[0].acked().map((a) => a.eventId).sort()).to.deep.equal(sent);
    expect(await gw.store.counts()).to.include({ detections: 3, incidents: 3, alerts: 3 });
  });
});
