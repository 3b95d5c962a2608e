// The manifest's wildcards: `*` matches within one path segment, `?` one character; nothing else is special.

/** Compiles a manifest pattern to an anchored RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** True when the pattern contains a wildcard. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}
