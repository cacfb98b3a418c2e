/**
 * An endpoint of valohai.yaml, opened from the palette: its name, its image, how it serves (a server-command
 * or a wsgi callable), its port and the files a deployment places for it, edited here; and served
 * on this machine from the project folder as saved (as `pipewright endpoint NAME` serves it).
 */
import { useEffect, useState } from 'react';
import { addEndpointFile, removeEndpointFile, renameEndpoint, setEndpointKey, setEndpointServer, type EndpointKey } from '../../../shared/valohai/edit/endpoint-edits.ts';
import { findByName } from '../../../shared/valohai/model/config.ts';
import { ServeControl } from '../run/serve-control.tsx';
import { useEndpointServing } from '../run/use-endpoint-serving.ts';
import { useEditor } from '../store/editor-store.ts';
import { useImported } from '../store/imported.ts';
import { SubjectProblems } from './subject-problems.tsx';

const FROM_PROJECT = { kind: 'project' } as const;

/** A plain key, written when the field is left or Enter is pressed. */
function EndpointField({ endpoint, field, label, value, placeholder }: { endpoint: string; field: EndpointKey; label: string; value: string; placeholder: string }) {
  const edit = useEditor((s) => s.edit);
  const id = `endpoint-${field}`;
  const commit = (text: string): void => {
    if (text !== value) edit((t) => setEndpointKey(t, endpoint, field, text));
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} key={value} defaultValue={value} placeholder={placeholder} onBlur={(e) => commit(e.target.value.trim())} onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value.trim())} />
    </div>
  );
}

/**
 * Its name, renamed where deployment nodes deploy it and edges deliver its files too; the panel
 * follows it. `onRename`: once renamed (a server under the old name is stopped, or nothing here
 * could stop it).
 */
function NameField({ name, onRename }: { name: string; onRename: () => void }) {
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const commit = (): void => {
    const next = draft.trim();
    if (next === name) return;
    if (useEditor.getState().edit((text) => renameEndpoint(text, name, next), { select: { kind: 'endpoint', name: next } })) onRename();
    else setDraft(name);
  };
  return (
    <div className="field">
      <label htmlFor="endpoint-name">Name</label>
      <input id="endpoint-name" value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
    </div>
  );
}

function ServerField({ endpoint, server }: { endpoint: string; server: { kind: 'server-command' | 'wsgi'; value: string } | undefined }) {
  const edit = useEditor((s) => s.edit);
  const [kind, setKind] = useState<'server-command' | 'wsgi'>(server?.kind ?? 'server-command');
  const value = server?.kind === kind ? server.value : '';
  const commit = (text: string): void => {
    if (text !== '' && (text !== value || server?.kind !== kind)) edit((t) => setEndpointServer(t, endpoint, { kind, value: text }));
  };
  return (
    <div className="field">
      <label htmlFor="endpoint-server">Serves with</label>
      <select aria-label="How it serves" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
        <option value="server-command">a server-command ($PORT is set)</option>
        <option value="wsgi">a wsgi callable (module:callable)</option>
      </select>
      <input
        id="endpoint-server"
        key={`${kind}:${value}`}
        defaultValue={value}
        placeholder={kind === 'wsgi' ? 'predict:app' : 'uvicorn app:api --host 127.0.0.1 --port $PORT'}
        onBlur={(e) => commit(e.target.value.trim())}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value.trim())}
      />
    </div>
  );
}

function AddFile({ endpoint }: { endpoint: string }) {
  const edit = useEditor((s) => s.edit);
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const add = (): void => {
    if (edit((t) => addEndpointFile(t, endpoint, { name, path }))) {
      setName('');
      setPath('');
    }
  };
  return (
    <div className="add-item">
      <input aria-label="New file name" placeholder="name (model)" value={name} onChange={(e) => setName(e.target.value)} />
      <input aria-label="New file path" placeholder="path (model.pkl)" value={path} onChange={(e) => setPath(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && add()} />
      <button type="button" className="secondary" disabled={name.trim() === '' || path.trim() === ''} onClick={add}>
        Add
      </button>
    </div>
  );
}

export function EndpointPanel({ name }: { name: string }) {
  const { config } = useImported();
  const edit = useEditor((s) => s.edit);
  const dirty = useEditor((s) => s.text !== s.savedText);
  const { serving, busy, act } = useEndpointServing(FROM_PROJECT);
  const endpoint = findByName(config.endpoints, name);
  if (!endpoint) return <div className="panel-body">No endpoint named “{name}”.</div>;
  const server = endpoint.server === undefined ? undefined : endpoint.server.kind === 'wsgi' ? { kind: 'wsgi' as const, value: endpoint.server.module } : { kind: 'server-command' as const, value: endpoint.server.command.join(' && ') };
  const url = serving[endpoint.name];
  return (
    <div className="panel-body" data-testid="endpoint-panel">
      <h2>Endpoint {endpoint.name}</h2>
      <SubjectProblems about={(subject) => subject.kind === 'endpoint' && subject.endpoint === endpoint.name} />
      <NameField name={endpoint.name} onRename={() => url !== undefined && act(endpoint.name, false)} />
      <EndpointField endpoint={endpoint.name} field="image" label="Image" value={endpoint.image ?? ''} placeholder="python:3.12-slim" />
      <ServerField key={JSON.stringify(server)} endpoint={endpoint.name} server={server} />
      <EndpointField endpoint={endpoint.name} field="port" label="Port" value={String(endpoint.port)} placeholder="8000" />
      <h3>Files a deployment places</h3>
      <p className="field-hint">Each is delivered by an edge into a deployment node (output → file), at its path in the endpoint’s folder.</p>
      <ul className="plain">
        {endpoint.files.map((file) => (
          <li key={file.name}>
            <code>{file.name}</code> <span className="muted">{file.path}</span>{' '}
            <button type="button" className="link danger" onClick={() => edit((t) => removeEndpointFile(t, endpoint.name, file.name))} aria-label={`Remove file ${file.name}`}>
              remove
            </button>
          </li>
        ))}
      </ul>
      <AddFile endpoint={endpoint.name} />
      <h3>On this machine</h3>
      <p className="field-hint">Served from the project folder as saved{dirty ? ' (save first: the edits above are not saved yet)' : ''}; the files a deployment places must be there.</p>
      <div className="row">
        <ServeControl url={url} busy={busy === endpoint.name} canServe={endpoint.server !== undefined} onServe={() => act(endpoint.name, true)} onStop={() => act(endpoint.name, false)} />
      </div>
    </div>
  );
}
