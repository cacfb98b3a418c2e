/** Opening, saving and reloading the project through the api object; the store holds the result. */
import type { PipewrightApi } from '../../../shared/api/contract.ts';
import { isDirty, useEditor } from './editor-store.ts';

let keepMineOnNextSave = false;

export async function openProject(api: PipewrightApi): Promise<void> {
  const snapshot = await api.call('project.open', {});
  useEditor.getState().load(snapshot);
}

export async function saveProject(api: PipewrightApi): Promise<void> {
  const state = useEditor.getState();
  const { text, layout } = state;
  if (!isDirty(state)) return;
  try {
    const result = await api.call('project.save', { text, baseVersion: state.version, force: keepMineOnNextSave });
    if (!result.saved) {
      state.setDiskChanged(true);
      state.toast('error', 'valohai.yaml changed on disk since it was opened: reload it, or keep your edits and save again');
      return;
    }
    keepMineOnNextSave = false;
    if (layout !== state.savedLayout) await api.call('layout.save', { layout });
    useEditor.getState().markSaved(text, layout, result.version);
  } catch (error) {
    state.toast('error', `Could not save: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The file changed on disk: reload quietly when nothing is unsaved, otherwise ask. */
export async function onDiskChange(api: PipewrightApi, version: string): Promise<void> {
  const state = useEditor.getState();
  if (version === state.version) return;
  if (!isDirty(state)) {
    if (await reopen(api)) useEditor.getState().toast('info', 'valohai.yaml changed on disk and was reloaded');
  } else state.setDiskChanged(true);
}

export async function reloadFromDisk(api: PipewrightApi): Promise<void> {
  keepMineOnNextSave = false;
  await reopen(api);
}

/** Reads the project again; a failure (the file gone, the host away) is said, and the editor keeps what it has. */
async function reopen(api: PipewrightApi): Promise<boolean> {
  try {
    await openProject(api);
    return true;
  } catch (error) {
    useEditor.getState().toast('error', `Could not read the project again: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

export function keepMine(): void {
  keepMineOnNextSave = true;
  useEditor.getState().setDiskChanged(false);
}
