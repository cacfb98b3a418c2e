/** Read-only views of the run store in the API's shapes: run lists, node states, logs, outputs. */
import { join } from 'node:path';
import type { ApiResult } from '../../../shared/api/contract.ts';
import { LogReader } from '../exec/log-file.ts';
import { RunnerError } from '../runner-error.ts';
import { findRun } from '../stored-runs.ts';
import { STATE_DIR } from '../store/database.ts';
import { describedOutputs } from '../store/datum-index.ts';
import type { ExecutionRow, RunHead, RunRow, RunStore } from '../store/run-store.ts';
import { mergeSamples, summarizeUsage } from '../../../shared/run/usage.ts';
import { sweepSoFar } from '../../../shared/run/sweep-count.ts';

type RunSummary = ApiResult<'runs.list'>['runs'][number];

export function runSummary(run: RunHead): RunSummary {
  return { id: run.id, pipeline: run.pipeline, status: run.status, createdAt: run.createdAt, finishedAt: run.finishedAt, error: run.error };
}

export function checkNode(store: RunStore, run: RunRow, node: string): void {
  if (!store.getNodes(run.id).some((n) => n.name === node)) throw new RunnerError(`run ${run.id} has no node "${node}"`, 2);
}

export function runDetails(store: RunStore, runId: string): ApiResult<'run.show'> {
  const run = findRun(store, runId);
  // Read only for a run with a node running (the editor polls this once a second while one does).
  let starts: ReturnType<RunStore['nodeStarts']> | undefined;
  const nodes = store.getNodes(run.id).map((node) => {
    const metadata: Record<string, unknown> = {};
    const executions = store.getExecutions(run.id, node.name);
    for (const execution of executions) Object.assign(metadata, store.latestMetadata(execution.id));
    const approval = store.getApproval(run.id, node.name);
    const start = node.status === 'running' ? (starts ??= store.nodeStarts(run.id)).get(node.name) : undefined;
    const sweep = start ? sweepSoFar(start, executions) : undefined;
    return {
      name: node.name,
      status: node.status,
      startedAt: node.startedAt,
      finishedAt: node.finishedAt,
      error: node.error,
      metadata,
      approval: approval ? { status: approval.status, decidedBy: approval.decidedBy, comment: approval.comment } : null,
      ...(sweep ? { sweep } : {}),
    };
  });
  return { run: runSummary(run), nodes, warnings: store.warnings(run.id) };
}

/** The last `limit` lines of a node's executions, oldest first. */
export function readRunLogs(store: RunStore, projectDir: string, runId: string, node: string, limit: number): ApiResult<'logs.read'> {
  const run = findRun(store, runId);
  checkNode(store, run, node);
  // Read only: the folders exist once a run does (stateDir() would create them on every read).
  const logsDir = join(projectDir, STATE_DIR, 'logs');
  const lines: ApiResult<'logs.read'>['lines'] = [];
  let dropped = 0;
  for (const execution of store.getExecutions(run.id, node)) {
    const reader = new LogReader(join(logsDir, `${execution.sourceExecution ?? execution.id}.log`));
    const keep = (line: { t: number; stream: 'stdout' | 'stderr'; text: string }): void => {
      lines.push({ execution: execution.id, t: line.t, stream: line.stream, text: line.text });
      // Trim in chunks, not per line: a long log stays linear and bounded in memory.
      if (lines.length >= 2 * limit) dropped += lines.splice(0, lines.length - limit).length;
    };
    reader.read(keep);
    reader.finish(keep);
  }
  if (lines.length > limit) dropped += lines.splice(0, lines.length - limit).length;
  return { lines, truncated: dropped > 0 };
}

export function runOutputs(store: RunStore, runId: string, node: string): ApiResult<'outputs.list'> {
  const run = findRun(store, runId);
  checkNode(store, run, node);
  const files = store.getExecutions(run.id, node).flatMap((execution) => {
    const owner = execution.sourceExecution ?? execution.id;
    const described = describedOutputs(store.db, owner);
    return store.getOutputs(owner).map((output) => ({ execution: execution.id, path: output.path, size: output.size, names: described.get(output.path)?.names ?? [] }));
  });
  return { files };
}

/** A node's executions (one per task child) with their parameters and latest metadata. */
export function runExecutions(store: RunStore, runId: string, node: string): ApiResult<'executions.list'> {
  const run = findRun(store, runId);
  checkNode(store, run, node);
  return { executions: store.getExecutions(run.id, node).map((e) => executionSummary(store, e)) };
}

/** An execution as the inspector's tables show it: its parameters and latest metadata. */
function executionSummary(store: RunStore, e: ExecutionRow): ApiResult<'executions.list'>['executions'][number] {
  return {
    id: e.id,
    child: e.child,
    attempt: e.attempt,
    status: e.status,
    error: e.error,
    parameters: JSON.parse(e.parametersJson) as Record<string, unknown>,
    metadata: store.latestMetadata(e.id),
    reusedFrom: e.sourceExecution,
    usage: summarizeUsage(store.usage(e.id)),
  };
}

/** A pipeline node's finished executions over its runs (`executions.history`), newest run first. */
export function nodeHistory(store: RunStore, pipeline: string, node: string, limit: number): ApiResult<'executions.history'> {
  return { executions: store.nodeExecutions(pipeline, node, limit).map((e) => ({ ...executionSummary(store, e), runId: e.runId })) };
}

/** Points of a metric series sent to a chart at most, per execution (evenly spaced beyond). */
export const MAX_SERIES_POINTS = 2000;

/** Every metadata event of a node's executions, in order, for charts. */
export function metadataSeries(store: RunStore, runId: string, node: string): ApiResult<'metadata.series'> {
  const run = findRun(store, runId);
  checkNode(store, run, node);
  let thinned = false;
  const executions = store.getExecutions(run.id, node).map((e) => {
    let points = store.metadataSeries(e.id);
    if (points.length > MAX_SERIES_POINTS) {
      thinned = true;
      const step = (points.length - 1) / (MAX_SERIES_POINTS - 1);
      points = Array.from({ length: MAX_SERIES_POINTS }, (_, i) => points[Math.round(i * step)] as (typeof points)[number]);
    }
    return { id: e.id, child: e.child, points };
  });
  return { executions, thinned };
}

/** Readings sent to a chart at most, per execution (windows merged beyond, so peaks stay). */
export const MAX_USAGE_POINTS = 600;

/** What each of a node's executions used, over time, for the node panel's chart. */
export function usageSeries(store: RunStore, runId: string, node: string): ApiResult<'usage.series'> {
  const run = findRun(store, runId);
  checkNode(store, run, node);
  return {
    executions: store.getExecutions(run.id, node).map((e) => {
      const samples = store.usage(e.id);
      const per = Math.ceil(samples.length / MAX_USAGE_POINTS);
      if (per <= 1) return { id: e.id, child: e.child, samples };
      const merged = Array.from({ length: Math.ceil(samples.length / per) }, (_, i) => mergeSamples(samples.slice(i * per, (i + 1) * per))).filter((m) => m !== undefined);
      return { id: e.id, child: e.child, samples: merged };
    }),
  };
}
