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
  };
}

export function printJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** A span of time as the CLI prints it: `4.2s`, `12m5s`. */
export function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
