import type { Command } from 'commander';

/** Each command module exports `register(program)`; add one line per command here. */
export function registerAll(program: Command): void {
  void program;
}
