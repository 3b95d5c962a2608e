// Wiring only: builds the services from a validated config and connects them. No logic lives here.
import { openStore, redactDbUrl, isPostgresUrl } from './store/open.ts';
import type { Store } from './store/types.ts';
import { createLiveBus } from './store/live.ts';
import { createWebhookDispatcher } from './store/outbox.ts';
import { createIncidentService } from './incidents/service.ts';
import { createFleet, type FleetLogger } from './boards/fleet.ts';
import { buildHttp } from './http/server.ts';
import { discoverPorts, parseUsbId } from './serial/discover.ts';
import { createMqttTransport, redactUrl, type MqttTransport } from './mqtt/transport.ts';
import type { GatewayConfig } from './config.ts';
import type { LiveRelay } from './store/pg-live.ts';

export interface Gateway {
  /** Base URL of the HTTP server. */
  url: string;
  fleet: ReturnType<typeof createFleet>;
  store: Store;
  /** The MQTT side, when `config.mqtt` is set. */
  mqtt: MqttTransport | null;
  /** The live-event relay between gateways on one PostgreSQL database (null on SQLite). */
  liveRelay: LiveRelay | null;
  close(): Promise<void>;
}

const consoleLogger: FleetLogger = {
  info: (m) => console.log(`[gateway] ${m}`),
  warn: (m) => console.warn(`[gateway] WARNING: ${m}`),
};

export async function startGateway(config: GatewayConfig, log: FleetLogger = consoleLogger): Promise<Gateway> {
  const store = await openStore(config.db, log.warn);
  const live = createLiveBus();
  // Several gateways on one PostgreSQL: each one's live stream carries what the others ingested too.
  const liveRelay = isPostgresUrl(config.db) ? (await import('./store/pg-live.ts')).startLiveRelay(config.db, live, { onWarning: log.warn }) : null;
  await liveRelay?.ready;
  const incidents = createIncidentService(store, { ...config.incidents, webhookUrls: config.webhooks });
  const dispatcher = createWebhookDispatcher(store, {
    onAttempt: (ok, url, error) => { if (!ok) log.warn(`webhook ${url} failed (${error}); will retry`); },
  });
  const fleet = createFleet({ store, live, incidents, config, log });
  const mqttBoards = new Set([...Object.keys(config.boards), ...(config.mqtt?.boards ?? [])]);
  const mqtt = config.mqtt ? createMqttTransport({
    url: config.mqtt.url, group: config.mqtt.group, caFile: config.mqtt.caFile,
    knownBoard: (id) => mqttBoards.has(id),
    onBoard: (path) => fleet.add(path, mqtt!.channels),
    onWarning: log.warn,
  }) : null;
  const http = await buildHttp({ store, live, fleet, mqtt, liveRelay });
  const address = await http.listen({ port: config.httpPort, host: config.httpHost });

  for (const path of config.ports) fleet.add(path);
  if (mqtt) {
    try { await mqtt.start(); } catch (err) { await fleet.close(); await http.close(); await liveRelay?.close(); await store.close(); throw err; }
  }
  const usbIds = config.discover.map((d, i) => parseUsbId(d, `discover[${i}]`));
  let scan: NodeJS.Timeout | null = null;
  if (usbIds.length) {
    const rescan = () => discoverPorts(usbIds).then((paths) => paths.forEach((p) => fleet.add(p)), (err) => log.warn(`port discovery failed: ${err.message}`));
    void rescan();
    scan = setInterval(rescan, 2000);
  }
  dispatcher.start();
  log.info(`listening on ${address}; db ${redactDbUrl(config.db)}; ports ${config.ports.join(', ') || '(none)'}` +
    (config.mqtt ? `; mqtt ${redactUrl(config.mqtt.url)}${config.mqtt.group ? ` (group ${config.mqtt.group})` : ''}, ${mqttBoards.size} boards` : ''));

  return {
    url: address,
    fleet,
    store,
    mqtt,
    liveRelay,
    async close() {
      if (scan) clearInterval(scan);
      await mqtt?.close(); // first: no new boards or frames while the links close
      await fleet.close();
      await dispatcher.stop();
      await http.close();
      await liveRelay?.close();
      await store.close();
    },
  };
}
