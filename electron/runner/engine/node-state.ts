/** What the engine keeps of each node while a run runs. */
import type { NodeStatus } from '../../../shared/run/events.ts';
import { DONE_OK } from '../../../shared/run/events.ts';
import type { RunPlan } from '../../../shared/run/plan.ts';
import type { Observation } from '../../../shared/run/tpe.ts';
import type { RunStore } from '../store/run-store.ts';
import type { NodeDelivery } from './node-inputs.ts';
import type { ChildJob } from './run-child.ts';

export interface NodeState {
  status: NodeStatus;
  delivery?: NodeDelivery;
  /** Children still to start, and the count of those started and finished. */
  queue: ChildJob[];
  running: number;
  total: number;
  failed: number;
  /** Which approval the node waits for, if any. */
  gate?: 'start' | 'complete';
  /** Whether the user was told the node waits for GPUs another run holds. */
  toldGpuWait?: boolean;
  /** Whether the user was told the task's stop-condition cannot be checked. */
  toldStopProblem?: boolean;
  approvedStart?: boolean;
  lastError?: string;
  /** What its finished children scored, for a Bayesian task's proposals. */
  observations: Observation[];
  /** How to cancel each of its executions running now. */
  readonly cancels: Set<() => void>;
  /** Children whose results came from the cache. */
  reused: number;
  /** The attempt whose executions are being handed out, until the node completes. */
  dispatching?: number;
  /** Whether that attempt's start was announced: when its first execution got its resources. */
  announced?: boolean;
  /** Children that had succeeded before that attempt (a resume, a retry): not run again. */
  doneBefore?: number;
}

/**
 * Each node's state as a run starts or resumes, recorded so: finished results survive a resume,
 * everything else runs again.
 */
export function startingStates(plan: RunPlan, runId: string, store: RunStore): Map<string, NodeState> {
  const stored = new Map(store.getNodes(runId).map((n) => [n.name, n]));
  const states = new Map<string, NodeState>();
  for (const node of plan.nodes) {
    const previous = stored.get(node.name);
    const status: NodeStatus = previous && DONE_OK.includes(previous.status) ? previous.status : 'pending';
    if (previous && previous.status !== status) store.setNode(runId, node.name, status, { error: null });
    // A node the run stopped on when it was rejected: resuming the run is asking again. (A
    // rejection given while no runner ran has not stopped anything yet, and is honoured.)
    if (previous?.status === 'stopped') store.forgetRejection(runId, node.name);
    states.set(node.name, { status, queue: [], running: 0, total: 0, failed: 0, reused: 0, cancels: new Set(), observations: [] });
  }
  return states;
}
