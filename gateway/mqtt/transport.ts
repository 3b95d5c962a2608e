// The gateway's MQTT side: one client subscribed to every board's up topic (shared by a group of
// gateways when `group` is set) and to every board's state topic (HELLO, HEARTBEAT; never shared),
// turning each board into a FrameChannel for a board link at `mqtt:<board-id>`. One MQTT message
// carries one protocol frame, unescaped (PROTOCOL.md §7).
// The topic names the board: the broker's ACL ties it to the board's login, so the gateway trusts it,
// refuses a HELLO claiming another id, and drops (and counts) messages from boards it was not told about.
import mqtt, { type MqttClient } from 'mqtt';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { encodeFrame } from '../serial/frame.ts';
import { checkPacket } from '../serial/frame-decoder.ts';
import { MessageType, decodeHello } from '../serial/messages.ts';
import { zeroCounters, type ChannelFactory, type ChannelHandlers, type FrameChannel } from '../transport/channel.ts';
import { downTopic, gatewaySubscriptions, parseBoardTopic, STATE_TYPES } from './topics.ts';

export const MQTT_PATH_PREFIX = 'mqtt:';

export interface MqttTransportOptions {
  /** Broker URL, `mqtt://[user:password@]host:port` or `mqtts://…` (TLS). */
  url: string;
  /** Shared-subscription group (`$share/<group>/gunshot/+/up`): the broker hands each up message to one gateway of the group; defaults to none. */
  group?: string;
  /** PEM file of the CA that signed the broker's certificate, for mqtts://; defaults to the system's CAs. */
  caFile?: string;
  /** True for a board id this gateway serves; others are dropped and counted. */
  knownBoard(boardId: string): boolean;
  /** First message from a known board: the caller opens a link on `mqtt:<board-id>` with `channels`. */
  onBoard(path: string): void;
  /** Connection losses and refusals. */
  onWarning?(message: string): void;
}

export interface MqttCounters {
  /** Messages on up and state topics. */
  messages: number;
  /** Well-formed messages from board ids this gateway does not serve (dropped). */
  unknownBoard: number;
  /** Messages on a topic that is neither `gunshot/<board-id>/up` nor `…/state`, and frames other than HELLO and HEARTBEAT on a state topic (dropped). */
  badTopic: number;
  /** HELLOs whose board_id differs from the topic's board id (dropped). */
  idMismatch: number;
}

/** The URL without its password, for logs. */
export const redactUrl = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

export function createMqttTransport(o: MqttTransportOptions) {
  const counters: MqttCounters = { messages: 0, unknownBoard: 0, badTopic: 0, idMismatch: 0 };
  const boards = new Map<string, { handlers: ChannelHandlers; counters: ReturnType<typeof zeroCounters> }>();
  let client: MqttClient | null = null;

  // Up or state topic → board id and kind, for the boards this gateway serves only (so its size is
  // bounded by the config): a topic is parsed and checked once, not on every message.
  const servedTopics = new Map<string, { boardId: string; kind: 'up' | 'state' }>();

  function onMessage(topic: string, payload: Buffer) {
    counters.messages++;
    let parsed = servedTopics.get(topic);
    if (parsed === undefined) {
      const p = parseBoardTopic(topic);
      if (p === null) { counters.badTopic++; return; }
      if (!o.knownBoard(p.boardId)) { counters.unknownBoard++; return; }
      servedTopics.set(topic, p);
      parsed = p;
    }
    const id = parsed.boardId;
    if (!boards.has(id)) o.onBoard(MQTT_PATH_PREFIX + id);
    const b = boards.get(id);
    if (!b) return; // the link is backing off; the board re-sends
    const frame = checkPacket(payload, b.counters);
    if (!frame) return;
    // Every gateway of a group reads the state topics: a DETECTION there would be ACKed by all of them.
    if (parsed.kind === 'state' && !STATE_TYPES.has(frame.type)) { counters.badTopic++; return; }
    if (frame.type === MessageType.HELLO) {
      let claimed: string | null = null;
      try { claimed = decodeHello(frame).boardId; } catch { /* undecodable: the link counts it */ }
      if (claimed !== null && claimed !== id) {
        counters.idMismatch++;
        o.onWarning?.(`HELLO on ${topic} claims board id "${claimed}"; dropped`);
        return;
      }
    }
    b.handlers.onFrame(frame);
  }

  const channels: ChannelFactory = (path: string): FrameChannel => {
    const id = path.startsWith(MQTT_PATH_PREFIX) ? path.slice(MQTT_PATH_PREFIX.length) : path;
    const topic = downTopic(id);
    const mine = { handlers: null as ChannelHandlers | null, counters: zeroCounters() };
    return {
      open(h) {
        mine.handlers = h;
        boards.set(id, { handlers: h, counters: mine.counters });
        h.onOpen();
      },
      send(frame) { client?.publish(topic, encodeFrame(frame), { qos: 1 }); },
      counters: () => ({ ...mine.counters }),
      async close() { if (boards.get(id)?.handlers === mine.handlers) boards.delete(id); },
    };
  };

  return {
    channels,
    counters: () => ({ ...counters }),
    /** Connects and subscribes; rejects with one line naming the broker when either is refused. */
    async start(): Promise<void> {
      const c = mqtt.connect(o.url, {
        protocolVersion: 5, clean: true, reconnectPeriod: 1000, connectTimeout: 10_000,
        clientId: `gunshot-gw-${randomBytes(6).toString('hex')}`,
        ...(o.caFile ? { ca: readFileSync(o.caFile) } : {}),
      });
      try {
        await new Promise<void>((resolve, reject) => {
          c.once('connect', () => resolve());
          c.once('error', reject);
        });
      } catch (err) {
        await c.endAsync(true);
        throw new Error(`MQTT broker ${redactUrl(o.url)} refused the gateway: ${(err as Error).message}`);
      }
      client = c;
      c.on('message', onMessage);
      c.on('error', (err) => o.onWarning?.(`MQTT ${redactUrl(o.url)}: ${err.message}`));
      c.on('offline', () => o.onWarning?.(`MQTT ${redactUrl(o.url)}: connection lost; reconnecting`));
      const subs = gatewaySubscriptions(o.group);
      const granted = await c.subscribeAsync(subs, { qos: 1 });
      const refused = granted.filter((g) => g.qos !== 1 && g.qos !== 0).map((g) => g.topic);
      if (refused.length) {
        await c.endAsync(true);
        client = null;
        throw new Error(`MQTT broker ${redactUrl(o.url)} refused the subscription ${refused.join(', ')}`);
      }
    },
    async close(): Promise<void> {
      const c = client;
      client = null;
      boards.clear();
      await c?.endAsync();
    },
  };
}

export type MqttTransport = ReturnType<typeof createMqttTransport>;
