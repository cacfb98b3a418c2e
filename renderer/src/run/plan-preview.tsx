/**
 * "What would run?" in Run with…: the run the dialog's choices make, node by node, before it is
 * started (as `pipewright plan`): whether each node runs or is reused, and why; its executions,
 * what its actions will do, what its named inputs take and which it fetches from the network; or
 * why the run would be refused. Asked on a click, as a plan hashes
 * input files; a change of choices puts the answer aside as out of date.
 */
import { useEffect, useState } from 'react';
import type { ApiParams, PlannedNodeView } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';
import { isDirty, useEditor } from '../store/editor-store.ts';
import { inEditorWords, refusalText } from './refusal-text.ts';

type Answer = { readonly kind: 'asking' } | { readonly kind: 'planned'; readonly nodes: readonly PlannedNodeView[]; readonly warnings: readonly string[] } | { readonly kind: 'refused'; readonly message: string };

export function PlanPreview({ request }: { request: ApiParams<'run.plan'> }) {
  const api = useApi();
  const dirty = useEditor(isDirty);
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  const key = JSON.stringify(request);
  useEffect(() => setAnswer(undefined), [key]);
  const ask = (): void => {
    setAnswer({ kind: 'asking' });
    api.call('run.plan', request).then(
      (result) => setAnswer({ kind: 'planned', nodes: result.nodes, warnings: result.warnings }),
      (error: unknown) => setAnswer({ kind: 'refused', message: refusalText(error instanceof Error ? error.message : String(error)) }),
    );
  };
  return (
    <div className="plan-preview" data-testid="plan-preview">
      <button type="button" className="link" onClick={ask} disabled={answer?.kind === 'asking'}>
        {answer === undefined ? 'What would run?' : 'Ask again'}
      </button>
      {dirty && <span className="field-hint"> (of valohai.yaml as saved: the run saves your edits first)</span>}
      {answer?.kind === 'asking' && <p className="muted">Planning…</p>}
      {answer?.kind === 'refused' && <p className="field-error">{answer.message}</p>}
      {answer?.kind === 'planned' && (
        <ol className="plain planned-nodes">
          {answer.nodes.map((n) => (
            <li key={n.node} className={`fate-${n.fate}`} data-node={n.node}>
              <strong>{n.node}</strong>
              {n.executions !== undefined && n.executions !== 1 ? ` ×${n.executions}` : ''} <span className={`badge fate-${n.fate}`}>{n.fate === 'run' ? 'runs' : 'reused'}</span> <span className="muted">{inEditorWords(n.reason)}</span>
              {[...(n.actions ?? []), ...(n.takes ?? []), ...(n.fetches ?? [])].map((a) => (
                <div key={a} className="field-hint">
                  {a}
                </div>
              ))}
            </li>
          ))}
        </ol>
      )}
      {answer?.kind === 'planned' && answer.warnings.length > 0 && (
        <ul className="plain muted">
          {answer.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
