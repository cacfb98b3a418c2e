/** What the store recorded of a node, read back for the engine: its metadata, its executions to reuse, its approval. */
import type { RunEvent } from '../../../shared/run/events.ts';
import type { ApprovalRow } from '../store/rows.ts';
import type { RunStore } from '../store/run-store.ts';

/** The latest value of every metadata key across the node's executions in the run. */
export function nodeMetadata(store: RunStore, runId: string, node: string): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const e of store.getExecutions(runId, node)) Object.assign(merged, store.latestMetadata(e.id));
  return merged;
}

/** Records, in run `runId`, the latest finished execution of each of the node's children in `fromRun` (`--reuse`). */
export function reuseExecutions(store: RunStore, fromRun: string, runId: string, node: string, nextExecutionId: () => string): void {
  const sources = store.getExecutions(fromRun, node).filter((e) => e.status === 'succeeded');
  const latest = new Map(sources.map((e) => [e.child, e]));
  if (latest.size === 0) throw new Error(`run ${fromRun} has no finished executions of "${node}" to reuse`);
  for (const source of latest.values()) store.insertReusedExecution(nextExecutionId(), runId, node, source.child, source);
}

/** The event that announces a decided approval (decided by another process, read back from the store). */
export function approvalEvent(runId: string, node: string, decision: 'approved' | 'rejected', approval: ApprovalRow): RunEvent {
  return { type: 'node:approval', runId, at: Date.now(), node, decision, by: approval.decidedBy ?? 'someone', comment: approval.comment ?? '' };
}
