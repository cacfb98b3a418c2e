/**
 * A sweep's executions as a run goes: how many it has, and how many of them are running, done and
 * failed. Counted from the run's events as they come (a resumed run starts from those done before);
 * the CLI's live table and the canvas's task cards say the same words.
 */
import type { RunEvent } from './events.ts';

export interface SweepCount {
  readonly total: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
}

/** A node's count when it starts (`done`: those a resume or retry does not run again): only a node of several executions is a sweep to count. */
export function sweepStarted(children: number, done = 0): SweepCount | undefined {
  return children > 1 ? { total: children, running: 0, done, failed: 0 } : undefined;
}

/** The count after one of its executions started or finished. */
export function sweepCounted(count: SweepCount, event: Extract<RunEvent, { type: 'execution:start' | 'execution:finish' }>): SweepCount {
  if (event.type === 'execution:start') return { ...count, running: count.running + 1 };
  const running = Math.max(count.running - 1, 0);
  if (event.status === 'succeeded') return { ...count, running, done: count.done + 1 };
  if (event.status === 'failed' || event.status === 'timed-out') return { ...count, running, failed: count.failed + 1 };
  return { ...count, running };
}

/**
 * The count of a sweep under way from what is stored (a window that opens on a run already going
 * missed the events): from its latest start, each execution started since as it stands now.
 */
export function sweepSoFar(start: { readonly children: number; readonly done?: number; readonly at: number }, executions: readonly { readonly status: string; readonly startedAt: number }[]): SweepCount | undefined {
  const count = sweepStarted(start.children, start.done);
  if (!count) return undefined;
  const since = executions.filter((e) => e.startedAt >= start.at);
  const running = since.filter((e) => e.status === 'running').length;
  const done = since.filter((e) => e.status === 'succeeded').length;
  const failed = since.filter((e) => e.status === 'failed' || e.status === 'timed-out').length;
  return { ...count, running, done: count.done + done, failed };
}

/** `5 executions · 1 running · 3 done · 1 failed` (counts of none left out). */
export function sweepText(count: SweepCount): string {
  const parts = [`${count.total} executions`, count.running > 0 && `${count.running} running`, count.done > 0 && `${count.done} done`, count.failed > 0 && `${count.failed} failed`];
  return parts.filter((part) => part !== false).join(' · ');
}
