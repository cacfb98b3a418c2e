/**
 * Everything a run tells the world, as one discriminated union. The runner emits it, the CLI
 * prints it as NDJSON (`--json`), and the UI's store applies it. Each event is durable in the
 * run database before it is emitted.
 */
import type { UsageSample } from './usage.ts';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'stopped' | 'cancelled' | 'interrupted';

export type NodeStatus =
  | 'pending'
  | 'queued'
  | 'running'
  | 'awaiting-approval'
  | 'succeeded'
  | 'reused'
  | 'failed'
  | 'skipped'
  | 'stopped'
  | 'cancelled'
  | 'interrupted';

export type ExecutionStatus = 'running' | 'succeeded' | 'failed' | 'timed-out' | 'cancelled' | 'interrupted';

export const FINISHED_NODE_STATUSES: readonly NodeStatus[] = ['succeeded', 'reused', 'failed', 'skipped', 'stopped', 'cancelled'];
export const DONE_OK: readonly NodeStatus[] = ['succeeded', 'reused'];

export interface LogLine {
  /** Milliseconds since the epoch. */
  readonly t: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

export type MetadataValue = number | string | boolean | null | readonly unknown[] | Readonly<Record<string, unknown>>;

interface Base {
  readonly runId: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

export type RunEvent =
  | (Base & { readonly type: 'run:start'; readonly pipeline: string; readonly resumed: boolean; readonly nodes: readonly string[] })
  | (Base & { readonly type: 'node:queued'; readonly node: string })
  /** `done`: children that had succeeded before (a resume, a retry), not run again. */
  | (Base & { readonly type: 'node:start'; readonly node: string; readonly children: number; readonly done?: number })
  | (Base & { readonly type: 'node:reused'; readonly node: string; readonly fromRun: string; readonly reason: string })
  /** `gate`: before the node starts, or after it finished (its results to review); absent in runs recorded before it was said. */
  | (Base & { readonly type: 'node:awaiting-approval'; readonly node: string; readonly gate?: 'start' | 'complete' })
  | (Base & {
      readonly type: 'node:approval';
      readonly node: string;
      readonly decision: 'approved' | 'rejected';
      readonly by: string;
      readonly comment: string;
    })
  | (Base & {
      readonly type: 'execution:start';
      readonly node: string;
      readonly executionId: string;
      readonly child: number;
      readonly command: string;
      readonly parameters: Readonly<Record<string, unknown>>;
      readonly gpus: readonly number[];
      /** The image it runs in (`--container`); absent: on this machine. */
      readonly image?: string;
    })
  | (Base & { readonly type: 'node:log'; readonly node: string; readonly executionId: string; readonly lines: readonly LogLine[] })
  /**
   * An input's files on their way before the node's execution starts (an http(s) download, an
   * s3:// object or listing), a few times a second while they come, the last with `done`. Said
   * only for a fetch that happens: a URL already fetched is taken from `.pipewright/downloads/`.
   * `received`/`total` are bytes; `total` is null where the server did not say.
   */
  | (Base & {
      readonly type: 'input:fetching';
      readonly node: string;
      readonly input: string;
      readonly url: string;
      readonly received: number;
      readonly total: number | null;
      readonly done: boolean;
    })
  /** What a running execution uses of the machine, every second or so (usage.ts). */
  | (Base & { readonly type: 'execution:usage'; readonly node: string; readonly executionId: string; readonly sample: UsageSample })
  | (Base & {
      readonly type: 'node:metadata';
      readonly node: string;
      readonly executionId: string;
      readonly values: Readonly<Record<string, MetadataValue>>;
    })
  | (Base & {
      readonly type: 'execution:finish';
      readonly node: string;
      readonly executionId: string;
      readonly status: ExecutionStatus;
      readonly exitCode: number | null;
      readonly error?: string;
      readonly outputsDir: string;
    })
  | (Base & { readonly type: 'node:finish'; readonly node: string; readonly status: NodeStatus; readonly error?: string })
  | (Base & { readonly type: 'run:warning'; readonly node?: string; readonly message: string })
  | (Base & { readonly type: 'run:finish'; readonly status: RunStatus; readonly error?: string });

export type RunEventType = RunEvent['type'];
