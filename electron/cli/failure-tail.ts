/**
 * The last lines each running execution printed, kept from the live log events, so that a step
 * that fails shows why right under it instead of sending its user to `pipewright logs`.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { RunEvent } from '../../shared/run/events.ts';
import { hintsFor } from '../../shared/run/failure-hints.ts';
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
  /** Executions run in their step's image (`--container`): hints are about the image, not this machine. */
  private readonly inImage = new Set<string>();

  see(event: RunEvent): void {
    if (event.type === 'node:start' && event.children > 1) this.sweeps.add(event.node);
    if (event.type === 'execution:start' && event.image !== undefined) this.inImage.add(event.executionId);
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
    const inImage = this.inImage.delete(event.executionId);
    return [...lines.map((line) => `    │ ${tag}${line}`), ...failureHints(lines, inImage)];
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

/** Hints for a failure's last lines, with this machine's PATH (the steps run with the same). */
export function failureHints(lines: readonly string[], inImage = false): string[] {
  return hintsFor(lines, onPath, inImage).map((hint) => `    hint: ${hint}`);
}

/** Whether `name` is a program on this process's PATH. */
function onPath(name: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
