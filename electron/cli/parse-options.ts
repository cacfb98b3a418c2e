/**
 * Command-line options read with Node's parseArgs, whose own errors are written for programmers
 * ("Unknown option '--jsn'. To specify a positional argument starting with a '-', …"): here they
 * become a line that names the verb, the nearest option when one was misspelt, and the options
 * there are.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { nearestName } from '../../shared/nearest-name.ts';
import { valohaiOption } from './valohai-options.ts';

/** A command line that cannot be read: exit code 2, the message as it is. */
export class UsageError extends Error {}

export function parseOptions<T extends ParseArgsOptionsConfig>(verb: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = error instanceof TypeError && 'code' in error ? String(error.code) : '';
    if (!code.startsWith('ERR_PARSE_ARGS')) throw error;
    throw new UsageError(explain(verb, (error as Error).message, Object.keys(options), args));
  }
}

function explain(verb: string, message: string, names: readonly string[], args: readonly string[]): string {
  const known = names.map((name) => `--${name}`);
  const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
  if (unknown !== undefined) {
    // (Valohai's CLI's own options first: --tag is not a misspelt --task.)
    const theirs = valohaiOption(unknown.split('=')[0] ?? '', names);
    const near = theirs === undefined ? nearest(unknown.replace(/^-+/, '').split('=')[0] ?? '', names) : undefined;
    const valohai = theirs ?? (near === undefined ? asValohaiWrites(unknown, names, args) : undefined);
    const hint = near ? ` (did you mean --${near}?)` : valohai ? ` (${valohai})` : '';
    return `${verb} has no option ${unknown}${hint}; its options: ${known.join(', ')}`;
  }
  const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message)?.[1];
  if (missing !== undefined) return `${missing} needs a value (${missing} VALUE)`;
  const extra = /Option '(?:-\w, )?(--[\w-]+)[^']*' does not take an argument/.exec(message)?.[1];
  if (extra !== undefined) return `${extra} takes no value`;
  return message;
}

/**
 * `vh pipeline run p --train.epochs=200 --lr=0.1 --train.data=s3://b/x` gives a node's and a
 * pipeline's parameters, and inputs, as options of their own; here they are --node-param, --param,
 * --node-input and --input, said where the verb takes them.
 */
function asValohaiWrites(unknown: string, names: readonly string[], args: readonly string[]): string | undefined {
  const key = unknown.replace(/^--/, '');
  if (!/^[\p{L}_][\p{L}\p{N}_.-]*$/u.test(key)) return undefined;
  // Its value as written: `--lr=0.1`, or the word after `--lr`.
  const at = args.findIndex((a) => a === unknown || a.startsWith(`${unknown}=`));
  const written = args[at] ?? '';
  const next = args[at + 1];
  const value = written.includes('=') ? written.slice(written.indexOf('=') + 1) : next !== undefined && !next.startsWith('-') ? next : 'VALUE';
  const dot = key.indexOf('.');
  // As Valohai's CLI tells them apart: a value with :// is an input's file.
  if (value.includes('://')) {
    if (dot > 0 && names.includes('node-input')) return `a node's input is given as --node-input ${key}=${value}, where Valohai's CLI takes --${key}=${value}`;
    if (dot < 0 && names.includes('input')) return `a step's input is given as --input ${key}=${value} (with --step), where Valohai's CLI takes --${key}=${value}`;
  }
  if (dot > 0 && names.includes('node-param')) return `a node's parameter is given as --node-param ${key}=${value}, where Valohai's CLI takes --${key}=${value}`;
  if (dot < 0 && names.includes('param')) return `a parameter is given as --param ${key}=${value}, where Valohai's CLI takes --${key}=${value}`;
  return undefined;
}

/** The option a misspelling most likely meant: a prefix of one, or at most two edits away. */
function nearest(given: string, names: readonly string[]): string | undefined {
  if (given.length === 0) return undefined;
  const prefixed = names.filter((name) => name.startsWith(given));
  return prefixed.length === 1 ? prefixed[0] : nearestName(given, names);
}
