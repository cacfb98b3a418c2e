/**
 * The files a node's executions were given, in the inspector: each input's files and where each
 * came from (an upstream node's output, with its run when another run's; a default's URL or path).
 */
import { useEffect, useState } from 'react';
import type { ApiResult } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';

type Listed = ApiResult<'inputs.list'>;

/** `pipewright://RUN/NODE/EXECUTION/outputs/PATH` as "NODE · PATH" (with "run RUN ·" when not this run); anything else as it is. */
export function originOf(uri: string, runId: string): string {
  const stored = /^pipewright:\/\/([^/]+)\/([^/]+)\/[^/]+\/outputs\/(.+)$/.exec(uri);
  if (!stored) return uri;
  const [, run, node, path] = stored;
  return `${run === runId ? '' : `run ${run ?? ''} · `}${node ?? ''} · ${path ?? ''}`;
}

export function InputFiles({ runId, node, finished }: { runId: string; node: string; finished: boolean }) {
  const api = useApi();
  const [listed, setListed] = useState<Listed>({ files: [], truncated: false });
  useEffect(() => {
    setListed({ files: [], truncated: false });
    if (!finished) return;
    let live = true;
    api.call('inputs.list', { runId, node }).then(
      (r) => live && setListed(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, runId, node, finished]);
  if (listed.files.length === 0) return null;
  const many = new Set(listed.files.map((f) => f.execution)).size > 1;
  return (
    <details className="inputs-given" data-testid="node-inputs">
      <summary>
        Inputs ({listed.files.length}
        {listed.truncated ? '+' : ''} {listed.files.length === 1 ? 'file' : 'files'})
      </summary>
      <ul className="plain">
        {listed.files.map((f) => (
          <li key={`${f.execution}/${f.input}/${f.path}`} title={f.uri}>
            <code>
              {many ? `[${f.execution}] ` : ''}
              {f.input}/{f.path}
            </code>{' '}
            <span className="muted">← {originOf(f.uri, runId)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
