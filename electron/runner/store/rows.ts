/** The run database's rows as the runner reads them, and how each is read from SQLite. */
import type { ExecutionStatus, NodeStatus, RunStatus } from '../../../shared/run/events.ts';

/** A run as a list shows it: without its plan, which a pipeline of a thousand nodes makes ~0.7 MB. */
export interface RunHead {
  readonly id: string;
  readonly pipeline: string;
  readonly status: RunStatus;
  readonly createdAt: number;
  readonly finishedAt: number | null;
  readonly runnerPid: number | null;
  readonly runnerStart: string | null;
  readonly cancelRequested: boolean;
  readonly error: string | null;
}

export interface RunRow extends RunHead {
  readonly planJson: string;
  readonly optionsJson: string;
}

export interface NodeRow {
  readonly name: string;
  readonly status: NodeStatus;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly attempts: number;
  readonly reusedFrom: string | null;
  readonly error: string | null;
}

export interface ExecutionRow {
  readonly id: string;
  readonly runId: string;
  readonly node: string;
  readonly child: number;
  readonly attempt: number;
  readonly status: ExecutionStatus;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly pid: number | null;
  readonly exitCode: number | null;
  readonly error: string | null;
  readonly dir: string;
  readonly command: string;
  readonly parametersJson: string;
  readonly envJson: string;
  readonly cacheKey: string | null;
  readonly cacheMaterialJson: string | null;
  readonly sourceExecution: string | null;
}

export interface OutputRow {
  readonly path: string;
  readonly size: number;
  readonly sha256: string | null;
}

export interface ApprovalRow {
  readonly node: string;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly requestedAt: number;
  readonly decidedAt: number | null;
  readonly decidedBy: string | null;
  readonly comment: string | null;
}

export type Row = Record<string, unknown>;

/** The columns runHeadFrom reads: a list of runs reads no plan. */
export const RUN_HEAD_COLUMNS = 'id, pipeline, status, created_at, finished_at, runner_pid, runner_start, cancel_requested, error';

export const runHeadFrom = (r: Row): RunHead => ({
  id: String(r['id']),
  pipeline: String(r['pipeline']),
  status: r['status'] as RunStatus,
  createdAt: Number(r['created_at']),
  finishedAt: r['finished_at'] === null ? null : Number(r['finished_at']),
  runnerPid: r['runner_pid'] === null ? null : Number(r['runner_pid']),
  runnerStart: (r['runner_start'] as string | null) ?? null,
  cancelRequested: Number(r['cancel_requested']) === 1,
  error: (r['error'] as string | null) ?? null,
});

export const runFrom = (r: Row): RunRow => ({ ...runHeadFrom(r), planJson: String(r['plan_json']), optionsJson: String(r['options_json']) });

export const nodeFrom = (r: Row): NodeRow => ({
  name: String(r['name']),
  status: r['status'] as NodeStatus,
  startedAt: (r['started_at'] as number | null) ?? null,
  finishedAt: (r['finished_at'] as number | null) ?? null,
  attempts: Number(r['attempts']),
  reusedFrom: (r['reused_from'] as string | null) ?? null,
  error: (r['error'] as string | null) ?? null,
});

export const executionFrom = (r: Row): ExecutionRow => ({
  id: String(r['id']),
  runId: String(r['run_id']),
  node: String(r['node']),
  child: Number(r['child']),
  attempt: Number(r['attempt']),
  status: r['status'] as ExecutionStatus,
  startedAt: Number(r['started_at']),
  finishedAt: (r['finished_at'] as number | null) ?? null,
  pid: (r['pid'] as number | null) ?? null,
  exitCode: (r['exit_code'] as number | null) ?? null,
  error: (r['error'] as string | null) ?? null,
  dir: String(r['dir']),
  command: String(r['command']),
  parametersJson: String(r['parameters_json']),
  envJson: String(r['env_json']),
  cacheKey: (r['cache_key'] as string | null) ?? null,
  cacheMaterialJson: (r['cache_material_json'] as string | null) ?? null,
  sourceExecution: (r['source_execution'] as string | null) ?? null,
});
