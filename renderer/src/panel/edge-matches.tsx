/**
 * What an output→input edge's glob takes from its source node in the run shown: the files it
 * matches, as the runner matches them (shared/run/valohai-glob.ts: `*` reaches into subfolders),
 * so a pattern is checked while it is written (`*best.pt` finds `exp/weights/best.pt`).
 */
import { useEffect, useState } from 'react';
import { valohaiMatcher } from '../../../shared/run/valohai-glob.ts';
import { useApi } from '../api/api-context.ts';
import { storeFor } from '../run/run-store.ts';

const SHOWN = 8;

/** `pick`: the edge's pick-the-best rule (`max accuracy`), when it passes on one child's files alone. */
export function EdgeMatches({ pipeline, node, pattern, pick }: { pipeline: string; node: string; pattern: string; pick?: string | undefined }) {
  const api = useApi();
  const store = storeFor(pipeline);
  const runId = store((s) => (s.pipeline === pipeline ? s.runId : undefined));
  const status = store((s) => s.nodes[node]?.status);
  /** The source's output files in the run shown, each with the execution that wrote it (a sweep's children each write theirs). */
  const [files, setFiles] = useState<readonly { execution: string; path: string }[] | undefined>();
  useEffect(() => {
    setFiles(undefined);
    if (!runId || (status !== 'succeeded' && status !== 'reused')) return;
    let live = true;
    api.call('outputs.list', { runId, node }).then(
      (r) => live && setFiles(r.files),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, runId, node, status]);
  if (!runId || files === undefined) return null;
  const matches = valohaiMatcher(pattern);
  const taken = files.filter((f) => matches(f.path));
  const names = (list: readonly { path: string }[], most: number): string => {
    const distinct = [...new Set(list.map((f) => f.path))];
    return `${distinct.slice(0, most).join(', ')}${distinct.length > most ? ', …' : ''}`;
  };
  const count = (n: number): string => `${n} ${n === 1 ? 'file' : 'files'}`;
  const executions = new Set(taken.map((f) => f.execution)).size;
  if (taken.length === 0) {
    return (
      <p className="field-error" data-testid="edge-matches">
        In run {runId}, “{pattern}” matches none of the {count(files.length)} {node} wrote{files.length > 0 ? ` (${names(files, 3)})` : ''}.
      </p>
    );
  }
  return (
    <p className="muted" data-testid="edge-matches">
      In run {runId} it matches {count(taken.length)}
      {executions > 1 ? ` from ${executions} executions` : ''}: {names(taken, SHOWN)}
      {executions > 1 && pick ? `; it passes on the best child's alone (${pick})` : ''}
    </p>
  );
}
