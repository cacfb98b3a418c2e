/**
 * The last lines each running execution printed, kept from the live log events, so that a step
 * that fails shows why right under it instead of sending its user to `pipewright logs`.
 */
import type { RunEvent } from '../../shared/run/events.ts';
import { shownText } from '../../shared/run/shown-text.ts';

export const TAIL_LINES = 10;
const MAX_WIDTH = 300;

type LogEvent = Extract<RunEvent, { type: 'node:log' }>;
type Line = { readonly stream: 'stdout' | 'stderr'; readonly text: string };

/** stderr lines a failure tail keeps at the most when stdout lines came after them. */
const ERROR_LINES = 3;

/**
 * The last `count` lines, ending with the last stderr lines when they are not among them: a step's
 * stdout and stderr are two channels, read in no guaranteed order, so its last stdout lines may be
 * logged after the error it printed last. The error is why it failed; it is never left out.
 */
export function failureTail<T extends Line>(lines: readonly T[], count: number): T[] {
  const tail = lines.slice(-count);
  const missing = lines.filter((line) => line.stream === 'stderr').slice(-ERROR_LINES).filter((line) => !tail.includes(line));
  return missing.length === 0 ? tail : [...tail.slice(missing.length), ...missing];
}
type FinishEvent = Extract<RunEvent, { type: 'execution:finish' }>;

export class FailureTails {
  private readonly tails = new Map<string, Line[]>();
  /** Each execution's last stderr lines, which its last lines may have left behind. */
  private readonly errors = new Map<string, Line[]>();
  /** Nodes with several executions: their lines say which one printed them. */
  private readonly sweeps = new Set<string>();

  see(event: RunEvent): void {
    if (event.type === 'node:start' && event.children > 1) this.sweeps.add(event.node);
    if (event.type === 'node:log') this.add(event);
  }

  /** The lines to show for a finished execution: its last lines if it failed, none otherwise. */
  finished(event: FinishEvent): string[] {
    const seen = this.tails.get(event.executionId) ?? [];
    const errors = (this.errors.get(event.executionId) ?? []).filter((line) => !seen.includes(line));
    this.tails.delete(event.executionId);
    this.errors.delete(event.executionId);
    if (event.status === 'succeeded' || event.status === 'cancelled' || seen.length === 0) return [];
    const lines = failureTail([...errors, ...seen], TAIL_LINES).map((line) => shownText(line.text));
    const tag = this.sweeps.has(event.node) ? `[${event.executionId}] ` : '';
    return [...lines.map((line) => `    │ ${tag}${line}`), ...readOnlyHint(lines)];
  }

  private add(event: LogEvent): void {
    const tail = this.tails.get(event.executionId) ?? [];
    const errors = this.errors.get(event.executionId) ?? [];
    for (const line of event.lines) {
      const kept = { stream: line.stream, text: line.text.length > MAX_WIDTH ? `${line.text.slice(0, MAX_WIDTH)}…` : line.text };
      tail.push(kept);
      if (kept.stream === 'stderr') errors.push(kept);
    }
    this.tails.set(event.executionId, tail.slice(-TAIL_LINES));
    this.errors.set(event.executionId, errors.slice(-ERROR_LINES));
  }
}

/** What a step writing into a file it was handed (or a copy that kept its mode) prints. */
const READ_ONLY = /Permission denied|PermissionError|EACCES|readonly database|read-only file/i;

/**
 * Files from upstream nodes are read-only (one file with the upstream's output), and so is a copy
 * that keeps its mode (`cp`, `shutil.copy`): a failure that says so gets the way out.
 */
export function readOnlyHint(lines: readonly string[]): string[] {
  if (!lines.some((line) => READ_ONLY.test(line))) return [];
  return ['    hint: files from upstream nodes are read-only (each is the upstream output itself); copy one without its mode (shutil.copyfile, cp --no-preserve=mode) to change it'];
}
