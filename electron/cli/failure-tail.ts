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
    return lines.map((line) => `    │ ${tag}${line}`);
  }

  private add(event: LogEvent): void {
    const tail = this.tails.get(event.executionId) ?? [];
    for (const line of event.lines) tail.push(line.text.length > MAX_WIDTH ? `${line.text.slice(0, MAX_WIDTH)}…` : line.text);
    this.tails.set(event.executionId, tail.slice(-TAIL_LINES));
  }
}
