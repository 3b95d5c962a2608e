// How the command line reports an error: one line on stderr, `gunshot-edge <command>: <what is wrong>`,
// exit status 2 for a usage error (unknown command, bad flag value, missing option) and 1 otherwise, and a
// stack trace only in debug mode. Commands throw; cli/main.ts catches everything and calls `reportError`.
import { CommanderError } from 'commander';

/**
 * An error the user can fix, with a message that names the file / field / flag and what was expected.
 * `usage: true` marks a mistake on the command line itself (exit status 2).
 */
export class UserError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, opts: { usage?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'UserError';
    this.exitCode = opts.usage ? 2 : 1;
  }
}

/** What `reportError` decided: the line to print and the exit status. */
export interface ErrorReport {
  line: string;
  exitCode: number;
  /** False for a bug (or anything unrecognised): the line says so and points to --debug. */
  userError: boolean;
}

/** Node's system-error codes that mean "this path / port / address is not usable", in a user's words. */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'not found',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, expected a file',
  ENOTDIR: 'is not a folder',
  EEXIST: 'already exists',
  ENOTEMPTY: 'folder is not empty',
  EBUSY: 'busy (in use by another program)',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
};

/**
 * Messages V8 (or Node) writes for programming mistakes. An `Error`, `RangeError` or `TypeError` whose
 * message is not one of these was written by our code (or a library's) to describe bad input.
 */
const ENGINE_MESSAGE = new RegExp([
  'is not a function', 'is not a constructor', 'is not iterable', 'is not defined',
  'Cannot read propert', 'Cannot set propert', 'Cannot destructure', 'Cannot access .* before initialization',
  'Cannot convert', 'Cannot create property', 'Cannot assign to read only', 'Cannot add property',
  'object is not extensible', 'Assignment to constant', 'Invalid array length', 'Invalid typed array length',
  'Maximum call stack size', 'Reduce of empty array', 'Array buffer allocation failed', 'out of memory',
].join('|'));

const ENGINE_ERRORS = new Set(['ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError', 'InternalError']);

type SystemError = Error & { code?: string; path?: string; dest?: string; syscall?: string; address?: string; port?: number };

function oneLine(s: string): string {
  const line = s.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > 800 ? `${line.slice(0, 800)}…` : line;
}

/** `error: unknown command 'x'` → `unknown command 'x'` (commander prefixes its messages). */
function commanderMessage(e: CommanderError): string {
  return e.message.replace(/^error:\s*/, '');
}

/** Classifies an error and writes the line (and, in debug mode, the stack) to stderr. */
export function reportError(e: unknown, command: string, debug: boolean, write: (s: string) => void = (s) => process.stderr.write(s)): ErrorReport {
  const r = classify(e, command);
  write(`${r.line}\n`);
  if (debug && e instanceof Error) {
    write(`${e.stack ?? String(e)}\n`);
    if (e.cause instanceof Error) write(`caused by: ${e.cause.stack ?? String(e.cause)}\n`);
  }
  return r;
}

export function classify(e: unknown, command: string): ErrorReport {
  const prefix = `${command}: `;
  // A message may already start with the command's name ("train: give at least one --data …"): say it once.
  const words = command.split(' ');
  const say = (msg: string) => {
    const line = oneLine(msg);
    for (let i = 0; i < words.length; i++) {
      const own = words.slice(i).join(' ');
      if (line.startsWith(`${own}: `)) return prefix + line.slice(own.length + 2);
      if (line.startsWith(`${own} -`)) return prefix + line.slice(own.length + 1);
    }
    return prefix + line;
  };
  if (e instanceof CommanderError) {
    const help = `${command} --help`;
    return { line: `${say(commanderMessage(e))} (see '${help}')`, exitCode: 2, userError: true };
  }
  if (e instanceof UserError) return { line: say(e.message), exitCode: e.exitCode, userError: true };
  if (!(e instanceof Error)) return internal(`thrown value ${oneLine(String(e))}`);
  const sys = e as SystemError;
  if (typeof sys.code === 'string' && SYSTEM_ERRORS[sys.code]) {
    const what = sys.path ?? (sys.address ? `${sys.address}${sys.port ? `:${sys.port}` : ''}` : undefined);
    return { line: say(what ? `${what}: ${SYSTEM_ERRORS[sys.code]}` : e.message), exitCode: 1, userError: true };
  }
  // Our code (and libraries) throw Error, RangeError, TypeError or a subclass of Error (DatasetCsvError,
  // WavDecodeError, ConfigError …) with a written message; V8 throws the others for bugs, and Node's
  // ERR_* codes (bad argument types, missing modules) are bugs too.
  const ownMessage = !ENGINE_ERRORS.has(e.name) && !ENGINE_MESSAGE.test(e.message) && typeof sys.code !== 'string';
  if (ownMessage && e.message.trim() !== '') {
    // A message that starts with a flag is about the command line: a usage error.
    const line = say(e.message);
    return { line, exitCode: /^-{1,2}[a-zA-Z]/.test(line.slice(prefix.length)) ? 2 : 1, userError: true };
  }
  return internal(`${e.name}: ${oneLine(e.message)}`);

  function internal(what: string): ErrorReport {
    return { line: `${prefix}internal error (${what}); rerun with --debug for the stack trace`, exitCode: 1, userError: false };
  }
}
