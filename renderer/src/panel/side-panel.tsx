/** The inspector on the right: what it shows follows the selection. */
import { useEffect, useRef } from 'react';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { useEditor } from '../store/editor-store.ts';
import { EdgePanel } from './edge-panel.tsx';
import { EndpointPanel } from './endpoint-panel.tsx';
import { NodePanel } from './node-panel.tsx';
import { PipelinePanel } from './pipeline-panel.tsx';
import { NewStepPanel, StepPanel } from './step-panel.tsx';
import { NewTaskPanel, TaskPanel } from './task-panel.tsx';

export function SidePanel({ pipeline, unreadable, noSteps }: { pipeline: Pipeline | undefined; unreadable: boolean; noSteps: boolean }) {
  const selection = useEditor((s) => s.selection);
  // Another thing selected starts at the top of its panel (where its state and Approve are), not
  // at the depth the last one was scrolled to.
  const panel = useRef<HTMLElement>(null);
  const shown = JSON.stringify(selection);
  useEffect(() => {
    if (panel.current) panel.current.scrollTop = 0;
  }, [shown]);
  let body;
  if (selection.kind === 'step') body = <StepPanel name={selection.name} />;
  else if (selection.kind === 'task') body = <TaskPanel key={selection.name} name={selection.name} />;
  else if (selection.kind === 'endpoint') body = <EndpointPanel key={selection.name} name={selection.name} />;
  else if (selection.kind === 'new-step') body = <NewStepPanel />;
  else if (selection.kind === 'new-task') body = <NewTaskPanel />;
  else if (!pipeline && unreadable) body = <div className="panel-body muted">Nothing to inspect until valohai.yaml can be read: the problems below say what to fix.</div>;
  else if (!pipeline && noSteps) body = <div className="panel-body muted">Nothing to inspect yet: start with + New step (a step is the command that runs your code); a pipeline then connects steps.</div>;
  else if (!pipeline) body = <div className="panel-body muted">This file has no pipelines: add one with + New pipeline, then drag steps onto it; or run one step alone from its panel (“edit” on the step).</div>;
  else if (selection.kind === 'nodes' && selection.names.length === 1) {
    const node = pipeline.nodes.find((n) => n.name === selection.names[0]);
    body = node ? <NodePanel key={node.name} pipeline={pipeline} node={node} /> : <PipelinePanel pipeline={pipeline} />;
  } else if (selection.kind === 'nodes') {
    body = (
      <div className="panel-body">
        <h2>{selection.names.length} nodes selected</h2>
        <p className="muted">Delete removes them with their edges; Ctrl+C copies them (paste into any pipeline with Ctrl+V).</p>
      </div>
    );
  } else if (selection.kind === 'edge') {
    const edge = pipeline.edges.find((e) => e.index === selection.index);
    body = edge ? <EdgePanel key={edge.index} pipeline={pipeline} edge={edge} /> : <PipelinePanel pipeline={pipeline} />;
  } else body = <PipelinePanel pipeline={pipeline} />;
  return (
    <aside ref={panel} className="side-panel" aria-label="Inspector">
      {body}
    </aside>
  );
}
