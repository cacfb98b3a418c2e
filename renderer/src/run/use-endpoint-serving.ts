/**
 * Serving endpoints from the editor (as `pipewright endpoint` does in a terminal): which of those
 * from one place (a run's deployment node, or the project folder) are served, at which URL, and
 * starting or stopping one; what the host says of a server (it listens beyond this machine, files
 * a deployment would place are missing) is shown as a toast.
 */
import { useEffect, useState } from 'react';
import type { ApiParams } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';
import { useEditor } from '../store/editor-store.ts';

export type ServedFrom = ApiParams<'endpoint.serve'>['from'];

const same = (a: ServedFrom, b: ServedFrom): boolean => (a.kind === 'run' ? b.kind === 'run' && a.runId === b.runId && a.node === b.node : b.kind === 'project');

export function useEndpointServing(from: ServedFrom | undefined) {
  const api = useApi();
  /** Endpoint → the URL it is served at. */
  const [serving, setServing] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | undefined>();
  const key = from === undefined ? '' : JSON.stringify(from);
  useEffect(() => {
    setServing({});
    if (from === undefined) return;
    let live = true;
    api.call('endpoints.list', {}).then(
      (r) => live && setServing(Object.fromEntries(r.endpoints.filter((e) => same(e.from, from)).map((e) => [e.endpoint, e.url]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // (`from` is compared by its key: a new object naming the same place is the same place)
  }, [api, key]);
  const act = (endpoint: string, serve: boolean): void => {
    if (from === undefined) return;
    setBusy(endpoint);
    const { toast } = useEditor.getState();
    const done = serve
      ? api.call('endpoint.serve', { from, endpoint }).then((s) => {
          setServing((now) => ({ ...now, [endpoint]: s.url }));
          for (const said of [s.exposure, s.missing]) if (said !== null) toast('info', `${endpoint}: ${said}`);
        })
      : api.call('endpoint.stop', { from, endpoint }).then(() => setServing(({ [endpoint]: _gone, ...rest }) => rest));
    done.then(
      () => setBusy(undefined),
      (error: unknown) => {
        setBusy(undefined);
        toast('error', error instanceof Error ? error.message : String(error));
      },
    );
  };
  return { serving, busy, act };
}
