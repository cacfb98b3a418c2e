/**
 * "Export to Argo Workflows": the shown pipeline as a workflow file to submit to a cluster (as
 * `pipewright export`), downloaded, with what could not be compiled listed under the button.
 */
import { useState } from 'react';
import { useApi } from '../api/api-context.ts';
import { exportRefusalText } from '../run/refusal-text.ts';
import { isDirty, useEditor } from '../store/editor-store.ts';
import { saveProject } from '../store/project-io.ts';

function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportArgo({ pipeline }: { pipeline: string }) {
  const api = useApi();
  const [warnings, setWarnings] = useState<readonly string[] | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const run = async (): Promise<void> => {
    setBusy(true);
    try {
      // The export reads valohai.yaml from disk, as a run does: unsaved edits are saved first.
      if (isDirty(useEditor.getState())) await saveProject(api);
      if (isDirty(useEditor.getState())) return useEditor.getState().toast('error', 'The export needs the file saved first, and it could not be saved');
      const result = await api.call('export.argo', { pipeline });
      download(result.filename, result.yaml);
      setWarnings(result.warnings);
      useEditor.getState().toast('info', `${result.filename} downloaded: submit it with "argo submit ${result.filename}"`);
    } catch (error) {
      useEditor.getState().toast('error', exportRefusalText(error instanceof Error ? error.message : String(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export-argo" data-testid="export-argo">
      <h3>On a cluster</h3>
      <button type="button" className="secondary" disabled={busy} onClick={() => void run()} title="The pipeline as an Argo Workflow, one pod per execution (as pipewright export)">
        Export to Argo Workflows
      </button>
      {warnings && warnings.length > 0 && (
        <ul className="warnings" aria-label="Not exported">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
