/**
 * A deployment node's endpoints, once its run made them ready: served on this machine from here
 * (as `pipewright endpoint RUN NODE` serves one in a terminal), with a link to each while it runs.
 */
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.ts';
import { useEditor } from '../store/editor-store.ts';
import { useNodeRun, useRun } from './run-store.ts';

export function EndpointServe({ pipeline, node, endpoints }: { pipeline: string; node: string; endpoints: readonly string[] }) {
  const api = useApi();
  const run = useNodeRun(pipeline, node);
  const runId = useRun((s) => s.runId);
  /** Endpoint → the URL it is served at, for this run. */
  const [serving, setServing] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | undefined>();
  useEffect(() => {
    setServing({});
    if (!runId) return;
    let live = true;
    api.call('endpoints.list', {}).then(
      (r) => live && setServing(Object.fromEntries(r.endpoints.filter((e) => e.runId === runId && e.node === node).map((e) => [e.endpoint, e.url]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, runId, node]);
  if (!runId || run?.status !== 'succeeded' || endpoints.length === 0) return null;
  const act = (endpoint: string, serve: boolean): void => {
    setBusy(endpoint);
    const done = serve
      ? api.call('endpoint.serve', { runId, node, endpoint }).then((s) => {
          setServing((now) => ({ ...now, [endpoint]: s.url }));
          if (s.exposure !== null) useEditor.getState().toast('info', `${endpoint}: ${s.exposure}`);
        })
      : api.call('endpoint.stop', { runId, node, endpoint }).then(() => setServing(({ [endpoint]: _gone, ...rest }) => rest));
    done.then(
      () => setBusy(undefined),
      (error: unknown) => {
        setBusy(undefined);
        useEditor.getState().toast('error', error instanceof Error ? error.message : String(error));
      },
    );
  };
  return (
    <div className="endpoints" data-testid="endpoints">
      <h3>Endpoints on this machine</h3>
      {endpoints.map((endpoint) => {
        const url = serving[endpoint];
        return (
          <div className="row" key={endpoint} data-testid={`endpoint-${endpoint}`}>
            <span>{endpoint}</span>
            {url ? (
              <>
                <a href={url} target="_blank" rel="noreferrer">
                  {url}
                </a>
                <button type="button" disabled={busy === endpoint} onClick={() => act(endpoint, false)}>
                  ■ Stop
                </button>
              </>
            ) : (
              <button type="button" className="run" disabled={busy === endpoint} onClick={() => act(endpoint, true)} title={`Serve ${endpoint} from this run's deployment, on this machine`}>
                ▶ Serve
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
