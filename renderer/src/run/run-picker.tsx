/**
 * Which run of the shown pipeline the canvas and the inspector show: the latest by default, any
 * earlier one on choice (its node states, metadata, logs and outputs, as stored). Disabled while a
 * run is under way, which is what the editor follows then.
 */
import { useEffect, useState } from 'react';
import type { ApiResult, PipewrightApi } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';
import { useEditor } from '../store/editor-store.ts';
import { statusWords, storeFor, useRun } from './run-store.ts';

type RunSummary = ApiResult<'runs.list'>['runs'][number];

/** Shows a stored run in place of the one shown now, unless a run is being started meanwhile. */
export async function showRun(api: PipewrightApi, runId: string): Promise<void> {
  const shown = await api.call('run.show', { runId });
  const store = storeFor(shown.run.pipeline);
  if (store.getState().status === 'starting') return; // the run being started wins
  store.setState({ runId: undefined, nodes: {} }); // nothing of the run shown before stays
  store.getState().merge(shown);
}

function when(at: number): string {
  const date = new Date(at);
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : date.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

export function RunPicker({ pipeline }: { pipeline: string }) {
  const api = useApi();
  const runId = useRun((s) => s.runId);
  const status = useRun((s) => s.status);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  useEffect(() => {
    let live = true;
    api.call('runs.list', { limit: 100 }).then(
      (r) => live && setRuns(r.runs.filter((run) => run.pipeline === pipeline)),
      () => live && setRuns([]),
    );
    return () => {
      live = false;
    };
  }, [api, pipeline, runId, status]);
  if (runs.length < 2 || !runId) return null;
  const busy = status === 'running' || status === 'starting';
  return (
    <select
      className="run-picker"
      aria-label="Run shown"
      value={runId}
      disabled={busy}
      title={busy ? 'A run is under way: the editor follows it' : 'Show an earlier run of this pipeline'}
      onChange={(e) => void showRun(api, e.target.value).catch((error: unknown) => useEditor.getState().toast('error', String(error)))}
    >
      {runs.map((run) => (
        <option key={run.id} value={run.id}>
          run {run.id} · {statusWords(run.status)} · {when(run.createdAt)}
        </option>
      ))}
    </select>
  );
}
