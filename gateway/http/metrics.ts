// Prometheus text exposition (format 0.0.4) of gateway state: store counts, fleet counters, per-link
// frame counters and board status. Computed on scrape; nothing here keeps state.
import type { Store } from '../store/types.ts';
import type { Fleet } from '../boards/fleet.ts';
import type { MqttCounters } from '../mqtt/transport.ts';
import type { LiveRelayCounters } from '../store/pg-live.ts';
import { renderLatencyHistogram } from '../boards/ingest-latency.ts';

type Sample = [labels: Record<string, string>, value: number];

function family(name: string, type: 'counter' | 'gauge', help: string, samples: Sample[]): string {
  const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const lines = samples.map(([labels, v]) => {
    const l = Object.entries(labels).map(([k, x]) => `${k}="${esc(x)}"`).join(',');
    return `${name}${l ? `{${l}}` : ''} ${v}`;
  });
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines].join('\n');
}

export async function renderMetrics(store: Store, fleet: Fleet | null, sseClients: number, mqtt: MqttCounters | null = null,
  relay: LiveRelayCounters | null = null): Promise<string> {
  const c = await store.counts();
  const links = fleet?.links() ?? [];
  const out = [
    family('gunshot_detections_stored', 'gauge', 'Detections in the store.', [[{}, c.detections]]),
    family('gunshot_incidents_stored', 'gauge', 'Incidents in the store.', [[{}, c.incidents]]),
    family('gunshot_alerts_stored', 'gauge', 'Alerts in the store, by acknowledgement.', [[{ state: 'open' }, c.alerts_open], [{ state: 'acknowledged' }, c.alerts - c.alerts_open]]),
    family('gunshot_webhooks', 'gauge', 'Webhook outbox rows, by state.', [[{ state: 'pending' }, c.outbox_pending], [{ state: 'delivered' }, c.outbox_delivered]]),
    family('gunshot_sse_clients', 'gauge', 'Connected /events clients.', [[{}, sseClients]]),
  ];
  if (fleet) {
    const f = fleet.counters();
    out.push(family('gunshot_ingest_total', 'counter', 'Detection copies handled since start, by outcome.', [
      [{ outcome: 'stored' }, f.ingested - f.echoes], [{ outcome: 'echo' }, f.echoes], [{ outcome: 'duplicate' }, f.duplicates],
    ]));
    out.push(renderLatencyHistogram(fleet.ingestLatency()));
    out.push(family('gunshot_board_id_conflicts_total', 'counter', 'HELLOs claiming a board id held by another live port.', [[{}, f.conflicts]]));
  }
  if (relay) {
    out.push(family('gunshot_live_relay_total', 'counter', 'Live events relayed between gateways on one PostgreSQL, by outcome.', [
      [{ outcome: 'sent' }, relay.sent], [{ outcome: 'received' }, relay.received],
      [{ outcome: 'too_large' }, relay.tooLarge], [{ outcome: 'send_failed' }, relay.sendFailures],
    ]));
  }
  if (mqtt) {
    out.push(family('gunshot_mqtt_messages_total', 'counter', 'Messages received on board up topics.', [[{}, mqtt.messages]]));
    out.push(family('gunshot_mqtt_dropped_total', 'counter', 'MQTT messages dropped before a board link, by reason.', [
      [{ reason: 'unknown_board' }, mqtt.unknownBoard], [{ reason: 'bad_topic' }, mqtt.badTopic], [{ reason: 'hello_id_mismatch' }, mqtt.idMismatch],
    ]));
  }
  const frameKinds = ['frames', 'garbage', 'badCrc', 'oversize', 'unknownVersion'] as const;
  out.push(family('gunshot_link_frames_total', 'counter', 'Decoded frames and dropped packets per port, by kind.',
    links.flatMap((l) => frameKinds.map((k): Sample => [{ port: l.path, kind: k }, l.stats[k]]))));
  out.push(family('gunshot_link_reconnects_total', 'counter', 'Reconnect attempts per port.', links.map((l): Sample => [{ port: l.path }, l.stats.reconnects])));
  out.push(family('gunshot_link_up', 'gauge', '1 when the port has a board that completed the handshake and is sending.',
    links.map((l): Sample => [{ port: l.path, board: l.key ?? '' }, l.status === 'online' ? 1 : 0])));
  return `${out.join('\n')}\n`;
}
