// Gateway configuration: a JSON file, overridden field by field by CLI flags. Every error names the
// field, the allowed range and where the value came from.
import { readFileSync } from 'node:fs';
import type { IncidentOptions } from './incidents/service.ts';

export interface BoardPosition { lat: number; lon: number; altM?: number }

export interface GatewayConfig {
  /** Serial port paths to open; defaults to none. */
  ports: string[];
  /** USB ids ("VID:PID") to discover ports by, re-scanned every 2 s; defaults to none. */
  discover: string[];
  /** SQLite file, or a `postgres://…` URL (the shared PostgreSQL store); defaults to 'gateway.db'. */
  db: string;
  /** HTTP port; defaults to 8080; range 0..65535 (0 = any free port). */
  httpPort: number;
  /** HTTP bind address; defaults to '127.0.0.1'. */
  httpHost: string;
  /** Model hash (16 hex chars) boards must report; defaults to none (not checked). */
  expectedModelHash?: string;
  /** Webhook URLs for new alerts; defaults to none. */
  webhooks: string[];
  /** Surveyed board positions by board id; override what a board reports in HELLO. */
  boards: Record<string, BoardPosition>;
  incidents: IncidentOptions;
  /** Link timing, ms: see BoardLinkOptions; defaults 3500 / 250 / 8000. */
  link: { staleAfterMs: number; reconnectBaseMs: number; reconnectMaxMs: number };
  /** Boards over MQTT; defaults to none (serial only). */
  mqtt?: MqttConfig;
}

export interface MqttConfig {
  /** Broker URL, `mqtt://[user:password@]host:port` or `mqtts://…` for TLS. */
  url: string;
  /** Shared-subscription group for several gateways (`$share/<group>/gunshot/+/up`); defaults to none. */
  group?: string;
  /** CA certificate (PEM) for an mqtts:// broker; defaults to the system's CAs. */
  caFile?: string;
  /**
   * Board ids served over MQTT besides those listed in `boards`; defaults to none. Messages from any
   * other board id are dropped and counted (`gunshot_mqtt_dropped_total{reason="unknown_board"}`).
   */
  boards: string[];
}

export const DEFAULT_CONFIG: GatewayConfig = {
  ports: [], discover: [], db: 'gateway.db', httpPort: 8080, httpHost: '127.0.0.1', webhooks: [], boards: {},
  incidents: {}, link: { staleAfterMs: 3500, reconnectBaseMs: 250, reconnectMaxMs: 8000 },
};

export class ConfigError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(v: unknown, field: string, lo: number, hi: number, src: string, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    throw new ConfigError(`${field} must be ${integer ? 'an integer' : 'a number'} in ${lo}..${hi}, got ${JSON.stringify(v)} (${src})`);
  }
  return v;
}
function str(v: unknown, field: string, src: string, re?: RegExp, hint = ''): string {
  if (typeof v !== 'string' || v.length === 0 || (re && !re.test(v))) {
    throw new ConfigError(`${field} must be a non-empty string${hint}, got ${JSON.stringify(v)} (${src})`);
  }
  return v;
}
function strList(v: unknown, field: string, src: string, re?: RegExp, hint = ''): string[] {
  if (!Array.isArray(v)) throw new ConfigError(`${field} must be an array of strings, got ${JSON.stringify(v)} (${src})`);
  return v.map((x, i) => str(x, `${field}[${i}]`, src, re, hint));
}

const KNOWN = new Set(['ports', 'discover', 'db', 'httpPort', 'httpHost', 'expectedModelHash', 'webhooks', 'boards', 'incidents', 'link', 'mqtt']);
const MQTT_KNOWN = new Set(['url', 'group', 'caFile', 'boards']);
const MQTT_URL_RE = /^mqtts?:\/\/[^\s/]+(:\d+)?\/?$/;
const NAME_RE = /^[A-Za-z0-9_.-]{1,16}$/;
const URL_RE = /^https?:\/\/\S+$/;

/** Validates a partial config object (from a file or flags) and merges it over `base`. */
export function mergeConfig(base: GatewayConfig, raw: unknown, src: string): GatewayConfig {
  if (!isObj(raw)) throw new ConfigError(`config must be a JSON object (${src})`);
  for (const k of Object.keys(raw)) if (!KNOWN.has(k)) throw new ConfigError(`unknown field "${k}"; known: ${[...KNOWN].join(', ')} (${src})`);
  const c: GatewayConfig = structuredClone(base);
  if (raw.ports !== undefined) c.ports = strList(raw.ports, 'ports', src);
  if (raw.discover !== undefined) c.discover = strList(raw.discover, 'discover', src, /^[0-9a-f]{4}:[0-9a-f]{4}$/i, ' of the form VID:PID (hex)');
  if (raw.db !== undefined) c.db = str(raw.db, 'db', src);
  if (raw.httpPort !== undefined) c.httpPort = num(raw.httpPort, 'httpPort', 0, 65535, src, true);
  if (raw.httpHost !== undefined) c.httpHost = str(raw.httpHost, 'httpHost', src);
  if (raw.expectedModelHash !== undefined) c.expectedModelHash = str(raw.expectedModelHash, 'expectedModelHash', src, /^[0-9a-f]{16}$/i, ' of 16 hex characters').toLowerCase();
  if (raw.webhooks !== undefined) c.webhooks = strList(raw.webhooks, 'webhooks', src, URL_RE, ' (http(s) URL)');
  if (raw.boards !== undefined) {
    if (!isObj(raw.boards)) throw new ConfigError(`boards must be an object of board id → {lat, lon, altM} (${src})`);
    for (const [id, p] of Object.entries(raw.boards)) {
      if (!isObj(p)) throw new ConfigError(`boards.${id} must be an object {lat, lon, altM?} (${src})`);
      c.boards[id] = {
        lat: num(p.lat, `boards.${id}.lat`, -90, 90, src), lon: num(p.lon, `boards.${id}.lon`, -180, 180, src),
        ...(p.altM !== undefined ? { altM: num(p.altM, `boards.${id}.altM`, -1000, 10000, src) } : {}),
      };
    }
  }
  if (raw.incidents !== undefined) {
    if (!isObj(raw.incidents)) throw new ConfigError(`incidents must be an object (${src})`);
    const i = raw.incidents;
    if (i.maxBoardDistanceM !== undefined) c.incidents.maxBoardDistanceM = num(i.maxBoardDistanceM, 'incidents.maxBoardDistanceM', 0, 20000, src);
    if (i.marginMs !== undefined) c.incidents.marginMs = num(i.marginMs, 'incidents.marginMs', 0, 10000, src);
    if (i.refractoryMs !== undefined) c.incidents.refractoryMs = num(i.refractoryMs, 'incidents.refractoryMs', 0, 60000, src);
    if (i.timingSigma !== undefined) c.incidents.timingSigma = num(i.timingSigma, 'incidents.timingSigma', 1e-6, 1, src);
  }
  if (raw.link !== undefined) {
    if (!isObj(raw.link)) throw new ConfigError(`link must be an object (${src})`);
    const l = raw.link;
    if (l.staleAfterMs !== undefined) c.link.staleAfterMs = num(l.staleAfterMs, 'link.staleAfterMs', 100, 600000, src, true);
    if (l.reconnectBaseMs !== undefined) c.link.reconnectBaseMs = num(l.reconnectBaseMs, 'link.reconnectBaseMs', 10, 60000, src, true);
    if (l.reconnectMaxMs !== undefined) c.link.reconnectMaxMs = num(l.reconnectMaxMs, 'link.reconnectMaxMs', 10, 600000, src, true);
  }
  if (raw.mqtt !== undefined) {
    if (!isObj(raw.mqtt)) throw new ConfigError(`mqtt must be an object {url, group?, caFile?, boards?} (${src})`);
    const m = raw.mqtt;
    for (const k of Object.keys(m)) if (!MQTT_KNOWN.has(k)) throw new ConfigError(`unknown field "mqtt.${k}"; known: ${[...MQTT_KNOWN].join(', ')} (${src})`);
    const prev: MqttConfig | undefined = c.mqtt;
    const url = m.url !== undefined ? str(m.url, 'mqtt.url', src, MQTT_URL_RE, ' (mqtt://[user:password@]host:port or mqtts://…)') : prev?.url;
    if (url === undefined) throw new ConfigError(`mqtt.url is required (${src})`);
    c.mqtt = { url, boards: prev?.boards ?? [] };
    const group = m.group !== undefined ? str(m.group, 'mqtt.group', src, /^[A-Za-z0-9_.-]{1,64}$/, ' of 1..64 characters [A-Za-z0-9_.-]') : prev?.group;
    if (group !== undefined) c.mqtt.group = group;
    const caFile = m.caFile !== undefined ? str(m.caFile, 'mqtt.caFile', src) : prev?.caFile;
    if (caFile !== undefined) c.mqtt.caFile = caFile;
    if (m.boards !== undefined) c.mqtt.boards = strList(m.boards, 'mqtt.boards', src, NAME_RE, ' of 1..16 characters [A-Za-z0-9_.-]');
  }
  return c;
}

export function loadConfigFile(path: string, base: GatewayConfig = DEFAULT_CONFIG): GatewayConfig {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (err) { throw new ConfigError(`cannot read config ${path}: ${(err as Error).message}`); }
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (err) { throw new ConfigError(`config ${path} is not valid JSON: ${(err as Error).message}`); }
  return mergeConfig(base, raw, path);
}
