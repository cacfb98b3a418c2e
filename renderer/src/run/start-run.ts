/** Starting and resuming runs from the editor: a pipeline from the run bar, a step alone from its panel. */
import type { PipewrightApi } from '../../../shared/api/contract.ts';
import { isDirty, useEditor } from '../store/editor-store.ts';
import { saveProject } from '../store/project-io.ts';
import { refusalText } from './refusal-text.ts';
import type { RunInputs } from './run-dialog.tsx';
import { showRun } from './run-picker.tsx';
import { storeFor, useRun } from './run-store.ts';

export interface StartOptions {
  readonly parameters?: Record<string, string | string[]>;
  readonly cache?: boolean;
  /** Each step in its image (`--container`). */
  readonly container?: boolean;
  readonly inputs?: RunInputs;
  /** Nodes an earlier run gives this one (`--reuse RUN:a,b`). */
  readonly reuse?: { readonly runId: string; readonly nodes: readonly string[] };
  /** Environment variables for this run (`--env NAME=VALUE`). */
  readonly environment?: Record<string, string>;
}

/** Saves first (the runner reads the file on disk), then starts the run; a refusal is said as a toast. */
export async function startRun(api: PipewrightApi, pipeline: string, options: StartOptions = {}): Promise<void> {
  if (isDirty(useEditor.getState())) {
    await saveProject(api);
    if (isDirty(useEditor.getState())) return useEditor.getState().toast('error', 'The run needs the file saved first, and it could not be saved');
  }
  const store = storeFor(pipeline);
  store.getState().starting(pipeline);
  try {
    const { runId } = await api.call('run.start', { pipeline, parameters: options.parameters ?? {}, cache: options.cache ?? false, container: options.container ?? false, inputs: options.inputs ?? {}, environment: options.environment ?? {}, ...(options.reuse ? { reuse: { runId: options.reuse.runId, nodes: [...options.reuse.nodes] } } : {}) });
    store.getState().started(runId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    store.getState().failedToStart(message);
    useEditor.getState().toast('error', refusalText(message));
  }
}

/** Runs that `resume` continues from their last finished nodes. */
export const RESUMABLE = new Set(['interrupted', 'failed', 'cancelled', 'stopped']);

export async function resumeRun(api: PipewrightApi, runId: string): Promise<void> {
  try {
    await api.call('run.resume', { runId });
    useRun.setState({ status: 'running', error: undefined });
  } catch (error) {
    useEditor.getState().toast('error', `The run cannot be resumed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The latest run of a pipeline (or of a step alone), as stored: shown when the editor or a step's
 * panel opens (it may await an approval, or have been started from the CLI). Never over a run being
 * started; with `unlessRunning`, not over one under way either; `still` says whether it is still wanted.
 */
export async function adoptLatest(api: PipewrightApi, pipeline: string, { unlessRunning = false, still = () => true }: { unlessRunning?: boolean; still?: () => boolean } = {}): Promise<void> {
  const { runs } = await api.call('runs.list', { limit: 50 });
  const latest = runs.find((r) => r.pipeline === pipeline);
  const now = storeFor(pipeline).getState().status;
  if (!latest || now === 'starting' || (unlessRunning && now === 'running') || !still()) return;
  await showRun(api, latest.id);
}
