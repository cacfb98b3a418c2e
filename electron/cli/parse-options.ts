/**
 * Command-line options read with Node's parseArgs, whose own errors are written for programmers
 * ("Unknown option '--jsn'. To specify a positional argument starting with a '-', …"): here they
 * become a line that names the verb, the nearest option when one was misspelt, and the options
 * there are.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** A command line that cannot be read: exit code 2, the message as it is. */
export class UsageError extends Error {}

export function parseOptions<T extends ParseArgsOptionsConfig>(verb: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = error instanceof TypeError && 'code' in error ? String(error.code) : '';
    if (!code.startsWith('ERR_PARSE_ARGS')) throw error;
    throw new UsageError(explain(verb, (error as Error).message, Object.keys(options)));
  }
}

function explain(verb: string, message: string, names: readonly string[]): string {
  const known = names.map((name) => `--${name}`);
  const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
  if (unknown !== undefined) {
    const near = nearest(unknown.replace(/^-+/, '').split('=')[0] ?? '', names);
    return `${verb} has no option ${unknown}${near ? ` (did you mean --${near}?)` : ''}; its options: ${known.join(', ')}`;
  }
  const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message)?.[1];
  if (missing !== undefined) return `${missing} needs a value (${missing} VALUE)`;
  const extra = /Option '(?:-\w, )?(--[\w-]+)[^']*' does not take an argument/.exec(message)?.[1];
  if (extra !== undefined) return `${extra} takes no value`;
  return message;
}

/** The option a misspelling most likely meant: a prefix of one, or at most two edits away. */
function nearest(given: string, names: readonly string[]): string | undefined {
  if (given.length === 0) return undefined;
  const prefixed = names.filter((name) => name.startsWith(given));
  if (prefixed.length === 1) return prefixed[0];
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(given, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
