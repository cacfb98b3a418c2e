/**
 * Serving endpoints from the editor (as `pipewright endpoint` does in a terminal): which of those
 * from one place (a run's deployment node, or the project folder) are served, at which URL, and
 * starting or stopping one; what the host says of a server (it listens beyond this machine, files
 * a deployment would place are missing) is shown as a toast. What is served is one store for every
 * place that shows it (the palette and an endpoint's panel see the same server).
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ApiParams } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';
import { useEditor } from '../store/editor-store.ts';

export type ServedFrom = ApiParams<'endpoint.serve'>['from'];

const placeOf = (from: ServedFrom): string => (from.kind === 'run' ? `run/${from.runId}/${from.node}` : 'project');

/** Served endpoints by `place/endpoint`, their URLs; and which one is being started or stopped. */
const useServed = create<{ urls: Readonly<Record<string, string>>; busy: string | undefined }>(() => ({ urls: {}, busy: undefined }));

export function useEndpointServing(from: ServedFrom | undefined) {
  const api = useApi();
  const place = from === undefined ? undefined : placeOf(from);
  const urls = useServed((s) => s.urls);
  const busyKey = useServed((s) => s.busy);
  useEffect(() => {
    if (place === undefined) return;
    let live = true;
    api.call('endpoints.list', {}).then(
      (r) => {
        if (!live) return;
        const found = Object.fromEntries(r.endpoints.filter((e) => placeOf(e.from) === place).map((e) => [`${place}/${e.endpoint}`, e.url]));
        useServed.setState((s) => ({ urls: { ...Object.fromEntries(Object.entries(s.urls).filter(([key]) => !key.startsWith(`${place}/`))), ...found } }));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, place]);
  const serving = place === undefined ? {} : Object.fromEntries(Object.entries(urls).flatMap(([key, url]) => (key.startsWith(`${place}/`) ? [[key.slice(place.length + 1), url]] : [])));
  const busy = place !== undefined && busyKey?.startsWith(`${place}/`) ? busyKey.slice(place.length + 1) : undefined;
  const act = (endpoint: string, serve: boolean): void => {
    if (from === undefined || place === undefined) return;
    const key = `${place}/${endpoint}`;
    useServed.setState({ busy: key });
    const { toast, text, savedText } = useEditor.getState();
    // The host serves valohai.yaml as saved: edits not saved yet are not in what it serves.
    const unsaved = serve && from.kind === 'project' && text !== savedText ? 'served as valohai.yaml is saved: your unsaved edits are not in it until you save (Ctrl+S) and serve it again' : null;
    const done = serve
      ? api.call('endpoint.serve', { from, endpoint }).then((s) => {
          useServed.setState((now) => ({ urls: { ...now.urls, [key]: s.url } }));
          for (const said of [s.exposure, s.missing, unsaved]) if (said !== null) toast('info', `${endpoint}: ${said}`);
        })
      : api.call('endpoint.stop', { from, endpoint }).then(() => useServed.setState(({ urls: { [key]: _gone, ...rest } }) => ({ urls: rest })));
    done.then(
      () => useServed.setState({ busy: undefined }),
      (error: unknown) => {
        useServed.setState({ busy: undefined });
        toast('error', error instanceof Error ? error.message : String(error));
      },
    );
  };
  return { serving, busy, act };
}
