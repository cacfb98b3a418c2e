/**
 * The executions a node's attempt hands out: one job per child, less those a resume or a retry
 * finds done; and, for a Bayesian task, each later child's values proposed as it starts from what
 * its finished siblings scored (shared/run/tpe.ts).
 */
import { scoreOf, type BayesianSearch } from '../../../shared/run/blueprint-children.ts';
import type { PlannedExecution, PlannedTask } from '../../../shared/run/plan.ts';
import { proposeTpe, type Observation } from '../../../shared/run/tpe.ts';
import type { ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import type { ExecutionRow, RunStore } from '../store/run-store.ts';
import type { NodeDelivery } from './node-inputs.ts';
import type { ChildJob } from './run-child.ts';

/** `finished`: the node's executions that succeeded before (a resume, a retry), else none. */
export function pendingJobs(
  node: PlannedExecution | PlannedTask,
  children: readonly Record<string, ParameterValue>[],
  delivery: NodeDelivery,
  attempt: number,
  finished: readonly ExecutionRow[],
): ChildJob[] {
  const done = new Map(finished.map((e) => [e.child, e.parametersJson]));
  const search = optimizerOf(node);
  const jobs = children.map((values, child) => ({ child, attempt, values, delivery, taskChildren: node.kind === 'task' ? children.length : undefined }));
  // A child is done when it finished with these very values; a proposed child, with whatever it was given.
  const todo = jobs.filter((job) => !(done.has(job.child) && (done.get(job.child) === JSON.stringify(job.values) || (search !== undefined && job.child >= search.firstProposed))));
  // A distributed group runs again whole: its workers wait for each other.
  return node.kind === 'task' && node.distributed && todo.length > 0 ? jobs : todo;
}

function optimizerOf(node: PlannedExecution | PlannedTask): BayesianSearch | undefined {
  return node.kind === 'task' ? node.optimizer : undefined;
}

/** What the finished children scored, for the search; none for other nodes. */
export function observationsOf(node: PlannedExecution | PlannedTask, store: RunStore, finished: readonly ExecutionRow[]): Observation[] {
  const search = optimizerOf(node);
  if (!search) return [];
  return finished.flatMap((e) => {
    const score = scoreOf(search, store.latestMetadata(e.id));
    return score === undefined ? [] : [{ values: JSON.parse(e.parametersJson) as Record<string, ParameterValue>, score }];
  });
}

/** The job as it starts: a Bayesian task's later child takes the values proposed from its siblings' scores. */
export function withProposal(node: PlannedExecution | PlannedTask, observations: readonly Observation[], job: ChildJob): ChildJob {
  const search = optimizerOf(node);
  if (!search || job.child < search.firstProposed || observations.length === 0) return job;
  return { ...job, values: { ...job.values, ...proposeTpe(search.space, observations, job.child) } };
}

/** Adds a finished child's score, when it printed one. */
export function observe(node: PlannedExecution | PlannedTask, observations: Observation[], job: ChildJob, metadata: Readonly<Record<string, unknown>> | undefined): void {
  const search = optimizerOf(node);
  const score = search && scoreOf(search, metadata);
  if (score !== undefined) observations.push({ values: job.values, score });
}
