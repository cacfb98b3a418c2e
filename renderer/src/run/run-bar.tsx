/**
 * Run the shown pipeline on this machine: saves first (the runner reads the file on disk), then
 * starts it and shows its state, with Cancel while it runs.
 */
import type { PipewrightApi } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';
import { isDirty, useEditor } from '../store/editor-store.ts';
import { saveProject } from '../store/project-io.ts';
import { useRun } from './run-store.ts';

async function startRun(api: PipewrightApi, pipeline: string): Promise<void> {
  if (isDirty(useEditor.getState())) {
    await saveProject(api);
    if (isDirty(useEditor.getState())) return useEditor.getState().toast('error', 'The run needs the file saved first, and it could not be saved');
  }
  const run = useRun.getState();
  run.starting(pipeline);
  try {
    const { runId } = await api.call('run.start', { pipeline });
    useRun.getState().started(runId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    useRun.getState().failedToStart(message);
    useEditor.getState().toast('error', `The run cannot start: ${message}`);
  }
}

export function RunBar({ pipeline }: { pipeline: string | undefined }) {
  const api = useApi();
  const { runId, status, pipeline: ran } = useRun();
  const active = status === 'running' || status === 'starting';
  return (
    <div className="run-bar" data-testid="run-bar">
      {status && ran === pipeline && (
        <span className={`run-status run-${status}`} data-testid="run-status">
          {runId ? `run ${runId} · ` : ''}
          {status}
        </span>
      )}
      {active && runId ? (
        <button type="button" className="danger" onClick={() => void api.call('run.cancel', { runId }).catch((e: unknown) => useEditor.getState().toast('error', String(e)))}>
          Cancel
        </button>
      ) : (
        <button type="button" className="run" disabled={!pipeline || active} onClick={() => pipeline && void startRun(api, pipeline)} title="Save and run this pipeline on this machine">
          ▶ Run
        </button>
      )}
    </div>
  );
}
