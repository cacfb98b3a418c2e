/**
 * A task's keys beyond how it varies its parameters: when it stops starting children
 * (`stop-condition`, checked as typed with the same parser the runner reads it with), whether it
 * reuses children of earlier runs (`reuse-children`), and what it is for (`description`).
 */
import { useEffect, useState } from 'react';
import { parseExpression } from '../../../shared/expression/parse.ts';
import { setTaskKey } from '../../../shared/valohai/edit/task-edits.ts';
import type { TaskBlueprint } from '../../../shared/valohai/model/task-blueprint.ts';
import { useEditor } from '../store/editor-store.ts';

function StopConditionField({ task }: { task: TaskBlueprint }) {
  const edit = useEditor((s) => s.edit);
  const written = task.stopCondition ?? '';
  const [text, setText] = useState(written);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setText(written), [written]);
  const save = (): void => {
    const trimmed = text.trim();
    if (trimmed === written) return setError(undefined);
    if (trimmed !== '') {
      const parsed = parseExpression(trimmed);
      if (!parsed.ok) return setError(parsed.message);
    }
    setError(undefined);
    edit((t) => setTaskKey(t, task.name, 'stop-condition', trimmed === '' ? undefined : trimmed));
  };
  return (
    <div className={`field ${error ? 'invalid' : ''}`}>
      <label htmlFor="task-stop-condition">Stop starting children once</label>
      <input
        id="task-stop-condition"
        value={text}
        placeholder="never (e.g. loss < 0.05, on a finished child's metadata)"
        aria-invalid={error !== undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => e.key === 'Enter' && save()}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function TaskExtras({ task }: { task: TaskBlueprint }) {
  const edit = useEditor((s) => s.edit);
  const commitDescription = (value: string): void => {
    if (value === (task.description ?? '')) return;
    edit((t) => setTaskKey(t, task.name, 'description', value === '' ? undefined : value));
  };
  return (
    <>
      <StopConditionField task={task} />
      <label className="check">
        <input type="checkbox" checked={task.reuseChildren} onChange={(e) => edit((t) => setTaskKey(t, task.name, 'reuse-children', e.target.checked ? true : undefined))} />
        Reuse children of earlier runs that had the same parameters, inputs and code (reuse-children)
      </label>
      <div className="field">
        <label htmlFor="task-description">Description</label>
        <input
          id="task-description"
          key={task.description ?? ''}
          defaultValue={task.description ?? ''}
          placeholder="what this sweep is for"
          onBlur={(e) => commitDescription(e.target.value.trim())}
          onKeyDown={(e) => e.key === 'Enter' && commitDescription(e.currentTarget.value.trim())}
        />
      </div>
    </>
  );
}
