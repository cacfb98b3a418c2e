/**
 * Command-line options read with Node's parseArgs, whose own errors are written for programmers
 * ("Unknown option '--jsn'. To specify a positional argument starting with a '-', …"): here they
 * become a line that names the verb, the nearest option when one was misspelt, and the options
 * there are.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { nearestName } from '../../shared/nearest-name.ts';

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
  return prefixed.length === 1 ? prefixed[0] : nearestName(given, names);
}
