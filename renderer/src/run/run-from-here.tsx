/**
 * **▶ Run from here**: the pipeline again, the nodes this one comes after taken from the run shown
 * (those that finished there), this node and what follows it run anew; as
 * `pipewright run --reuse RUN:a,b`. For mending a step after a long upstream ran: "restart from the
 * last successful step, don't lose hours".
 */
import { useApi } from '../api/api-context.ts';
import { upstreamOf } from '../../../shared/run/upstream-of.ts';
import { useImported } from '../store/imported.ts';
import { storeFor } from './run-store.ts';
import { startRun } from './start-run.ts';
import { findByName } from '../../../shared/valohai/model/config.ts';

const REUSABLE = ['succeeded', 'reused'];

export function RunFromHere({ pipeline, node, runId }: { pipeline: string; node: string; runId: string }) {
  const api = useApi();
  const { config } = useImported();
  const statuses = storeFor(pipeline)((s) => s.nodes);
  const runStatus = storeFor(pipeline)((s) => s.status);
  const shape = findByName(config.pipelines, pipeline);
  if (!shape || runStatus === 'running' || runStatus === 'starting') return null;
  const reused = upstreamOf(shape, node).filter((name) => REUSABLE.includes(statuses[name]?.status ?? ''));
  if (reused.length === 0) return null;
  return (
    <button
      type="button"
      className="link"
      data-testid="run-from-here"
      title={`Runs ${pipeline} again, taking ${reused.join(', ')} from run ${runId}`}
      onClick={() => void startRun(api, pipeline, { reuse: { runId, nodes: reused.sort() } })}
    >
      ▶ Run from here ({reused.length === 1 ? `${reused[0] ?? ''} from` : `${reused.length} nodes before it from`} run {runId})
    </button>
  );
}
