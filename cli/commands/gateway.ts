// `gunshot-edge gateway`: parse flags over an optional JSON config file, start the gateway, run until
// SIGINT/SIGTERM. All behaviour lives in gateway/app.ts.
import type { Command } from 'commander';
import { DEFAULT_CONFIG, loadConfigFile, mergeConfig, ConfigError } from '../../gateway/config.ts';
import { startGateway } from '../../gateway/app.ts';
import { UserError } from '../errors.ts';

interface GatewayFlags {
  port?: string; discover?: string; config?: string; db?: string; httpPort?: string; httpHost?: string;
  expectedModelHash?: string; webhook?: string[]; mqtt?: string; mqttGroup?: string; mqttCa?: string; mqttBoards?: string;
}

export function register(program: Command): void {
  program
    .command('gateway')
    .description('Run the gateway: boards on serial ports or MQTT → incidents, alerts, HTTP API and dashboard.')
    .option('--port <paths>', 'serial port path(s), comma-separated')
    .option('--mqtt <url>', 'MQTT broker the boards publish to: mqtt://[user:password@]host:port or mqtts://…')
    .option('--mqtt-group <name>', 'shared-subscription group, for several gateways on one broker')
    .option('--mqtt-ca <file>', 'CA certificate (PEM) of an mqtts:// broker')
    .option('--mqtt-boards <ids>', 'board ids served over MQTT (besides those in the config\'s boards), comma-separated')
    .option('--discover <vidpid>', 'also open USB serial ports with this VID:PID (hex), comma-separated')
    .option('--config <file>', 'JSON config file (flags override it)')
    .option('--db <file|url>', 'SQLite database file (default gateway.db), or postgres://user:password@host:port/db (shared by several gateways)')
    .option('--http-port <n>', 'HTTP port (default 8080; 0 = any free port)')
    .option('--http-host <addr>', 'HTTP bind address (default 127.0.0.1)')
    .option('--expected-model-hash <hex16>', 'model hash every board must report')
    .option('--webhook <url>', 'POST each new alert to this URL (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .action(async (flags: GatewayFlags) => {
      // A bad config file is exit status 1, a bad flag 2 (cli/errors.ts prints either in one line).
      const config0 = flags.config ? loadConfigFile(flags.config) : DEFAULT_CONFIG;
      let config;
      try {
        const fromFlags: Record<string, unknown> = {};
        if (flags.port) fromFlags.ports = [...config0.ports, ...flags.port.split(',').filter(Boolean)];
        if (flags.discover) fromFlags.discover = [...config0.discover, ...flags.discover.split(',').filter(Boolean)];
        if (flags.db) fromFlags.db = flags.db;
        if (flags.httpPort !== undefined) fromFlags.httpPort = Number(flags.httpPort);
        if (flags.httpHost) fromFlags.httpHost = flags.httpHost;
        if (flags.expectedModelHash) fromFlags.expectedModelHash = flags.expectedModelHash;
        if (flags.webhook) fromFlags.webhooks = [...config0.webhooks, ...flags.webhook];
        if (flags.mqtt || flags.mqttGroup || flags.mqttCa || flags.mqttBoards) {
          const m: Record<string, unknown> = {};
          if (flags.mqtt) m.url = flags.mqtt;
          if (flags.mqttGroup) m.group = flags.mqttGroup;
          if (flags.mqttCa) m.caFile = flags.mqttCa;
          if (flags.mqttBoards) m.boards = [...(config0.mqtt?.boards ?? []), ...flags.mqttBoards.split(',').filter(Boolean)];
          if (!m.url && !config0.mqtt) throw new ConfigError('--mqtt-group, --mqtt-ca and --mqtt-boards need --mqtt URL');
          fromFlags.mqtt = m;
        }
        config = mergeConfig(config0, fromFlags, 'command-line flags');
        if (!config.ports.length && !config.discover.length && !config.mqtt) throw new ConfigError('no boards: give --port PATH[,PATH…], --discover VID:PID or --mqtt URL');
      } catch (err) {
        throw err instanceof ConfigError ? new UserError(err.message, { usage: true, cause: err }) : err;
      }
      const gw = await startGateway(config);
      // A parseable line for scripts and tests that start the gateway as a child process.
      console.log(`GATEWAY_READY ${gw.url}`);
      const stop = async (signal: string) => {
        console.log(`[gateway] ${signal}: shutting down`);
        await gw.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
