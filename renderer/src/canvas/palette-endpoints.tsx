/**
 * The endpoints valohai.yaml declares, in the palette: each served on this machine from the
 * project folder as saved (as `pipewright endpoint NAME` serves one in a terminal), to try a server
 * while writing it. What a deployment would place (a model a pipeline made) is not there: the host
 * says which files are missing when it starts one.
 */
import { addEndpoint, freeEndpointName } from '../../../shared/valohai/edit/endpoint-edits.ts';
import type { Endpoint } from '../../../shared/valohai/model/endpoint.ts';
import { useEndpointServing } from '../run/use-endpoint-serving.ts';
import { useEditor } from '../store/editor-store.ts';

const FROM_PROJECT = { kind: 'project' } as const;

function serverOf(endpoint: Endpoint): string {
  if (endpoint.server === undefined) return 'no server-command or wsgi';
  return endpoint.server.kind === 'wsgi' ? `wsgi ${endpoint.server.module}` : endpoint.server.command.join(' && ');
}

/** `offerNew`: a project with steps is offered a new endpoint even while it has none. */
export function PaletteEndpoints({ endpoints, offerNew }: { endpoints: readonly Endpoint[]; offerNew: boolean }) {
  const { serving, busy, act } = useEndpointServing(FROM_PROJECT);
  const select = useEditor((s) => s.select);
  const edit = useEditor((s) => s.edit);
  if (endpoints.length === 0 && !offerNew) return null;
  const addNew = (): void => {
    const name = freeEndpointName(endpoints.map((e) => e.name));
    edit((t) => addEndpoint(t, name), { select: { kind: 'endpoint', name } });
  };
  return (
    <>
      <h2>Endpoints</h2>
      <ul className="endpoints" data-testid="palette-endpoints">
        {endpoints.map((endpoint) => {
          const url = serving[endpoint.name];
          return (
            <li className="palette-item row" key={endpoint.name} data-testid={`palette-endpoint-${endpoint.name}`}>
              <button type="button" className="link palette-label" onClick={() => select({ kind: 'endpoint', name: endpoint.name })} aria-label={`Open endpoint ${endpoint.name}`}>
                {endpoint.name}
              </button>
              {url ? (
                <button type="button" className="link" disabled={busy === endpoint.name} onClick={() => act(endpoint.name, false)} aria-label={`Stop serving ${endpoint.name}`}>
                  ■ Stop
                </button>
              ) : (
                <button type="button" className="link" disabled={busy === endpoint.name || endpoint.server === undefined} onClick={() => act(endpoint.name, true)} aria-label={`Serve ${endpoint.name}`} title={`Serve ${endpoint.name} on this machine from the project folder, as saved`}>
                  ▶ Serve
                </button>
              )}
              {url ? (
                <a className="palette-detail" href={url} target="_blank" rel="noreferrer">
                  {url}
                </a>
              ) : (
                <span className="palette-detail" title={serverOf(endpoint)}>
                  {serverOf(endpoint)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <button type="button" className="secondary" onClick={addNew}>
        + New endpoint
      </button>
    </>
  );
}
