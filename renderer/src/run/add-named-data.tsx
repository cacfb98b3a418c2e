/**
 * Files of this machine named as Valohai data (`datum://ALIAS`, `dataset://NAME/VERSION`), as
 * `pipewright data add` names them: the way an editor user gives a file written for Valohai the
 * data it names, which is kept there. The engine copies them into the project's store in a run of
 * its own and answers once it has ended.
 */
import { useState } from 'react';
import { useApi } from '../api/api-context.ts';
import { readNamedDataAgain } from './named-data.tsx';

type Adding = { readonly kind: 'idle' } | { readonly kind: 'adding' } | { readonly kind: 'added'; readonly text: string } | { readonly kind: 'failed'; readonly text: string };

export function AddNamedData() {
  const api = useApi();
  const [name, setName] = useState('');
  const [paths, setPaths] = useState('');
  const [adding, setAdding] = useState<Adding>({ kind: 'idle' });
  const given = paths
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const add = (): void => {
    setAdding({ kind: 'adding' });
    api.call('data.add', { name: name.trim(), paths: given }).then(
      (r) => {
        if (r.status !== 'succeeded') return setAdding({ kind: 'failed', text: `run ${r.runId} ${r.status}${r.error ? `: ${r.error}` : ''} (pipewright resume ${r.runId} finishes it)` });
        setAdding({ kind: 'added', text: `${r.named.join('; ')} (run ${r.runId})` });
        setPaths('');
        readNamedDataAgain();
      },
      (error: unknown) => setAdding({ kind: 'failed', text: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <details className="add-named-data" data-testid="add-named-data">
      <summary>Name files of this machine…</summary>
      <p className="field-hint">
        Stand-ins for data kept on Valohai: an input that names it takes these files here. They are copied into the project&apos;s store (as <code>pipewright data add</code> does), so a later
        change to them changes nothing.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="dataset://NAME/VERSION or datum://ALIAS" aria-label="Name to give" />
        </label>
        <label className="field">
          Files or folders
          <textarea value={paths} onChange={(e) => setPaths(e.target.value)} rows={3} placeholder="one path a line, from the project folder or absolute" aria-label="Files or folders to name" />
        </label>
        <button type="submit" className="secondary" disabled={adding.kind === 'adding' || name.trim() === '' || given.length === 0}>
          {adding.kind === 'adding' ? 'Adding…' : 'Add'}
        </button>
      </form>
      {adding.kind === 'added' && (
        <p className="muted" role="status">
          Named: {adding.text}
        </p>
      )}
      {adding.kind === 'failed' && (
        <p className="field-error" role="alert">
          {adding.text}
        </p>
      )}
    </details>
  );
}
