/** What the engine keeps of each node while a run runs. */
import type { NodeStatus } from '../../../shared/run/events.ts';
import type { Observation } from '../../../shared/run/tpe.ts';
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
}
