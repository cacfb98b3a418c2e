/** How the CLI speaks: plain lines for people, one JSON document for programs. */
import type { Diagnostic } from '../../shared/valohai/diagnostic.ts';

export const EXIT_OK = 0;
/** The file has errors (or the command found a problem in it). */
export const EXIT_FAILED = 1;
/** The command line is wrong: unknown verb or flag, missing file, unknown pipeline. */
export const EXIT_USAGE = 2;
/** Pipewright itself failed; please report it. */
export const EXIT_INTERNAL = 3;

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly color: boolean;
  /** How an error that ends the command is said (see refuse): text unless the command prints JSON. */
  readonly errors?: ErrorForm;
}

/**
 * How an error that ends a command reaches its reader: as text on stderr, and with `--json` also on
 * stdout as the command's output would have been: one JSON document (`json`), or one line among
 * the NDJSON lines of `run`, `resume` and `logs` (`ndjson`). So a program reading `--json` always
 * gets JSON, `{"error": {"code", "message"}}`, whichever way the command ended, and a person
 * watching the terminal reads the same words as without it.
 */
export type ErrorForm = 'text' | 'json' | 'ndjson';

/** How a command line's errors are said: as JSON where it asks for JSON (`--json`, graph's `--format json`). */
export function errorFormOf(verb: string | undefined, args: readonly string[]): ErrorForm {
  const end = args.indexOf('--');
  const flags = end < 0 ? args : args.slice(0, end);
  const format = flags.includes('--format=json') || flags.some((flag, i) => flag === '--format' && flags[i + 1] === 'json');
  if (!flags.includes('--json') && !(verb === 'graph' && format)) return 'text';
  return verb === 'run' || verb === 'resume' || verb === 'logs' || (verb === 'data' && args[0] === 'add') ? 'ndjson' : 'json';
}

/** The `code` of an error said as JSON, by the exit code it ends with. */
const ERROR_CODES: Record<number, string> = { [EXIT_FAILED]: 'failed', [EXIT_USAGE]: 'usage', [EXIT_INTERNAL]: 'internal' };

/** Says why the command ends (`pipewright VERB: message`, or JSON: see ErrorForm) and returns its exit code. */
export function refuse(io: Io, verb: string, message: string, exit: number = EXIT_USAGE, code: string = ERROR_CODES[exit] ?? 'failed'): number {
  const error = { error: { code, message } };
  if (io.errors === 'json') printJson(io, error);
  else if (io.errors === 'ndjson') io.out(`${JSON.stringify(error)}\n`);
  io.err(`pipewright${verb ? ` ${verb}` : ''}: ${message}\n`);
  return exit;
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column} ${d.severity} ${d.message}`;
}

export function diagnosticJson(file: string, d: Diagnostic): Record<string, unknown> {
  return {
    file,
    severity: d.severity,
    code: d.code,
    message: d.message,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    path: d.path,
    subject: d.subject,
    ...(d.field ? { field: d.field } : {}),
    ...(d.fix ? { fix: d.fix } : {}),
  };
}

export function printJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** A span of time as the CLI prints it: `4.2s`, `12m5s`. */
export function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
