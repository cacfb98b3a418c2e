/**
 * The runs a project has stored, read and acted on without the engine: open the store, find a run,
 * record an approval decision or a cancel request (the runner, this process or another, acts on
 * them). Kept apart from runner.ts so the verbs that only read or mark runs (runs, show, logs,
 * approve, reject, cancel) load neither the engine nor the YAML and schema code.
 */
import { choices } from '../../shared/nearest-name.ts';
import { markInterrupted } from './liveness.ts';
import { RunnerError } from './runner-error.ts';
import { openDatabase } from './store/database.ts';
import { RunStore, type RunRow } from './store/run-store.ts';

/**
 * A project's run store, its runs whose runner died marked interrupted first. `read` (the verbs
 * that read or mark runs): a project that has never run reads as one with no runs, and stays
 * without `.pipewright/`; `write` (starting a run) makes it.
 */
export function openStore(projectDir: string, mode: 'read' | 'write' = 'read'): RunStore {
  const store = new RunStore(openDatabase(projectDir, mode));
  markInterrupted(store);
  return store;
}

/** A run by number, or the newest with "latest"; a usage error (exit 2) when there is none. */
export function findRun(store: RunStore, which: string): RunRow {
  const run = lookupRun(store, which);
  if (!run) throw new RunnerError(noRun(which, store), 2);
  return run;
}

/** A run by number, or the newest with "latest"; undefined when there is none (say `noRun`). */
export function lookupRun(store: RunStore, which: string): RunRow | undefined {
  return which === 'latest' ? store.latestRun() : store.getRun(which);
}

/** What to say when `which` names no run: with the runs there are, where `store` is given. */
export function noRun(which: string, store?: RunStore): string {
  if (which === 'latest') return 'this project has no runs yet';
  if (store === undefined) return `no run ${which}`;
  const newest = store.latestRun();
  if (newest === undefined) return `no run ${which}: this project has no runs yet`;
  return `no run ${which} (the newest is run ${newest.id}; pipewright runs lists them${/^\d+$/.test(which) ? '' : ', by number'})`;
}

/**
 * Records an approval decision; the runner (this process or another) acts on it. Returns the run
 * it was for ("latest" resolved) and the node (`''`: the one node of the run waiting for approval).
 */
export function decide(projectDir: string, which: string, asked: string, decision: 'approved' | 'rejected', by: string, comment: string): { run: RunRow; node: string } {
  return withStore(projectDir, (store) => {
    const run = findRun(store, which);
    const runId = run.id;
    const node = asked === '' ? onlyWaiting(store, runId, decision) : asked;
    const approval = store.getApproval(runId, node);
    if (!approval) {
      const nodes = store.getNodes(runId).map((n) => n.name);
      if (!nodes.includes(node)) throw new RunnerError(`run ${runId} has no node "${node}"${choices(node, nodes, 'nodes')}`, 2);
      throw new RunnerError(`node "${node}" of run ${runId} is not waiting for approval`);
    }
    if (approval.status !== 'pending') {
      const again = approval.status === 'rejected' && run.status === 'stopped' ? ` (pipewright resume ${runId} asks again)` : '';
      throw new RunnerError(`node "${node}" of run ${runId} was already ${approval.status} by ${approval.decidedBy ?? 'someone'}${again}`);
    }
    if (!store.decideApproval(runId, node, decision, by, comment)) throw new RunnerError(`node "${node}" of run ${runId} is not waiting for approval`);
    return { run, node };
  });
}

/** The node a decision without NODE is for: the one node of the run waiting for approval. */
function onlyWaiting(store: RunStore, runId: string, decision: 'approved' | 'rejected'): string {
  const waiting = store.getNodes(runId).filter((n) => n.status === 'awaiting-approval').map((n) => n.name);
  const [only] = waiting;
  if (waiting.length === 1 && only !== undefined) return only;
  const verb = decision === 'approved' ? 'approve' : 'reject';
  if (waiting.length === 0) throw new RunnerError(`no node of run ${runId} is waiting for approval`);
  throw new RunnerError(`${waiting.length} nodes of run ${runId} wait for approval (${waiting.join(', ')}): say which (pipewright ${verb} ${runId} NODE)`, 2);
}

export function requestCancel(projectDir: string, which: string): RunRow {
  return withStore(projectDir, (store) => {
    const run = findRun(store, which);
    // (An interrupted run has nothing running to cancel; what is left of it starts only on resume.)
    const was = run.status === 'interrupted' ? `was interrupted; pipewright resume ${run.id} goes on with it` : run.status;
    if (run.status !== 'running') throw new RunnerError(`run ${run.id} is not running (it ${was})`);
    store.requestCancel(run.id);
    return run;
  });
}

/** `work` with a connection of its own, closed after it (a long-lived host calls these many times). */
export function withStore<T>(projectDir: string, work: (store: RunStore) => T): T {
  const store = openStore(projectDir);
  try {
    return work(store);
  } finally {
    store.close();
  }
}
