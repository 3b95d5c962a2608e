// `gunshot-edge gateway`: parse flags over an optional JSON config file, start the gateway, run until
// SIGINT/SIGTERM. All behaviour lives in gateway/app.ts.
import type { Command } from 'commander';
import { DEFAULT_CONFIG, loadConfigFile, mergeConfig, ConfigError } from '../../gateway/config.ts';
import { startGateway } from '../../gateway/app.ts';
import { UserError } from '../errors.ts';

interface GatewayFlags {
  port?: string; discover?: string; config?: string; db?: string; httpPort?: string; httpHost?: string;
  expectedModelHash?: string; webhook?: string[];
}

export function register(program: Command): void {
  program
    .command('gateway')
    .description('Run the serial gateway: boards on serial ports → incidents, alerts, HTTP API and dashboard.')
    .option('--port <paths>', 'serial port path(s), comma-separated')
    .option('--discover <vidpid>', 'also open USB serial ports with this VID:PID (hex), comma-separated')
    .option('--config <file>', 'JSON config file (flags override it)')
    .option('--db <file>', 'SQLite database file (default gateway.db)')
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
        config = mergeConfig(config0, fromFlags, 'command-line flags');
        if (!config.ports.length && !config.discover.length) throw new ConfigError('no boards: give --port PATH[,PATH…] or --discover VID:PID');
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
