// The board's side of the MQTT transport, in TypeScript: one client per board, logged in as the board,
// publishing HELLO and HEARTBEAT on `gunshot/<id>/state`, every other frame on `gunshot/<id>/up`, and
// receiving on `gunshot/<id>/down`, all QoS 1. Fake boards
// (tests, benchmark) use it; the C firmware's port is firmware-bridge/host/mqtt_link.c.
import mqtt, { type MqttClient } from 'mqtt';
import { readFileSync } from 'node:fs';
import { encodeFrame } from '../serial/frame.ts';
import { checkPacket } from '../serial/frame-decoder.ts';
import { zeroCounters, type FrameChannel } from '../transport/channel.ts';
import { downTopic, frameTopicKind, stateTopic, upTopic } from './topics.ts';

export interface BoardMqttOptions {
  /** Broker URL, `mqtt://host:port` or `mqtts://host:port`. */
  url: string;
  boardId: string;
  /** Login; defaults to the board id. */
  username?: string;
  /** defaults to none. */
  password?: string;
  /** CA certificate (PEM) for mqtts://; defaults to the system's CAs. */
  caFile?: string;
  /** Publish QoS; defaults to 1 (the protocol's); 0 only for the benchmark's fire-and-forget baseline. */
  qos?: 0 | 1;
}

export function boardMqttChannel(o: BoardMqttOptions): FrameChannel {
  const topics = { up: upTopic(o.boardId), state: stateTopic(o.boardId) }, down = downTopic(o.boardId);
  const counters = zeroCounters();
  let client: MqttClient | null = null;
  let done = false;
  return {
    open(h) {
      const c = mqtt.connect(o.url, {
        protocolVersion: 5, clean: true, reconnectPeriod: 0, connectTimeout: 10_000,
        clientId: `board-${o.boardId}`, username: o.username ?? o.boardId, password: o.password,
        ...(o.caFile ? { ca: readFileSync(o.caFile) } : {}),
      });
      client = c;
      const lost = (reason: string) => {
        if (done || client !== c) return;
        done = true;
        client = null;
        c.end(true);
        h.onLost(reason);
      };
      c.on('error', (err) => lost(err.message));
      c.on('close', () => lost('connection closed'));
      c.on('message', (_topic, payload) => { const f = checkPacket(payload, counters); if (f) h.onFrame(f); });
      c.once('connect', () => {
        c.subscribe(down, { qos: 1 }, (err) => (err ? lost(`subscribe ${down}: ${err.message}`) : h.onOpen()));
      });
    },
    send(frame) { client?.publish(topics[frameTopicKind(frame.type)], encodeFrame(frame), { qos: o.qos ?? 1 }); },
    counters: () => ({ ...counters }),
    async close() {
      done = true;
      const c = client;
      client = null;
      await c?.endAsync();
    },
  };
}
