// Who may speak over MQTT, against a real mosquitto with a password file (mosquitto_passwd) and the
// deployment's ACL: a wrong password is refused by the broker, a board cannot publish under another
// board's id, a board the gateway does not serve is dropped and counted, and TLS with a self-signed
// certificate works for boards and gateways that trust it (and only for those).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startMosquitto, requireMosquitto, type Mosquitto } from '../../gateway/sim/mosquitto.ts';
import { createFakeBoard, type FakeBoard } from '../../gateway/sim/fake-board.ts';
import { boardMqttChannel } from '../../gateway/mqtt/board-channel.ts';
import { encodeFrame } from '../../gateway/serial/frame.ts';
import { MessageType, encodeDetection } from '../../gateway/serial/messages.ts';
import { startGateway, type Gateway } from '../../gateway/app.ts';
import { DEFAULT_CONFIG, mergeConfig } from '../../gateway/config.ts';
import { tempDir, waitFor, quietLog } from './helpers.ts';

const USERS: Record<string, string> = { gateway: 'gw-secret', observer: 'obs', 'board-0': 'pw0', 'board-1': 'pw1', stranger: 'pw-s' };

describe('MQTT: who may speak (password file, ACL, known boards, TLS)', function () {
  this.timeout(60000);
  let broker: Mosquitto;
  let tmp: ReturnType<typeof tempDir>;
  let gw: Gateway | null;
  let boards: FakeBoard[];
  let ca: string;

  before(async () => {
    requireMosquitto();
    tmp = tempDir('mqtt-auth-');
    ca = join(tmp.dir, 'cert.pem');
    // A self-signed certificate for 127.0.0.1 (the CA file the clients trust is the certificate itself).
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(tmp.dir, 'key.pem'), '-out', ca], { stdio: 'ignore' });
    broker = await startMosquitto({ users: USERS, gateways: ['gateway', 'observer'], tls: { certFile: ca, keyFile: join(tmp.dir, 'key.pem') } });
  });
  after(async () => { await broker?.stop(); tmp?.cleanup(); });
  beforeEach(() => { gw = null; boards = []; });
  afterEach(async () => {
    await Promise.all(boards.map((b) => b.close()));
    await gw?.close();
  });

  const board = (id: string, password = USERS[id], opts: { tls?: boolean; caFile?: string } = {}) => createFakeBoard({
    boardId: id, heartbeatMs: 200, resendMs: 100,
    channel: () => boardMqttChannel({ url: opts.tls ? broker.tlsUrl! : broker.url, boardId: id, password, caFile: opts.caFile }),
  }).open();
  const gateway = async (db: string, opts: { tls?: boolean; password?: string } = {}) => startGateway(mergeConfig(DEFAULT_CONFIG, {
    db: join(tmp.dir, db), httpPort: 0,
    mqtt: {
      url: opts.password ? (opts.tls ? broker.tlsUrl! : broker.url).replace('//', `//gateway:${opts.password}@`) : broker.urlFor('gateway', opts.tls),
      boards: ['board-0', 'board-1'], ...(opts.tls ? { caFile: ca } : {}),
    },
  }, 'test'), quietLog);

  it('refuses a board with a wrong password at the broker (and a gateway with one)', async () => {
    gw = await gateway('pw.db');
    boards = [board('board-0', 'not-the-password')];
    await waitFor('the broker refusing the board', () => boards[0].lastLoss());
    expect(boards[0].lastLoss()).to.match(/not authori[sz]ed|bad user name or password/i);
    expect(boards[0].isOpen()).to.equal(false);
    expect(gw.mqtt!.counters().messages).to.equal(0);
    let err: Error | null = null;
    try { await gateway('pw2.db', { password: 'wrong' }); } catch (e) { err = e as Error; }
    expect(err?.message).to.match(/^MQTT broker mqtt:\/\/gateway:\*\*\*@127\.0\.0\.1:\d+ refused the gateway: .*(not authori[sz]ed|bad user name or password)/i);
  });

  it('does not deliver a message a board publishes under another board id', async () => {
    const spy = await mqtt.connectAsync(broker.urlFor('observer'), { protocolVersion: 5 });
    const seen: string[] = [];
    spy.on('message', (topic) => seen.push(topic));
    await spy.subscribeAsync('gunshot/+/up', { qos: 1 });
    const impostor = await mqtt.connectAsync(broker.urlFor('board-1'), { protocolVersion: 5, clientId: 'impostor' });
    const detection = encodeFrame({ type: MessageType.DETECTION, seq: 0, payload: encodeDetection({
      eventId: 1, timestampUs: 1n, windowStartUs: 0n, score: 100, retransmission: false, probability: 0.9, peakLevel: 1, energy: 1,
    }) });
    let refusal: unknown = null;
    try { await impostor.publishAsync('gunshot/board-0/up', detection, { qos: 1 }); } catch (e) { refusal = e; }
    await impostor.publishAsync('gunshot/board-1/up', detection, { qos: 1 }); // its own topic: delivered
    await waitFor('the spy receiving the legitimate message', () => seen.includes('gunshot/board-1/up'));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).to.deep.equal(['gunshot/board-1/up']);
    // MQTT 5: the broker answers the refused QoS 1 publish with reason code 0x87 (not authorised).
    expect(String(refusal)).to.match(/not authori[sz]ed|135/i);
    await impostor.endAsync();
    await spy.endAsync();
  });

  it('drops and counts well-formed messages from a board id the gateway does not serve', async () => {
    gw = await gateway('unknown.db');
    boards = [board('stranger'), board('board-0')];
    await waitFor('board-0 online', () => gw!.fleet.links().some((l) => l.key === 'board-0' && l.status === 'online'));
    boards[0].detect(0.9);
    await waitFor('stranger messages counted', () => gw!.mqtt!.counters().unknownBoard >= 3);
    expect(gw.fleet.links().map((l) => l.path)).to.deep.equal(['mqtt:board-0']);
    expect(await gw.store.board('stranger')).to.equal(undefined);
    expect(boards[0].pending(), 'the stranger\'s detection is never ACKed').to.equal(1);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    const m = /^gunshot_mqtt_dropped_total\{reason="unknown_board"\} (\d+)$/m.exec(metrics);
    expect(Number(m?.[1])).to.be.at.least(3);
  });

  it('reads HELLO and HEARTBEAT on a state topic, and drops and counts a DETECTION published there', async () => {
    gw = await gateway('state.db');
    boards = [board('board-0')];
    await waitFor('board-0 online from its state topic', () => gw!.fleet.links().some((l) => l.key === 'board-0' && l.status === 'online'));
    const before = gw.mqtt!.counters().badTopic;
    const client = await mqtt.connectAsync(broker.urlFor('board-1'), { protocolVersion: 5, clientId: 'board-1-raw' });
    const detection = encodeFrame({ type: MessageType.DETECTION, seq: 0, payload: encodeDetection({
      eventId: 1, timestampUs: 1n, windowStartUs: 0n, score: 100, retransmission: false, probability: 0.9, peakLevel: 1, energy: 1,
    }) });
    await client.publishAsync('gunshot/board-1/state', detection, { qos: 1 });
    await waitFor('the DETECTION on a state topic counted', () => gw!.mqtt!.counters().badTopic === before + 1);
    await client.endAsync();
    expect((await gw.store.counts()).detections).to.equal(0);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(Number(/^gunshot_mqtt_dropped_total\{reason="bad_topic"\} (\d+)$/m.exec(metrics)?.[1])).to.equal(before + 1);
  });

  it('carries boards and the gateway over TLS with a self-signed certificate, and refuses a client that does not trust it', async () => {
    gw = await gateway('tls.db', { tls: true });
    boards = [board('board-1', USERS['board-1'], { tls: true, caFile: ca })];
    await waitFor('board-1 online over TLS', () => gw!.fleet.links().some((l) => l.key === 'board-1' && l.status === 'online'));
    await waitFor('clock samples', () => gw!.fleet.links()[0].stats.frames >= 4);
    boards[0].detect(0.9);
    await waitFor('ACKed over TLS', () => boards[0].acked().length === 1);
    expect((await gw.store.counts()).detections).to.equal(1);
    const untrusting = board('board-0', USERS['board-0'], { tls: true });
    boards.push(untrusting);
    await waitFor('the TLS handshake failing', () => untrusting.lastLoss());
    expect(untrusting.lastLoss()).to.match(/self[- ]signed certificate/i);
  });
});
