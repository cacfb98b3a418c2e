/**
 * A top-level task (a sweep or distributed recipe over a step), opened from the palette: what its
 * children will be, and its run alone, as `pipewright run --task NAME` runs it. Its definition is
 * edited in the YAML (Y); a task node in a pipeline uses it from the node's panel.
 */
import { useMemo } from 'react';
import { blueprintChildren } from '../../../shared/run/blueprint-children.ts';
import { variantValues } from '../../../shared/run/variants.ts';
import type { ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import type { VariantParameter } from '../../../shared/valohai/model/task-blueprint.ts';
import { AloneRunSection } from '../run/alone-run-section.tsx';
import { useEditor } from '../store/editor-store.ts';
import { useImported } from '../store/imported.ts';

const SHOWN_VALUES = 8;

/** How a variant parameter varies, in a line: `multiple: 0.1, 0.01`, `random 0…1`. */
function variantText(parameter: VariantParameter): string {
  const { rules } = parameter;
  if (rules.style === 'random') return `random ${rules.min}…${rules.max}${rules.distribution !== 'uniform' ? ` (${rules.distribution})` : ''}`;
  if (rules.style === 'other') return `${rules.name} (a style Pipewright does not know)`;
  const values: ParameterValue[] = variantValues(rules);
  const shown = values.slice(0, SHOWN_VALUES).map((v) => JSON.stringify(v)).join(', ');
  return `${rules.style}: ${shown}${values.length > SHOWN_VALUES ? `, … (${values.length} values)` : ''}`;
}

export function TaskPanel({ name }: { name: string }) {
  const { config } = useImported();
  const select = useEditor((s) => s.select);
  const task = config.tasks.find((t) => t.name === name);
  const made = useMemo(() => (task ? blueprintChildren(task) : undefined), [task]);
  if (!task || !made) return <div className="panel-body muted">No task named “{name}” in valohai.yaml.</div>;
  const stepKnown = config.steps.some((s) => s.name === task.step);
  return (
    <div className="panel-body" data-testid="task-panel">
      <h2>Task {task.name}</h2>
      <p>
        {task.type.replaceAll('_', ' ')} of step{' '}
        {stepKnown ? (
          <button type="button" className="link" onClick={() => select({ kind: 'step', name: task.step })}>
            {task.step}
          </button>
        ) : (
          <code>{task.step}</code>
        )}
        {': '}
        <strong data-testid="task-executions">{made.children.length === 1 ? '1 execution' : `${made.children.length} executions`}</strong>
        {made.distributed ? ', all at once (a distributed group)' : ''}
      </p>
      {task.description && <p className="muted">{task.description}</p>}
      {task.parameters.length > 0 && (
        <ul className="plain" aria-label="Variants">
          {task.parameters.map((p) => (
            <li key={p.name}>
              <code>{p.name}</code> <span className="muted">{variantText(p)}</span>
            </li>
          ))}
        </ul>
      )}
      {task.parameterSets.length > 0 && <p className="muted">{task.parameterSets.length} parameter sets, one execution each.</p>}
      {made.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      <p className="muted">Its definition is edited in the YAML (Y); drag it onto a pipeline to add a task node that runs it.</p>
      {stepKnown && <AloneRunSection kind="task" name={task.name} />}
    </div>
  );
}
