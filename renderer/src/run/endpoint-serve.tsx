/**
 * A deployment node's endpoints, once its run made them ready: served on this machine from here
 * (as `pipewright endpoint RUN NODE` serves one in a terminal), with a link to each while it runs.
 */
import { useNodeRun, useRun } from './run-store.ts';
import { ServeControl } from './serve-control.tsx';
import { useEndpointServing } from './use-endpoint-serving.ts';

export function EndpointServe({ pipeline, node, endpoints }: { pipeline: string; node: string; endpoints: readonly string[] }) {
  const run = useNodeRun(pipeline, node);
  const runId = useRun((s) => s.runId);
  const { serving, busy, act } = useEndpointServing(runId ? { kind: 'run', runId, node } : undefined);
  if (!runId || run?.status !== 'succeeded' || endpoints.length === 0) return null;
  return (
    <div className="endpoints served" data-testid="endpoints">
      <h3>Endpoints on this machine</h3>
      {endpoints.map((endpoint) => {
        const url = serving[endpoint];
        return (
          <div className="row" key={endpoint} data-testid={`endpoint-${endpoint}`}>
            <span>{endpoint}</span>
            <ServeControl url={url} busy={busy === endpoint} title={`Serve ${endpoint} from this run's deployment, on this machine`} onServe={() => act(endpoint, true)} onStop={() => act(endpoint, false)} />
          </div>
        );
      })}
    </div>
  );
}
