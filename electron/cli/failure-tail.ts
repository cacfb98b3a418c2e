/**
 * The last lines each running execution printed, kept from the live log events, so that a step
 * that fails shows why right under it instead of sending its user to `pipewright logs`.
 */
import type { RunEvent } from '../../shared/run/events.ts';

export const TAIL_LINES = 10;
const MAX_WIDTH = 300;

type LogEvent = Extract<RunEvent, { type: 'node:log' }>;
type FinishEvent = Extract<RunEvent, { type: 'execution:finish' }>;

export class FailureTails {
  private readonly tails = new Map<string, string[]>();
  /** Nodes with several executions: their lines say which one printed them. */
  private readonly sweeps = new Set<string>();

  see(event: RunEvent): void {
    if (event.type === 'node:start' && event.children > 1) this.sweeps.add(event.node);
    if (event.type === 'node:log') this.add(event);
  }

  /** The lines to show for a finished execution: its last lines if it failed, none otherwise. */
  finished(event: FinishEvent): string[] {
    const lines = this.tails.get(event.executionId) ?? [];
    this.tails.delete(event.executionId);
    if (event.status === 'succeeded' || event.status === 'cancelled' || lines.length === 0) return [];
    const tag = this.sweeps.has(event.node) ? `[${event.executionId}] ` : '';
    return [...lines.map((line) => `    │ ${tag}${line}`), ...readOnlyHint(lines)];
  }

  private add(event: LogEvent): void {
    const tail = this.tails.get(event.executionId) ?? [];
    for (const line of event.lines) tail.push(line.text.length > MAX_WIDTH ? `${line.text.slice(0, MAX_WIDTH)}…` : line.text);
    this.tails.set(event.executionId, tail.slice(-TAIL_LINES));
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
