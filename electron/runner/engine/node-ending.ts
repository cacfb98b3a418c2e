/**
 * What a node's end does to it and to the run, from how its executions went, its `on-error` and
 * what its node-complete / node-error actions said (`thens`). Deciding only: the engine does it.
 */
import type { OnError } from '../../../shared/valohai/model/nodes/node-common.ts';

/** The run stopping with the node: its status, its error, and what the nodes it skips say. */
export interface RunStop {
  readonly status: 'stopped' | 'failed';
  readonly error: string;
  readonly brief?: string;
}

export type NodeEnding =
  | { readonly kind: 'finished'; readonly status: 'succeeded' | 'reused' | 'failed'; readonly stop?: RunStop }
  | { readonly kind: 'await-approval' };

export interface EndingOf {
  readonly name: string;
  /** Its executions went well (or the task goes on whatever its children did). */
  readonly ok: boolean;
  readonly onError: OnError;
  readonly lastError: string | undefined;
  /** Every execution came from the cache or an earlier run. */
  readonly allReused: boolean;
  readonly thens: readonly string[];
  /** What held for those actions (ActionVerdict.held): said with the stop. */
  readonly held?: string;
}

export function nodeEnding(node: EndingOf): NodeEnding {
  const { name, thens } = node;
  const because = node.held ? `its action's condition held: ${node.held}` : "its action's condition held";
  if (!node.ok) {
    const failed = { kind: 'finished', status: 'failed' } as const;
    if (thens.includes('stop-pipeline')) return { ...failed, stop: { status: 'stopped', error: `node "${name}" failed and its action stops the pipeline` } };
    if (node.onError === 'stop-all' || node.onError === 'retry' || thens.includes('error-pipeline')) {
      // The nodes it skips say only which node failed: its error is said once, at that node and the run.
      return { ...failed, stop: { status: 'failed', error: `node "${name}" failed: ${node.lastError ?? 'error'}`, brief: `node "${name}" failed` } };
    }
    return failed;
  }
  if (thens.includes('error-pipeline')) return { kind: 'finished', status: 'succeeded', stop: { status: 'failed', error: `node "${name}" ended the pipeline as an error (${because})` } };
  if (thens.includes('stop-pipeline')) return { kind: 'finished', status: 'succeeded', stop: { status: 'stopped', error: `node "${name}" stopped the pipeline (${because})` } };
  if (thens.includes('require-approval')) return { kind: 'await-approval' };
  return { kind: 'finished', status: node.allReused ? 'reused' : 'succeeded' };
}
