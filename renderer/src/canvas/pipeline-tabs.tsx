/** The file's pipelines as tabs, and a button that adds an empty one (then filled from the palette). */
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { addPipeline, freePipelineName } from '../../../shared/valohai/edit/pipeline-list-edits.ts';
import { useEditor } from '../store/editor-store.ts';

/** Adds a pipeline under a free name and shows it; its name is edited in the inspector. */
export function newPipeline(): void {
  const { edit, text, setPipeline, toast } = useEditor.getState();
  const name = freePipelineName(text);
  if (edit((t) => addPipeline(t, name))) {
    setPipeline(name);
    toast('info', `Pipeline "${name}" added: drag steps from the palette onto it, and rename it on the right`);
  }
}

export function PipelineTabs({ pipelines, shown, disabled }: { pipelines: readonly Pipeline[]; shown: Pipeline | undefined; disabled: boolean }) {
  return (
    <nav className="tabs" aria-label="Pipelines">
      {pipelines.map((p) => (
        <button key={p.name} type="button" role="tab" aria-selected={p === shown} onClick={() => useEditor.getState().setPipeline(p.name)}>
          {p.name}
        </button>
      ))}
      <button type="button" className="new-pipeline" onClick={newPipeline} disabled={disabled} aria-label="New pipeline" title="Add an empty pipeline to the file">
        +
      </button>
    </nav>
  );
}
