// The `gunshot-edge` command line: wires subcommands; each lives in cli/commands/ over a library service.
// Every error ends here, in one place (cli/errors.ts): one line on stderr, `gunshot-edge <command>: …`,
// exit status 2 for a usage error and 1 otherwise; `--debug` or DEBUG=gunshot-edge adds the stack trace.
import { Command, CommanderError } from 'commander';
import { registerAll } from './commands/index.ts';
import { reportError } from './errors.ts';

/** DEBUG=gunshot-edge (or a comma-separated list containing it, or `*`) turns on stack traces. */
function debugFromEnv(v: string | undefined): boolean {
  return (v ?? '').split(/[\s,]+/).some((s) => s === 'gunshot-edge' || s === 'gunshot-edge:*' || s === '*');
}

const debug = process.argv.includes('--debug') || debugFromEnv(process.env.DEBUG);

const program = new Command();
program
  .name('gunshot-edge')
  .description('Gunshot detection for cheap sensor boards: data, features, training, export, firmware, gateway.')
  .option('--debug', 'on an error, also print its stack trace (same as DEBUG=gunshot-edge)')
  // Commander's errors are thrown (not printed and exited on) so that they are reported like every other
  // error; subcommands inherit both settings because they are created after this.
  .exitOverride()
  .configureOutput({ outputError: () => {} });
registerAll(program);

/** `gunshot-edge data synth` for `… data synth --out x`: the deepest subcommand named on the command line. */
function commandPath(args: string[]): string {
  let cmd = program;
  const names = ['gunshot-edge'];
  for (const a of args) {
    if (a.startsWith('-')) continue;
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) break;
    cmd = sub;
    names.push(sub.name());
  }
  return names.join(' ');
}

function fail(e: unknown): never {
  const r = reportError(e, commandPath(process.argv.slice(2)), debug);
  process.exit(r.exitCode);
}

// Installed before anything loads the tfjs WASM backend: its Emscripten glue adds listeners that rethrow
// (Node then prints the whole minified tfjs-backend-wasm.js line). Listeners run in the order they were
// added, and ours exits, so theirs never run.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.version')) {
    process.exit(e.exitCode);
  }
  // A command group without its subcommand (`gunshot-edge data`): commander has printed its help.
  if (e instanceof CommanderError && e.code === 'commander.help') process.exit(2);
  fail(e);
}
