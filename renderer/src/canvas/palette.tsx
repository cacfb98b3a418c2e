/**
 * The project's building blocks: its steps, task blueprints, endpoints (served from here, not
 * dragged) and deployments. Drag one onto the
 * canvas to add a node (or press Enter on it to add it beside the others); "New step" and "New
 * task" open their editors.
 */
import { useReactFlow } from '@xyflow/react';
import { Fragment, type DragEvent, type KeyboardEvent } from 'react';
import { lastOfEachName } from '../../../shared/valohai/model/config.ts';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { byCategory } from '../by-category.ts';
import { useEditor } from '../store/editor-store.ts';
import { isUnreadable, useImported } from '../store/imported.ts';
import { tellingLine } from '../../../shared/valohai/script/telling-line.ts';
import { addFromPalette, PALETTE_MIME, type PaletteItem } from './palette-items.ts';
import { PaletteEndpoints } from './palette-endpoints.tsx';

function Entry({ item, label, detail, pipeline, onEdit }: { item: PaletteItem; label: string; detail: string; pipeline: Pipeline | undefined; onEdit?: { readonly text: string; readonly label: string; readonly open: () => void } }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, JSON.stringify(item));
    event.dataTransfer.effectAllowed = 'copy';
  };
  const { screenToFlowPosition } = useReactFlow();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !pipeline) return;
    // The first node where the canvas shows it (its middle, less half a card); the next ones to the right of the others.
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (pipeline.nodes.length === 0 && pane) {
      const middle = screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
      return addFromPalette(pipeline, item, { x: Math.round(middle.x - 120), y: Math.round(middle.y - 80) });
    }
    const right = Math.max(0, ...Object.values(useEditor.getState().layout.pipelines[pipeline.name]?.nodes ?? {}).map((p) => p.x));
    addFromPalette(pipeline, item, { x: right + 340, y: 0 });
  };
  return (
    <li className={`palette-item kind-${item.type}`} draggable={pipeline !== undefined} onDragStart={onDragStart} onKeyDown={onKeyDown} tabIndex={0} data-testid={`palette-${label}`} title="Drag onto the canvas (or press Enter) to add a node">
      <span className="palette-label">{label}</span>
      {onEdit ? (
        <button type="button" className="link" onClick={onEdit.open} aria-label={onEdit.label}>
          {onEdit.text}
        </button>
      ) : (
        <span />
      )}
      <span className="palette-detail" title={detail}>{detail}</span>
    </li>
  );
}

export function Palette({ pipeline }: { pipeline: Pipeline | undefined }) {
  const imported = useImported();
  const { config } = imported;
  const unreadable = isUnreadable(imported);
  const select = useEditor((s) => s.select);
  return (
    <aside className="palette" aria-label="Palette">
      <h2>Steps</h2>
      {byCategory(lastOfEachName(config.steps).kept).map(({ category, items }) => (
        <Fragment key={category ?? ''}>
          {category !== undefined && <h3 className="palette-category">{category}</h3>}
          <ul>
            {items.map((step) => (
              <Entry key={step.name} item={{ type: 'execution', step: step.name }} label={step.name} detail={tellingLine(step.command)} pipeline={pipeline} onEdit={{ text: 'edit', label: `Edit step ${step.name}`, open: () => select({ kind: 'step', name: step.name }) }} />
            ))}
          </ul>
        </Fragment>
      ))}
      {!unreadable && (
        <button type="button" className="secondary" onClick={() => select({ kind: 'new-step' })}>
          + New step
        </button>
      )}
      {config.steps.length > 0 && (
        <>
          <h2>Task blueprints</h2>
          <ul>
            {lastOfEachName(config.tasks).kept.map((task) => (
              <Entry key={task.name} item={{ type: 'task', task: task.name }} label={task.name} detail={`${task.type.replace('_', ' ')} of ${task.step}`} pipeline={pipeline} onEdit={{ text: 'open', label: `Open task ${task.name}`, open: () => select({ kind: 'task', name: task.name }) }} />
            ))}
          </ul>
          <button type="button" className="secondary" onClick={() => select({ kind: 'new-task' })}>
            + New task
          </button>
        </>
      )}
      <PaletteEndpoints endpoints={lastOfEachName(config.endpoints).kept} offerNew={config.steps.length > 0} />
      <h2>Ports and edges</h2>
      <ul className="legend" aria-label="Legend">
        {(
          [
            ['input', 'files (inputs, outputs)'],
            ['parameter', 'parameters'],
            ['metadata', 'metadata values'],
            ['environment-variable', 'environment variables'],
            ['file', 'deployment files'],
            ['dependency', 'order only'],
          ] as const
        ).map(([type, label]) => (
          <li key={type}>
            <span className={`swatch socket-${type}`} /> {label}
          </li>
        ))}
      </ul>
      {config.deployments.length > 0 && (
        <>
          <h2>Deployments</h2>
          <ul>
            {lastOfEachName(config.deployments).kept.map((d) => (
              <Entry key={d.name} item={{ type: 'deployment', deployment: d.name }} label={d.name} detail="deployment" pipeline={pipeline} />
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
