// The `gunshot-edge` command line: wires subcommands; each lives in cli/commands/ over a library service.
import { Command } from 'commander';
import { registerAll } from './commands/index.ts';

const program = new Command();
program
  .name('gunshot-edge')
  .description('Gunshot detection for cheap sensor boards: data, features, training, export, firmware, gateway.')
  .showHelpAfterError();
registerAll(program);
await program.parseAsync(process.argv);
