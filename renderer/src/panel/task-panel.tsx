/**
 * A top-level task (a sweep or distributed recipe over a step), opened from the palette: its type,
 * how many executions it makes and how each parameter varies across them, edited here; and its
 * run alone, as `pipewright run --task NAME` runs it. A task node in a pipeline uses it from the
 * node's panel; what the panel does not edit (a distributed task's settings, a Bayesian task's
 * optimizer options beyond its target) is in the YAML.
 */
import { useMemo, useState } from 'react';
import { blueprintChildren } from '../../../shared/run/blueprint-children.ts';
import { addTask, freeTaskName, setParameterSets, setTaskKey, type TaskKey } from '../../../shared/valohai/edit/task-edits.ts';
import { TASK_TYPES } from '../../../shared/valohai/model/task-blueprint.ts';
import { AloneRunSection } from '../run/alone-run-section.tsx';
import { useEditor } from '../store/editor-store.ts';
import { useImported } from '../store/imported.ts';
import { firstSet, ParameterSets } from './parameter-sets.tsx';
import { VariantField } from './variant-field.tsx';
import { TaskExtras } from './task-extras.tsx';
import { SubjectProblems } from './subject-problems.tsx';
import { findByName } from '../../../shared/valohai/model/config.ts';

/** One plain key of the task, written when the field is left or Enter is pressed; empty removes it. */
function TaskKeyField({ task, field, label, value, placeholder }: { task: string; field: Exclude<TaskKey, 'type'>; label: string; value: string | number | undefined; placeholder: string }) {
  const edit = useEditor((s) => s.edit);
  const id = `task-${field}`;
  const commit = (text: string): void => {
    if (text === String(value ?? '')) return;
    const next = text === '' ? undefined : field === 'optimization-target-metric' ? text : Number(text);
    edit((t) => setTaskKey(t, task, field, next));
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        key={String(value ?? '')}
        defaultValue={value ?? ''}
        placeholder={placeholder}
        onBlur={(e) => commit(e.target.value.trim())}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value.trim())}
      />
    </div>
  );
}

/** One of a few values of the task; the first choice (`''`) leaves the key out (its default). A value the file has that is not offered is kept and shown. */
function TaskChoice({ task, field, label, value, choices }: { task: string; field: 'on-child-error' | 'engine'; label: string; value: string | undefined; choices: readonly (readonly [string, string])[] }) {
  const edit = useEditor((s) => s.edit);
  const id = `task-${field}`;
  const shown = value === 'stop-all-and-error' || (field === 'engine' && value === 'optuna') ? '' : (value ?? '');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={shown} onChange={(e) => edit((t) => setTaskKey(t, task, field, e.target.value === '' ? undefined : e.target.value))}>
        {!choices.some(([v]) => v === shown) && <option value={shown}>{shown}</option>}
        {choices.map(([v, words]) => (
          <option key={v} value={v}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TaskPanel({ name }: { name: string }) {
  const { config } = useImported();
  const select = useEditor((s) => s.select);
  const edit = useEditor((s) => s.edit);
  const task = findByName(config.tasks, name);
  const made = useMemo(() => (task ? blueprintChildren(task) : undefined), [task]);
  if (!task || !made) return <div className="panel-body muted">No task named “{name}” in valohai.yaml.</div>;
  const step = findByName(config.steps, task.step);
  return (
    <div className="panel-body" data-testid="task-panel">
      <h2>Task {task.name}</h2>
      <SubjectProblems about={(s) => s.kind === 'task' && s.task === task.name} />
      <p>
        {task.type.replaceAll('_', ' ')} of step{' '}
        {step ? (
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
      <div className="task-settings">
        <div className="field">
          <label htmlFor="task-type">Type</label>
          <select id="task-type" value={task.type} onChange={(e) => edit((t) => setTaskKey(t, task.name, 'type', e.target.value))}>
            {!(TASK_TYPES as readonly string[]).includes(task.type) && <option value={task.type}>{task.type}</option>}
            {TASK_TYPES.map((type) => (
              <option key={type} value={type}>
                {type.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <TaskKeyField task={task.name} field="execution-count" label="Execution count" value={task.executionCount} placeholder="all combinations" />
        <TaskChoice
          task={task.name}
          field="on-child-error"
          label="When a child fails"
          value={task.onChildError}
          choices={[
            ['', 'stop the others, the task fails'],
            ['continue-and-complete', 'the others go on; the task succeeds'],
            ['continue-and-error', 'the others go on; then the task fails'],
          ]}
        />
        {task.type === 'bayesian_tpe' && (
          <>
            <TaskKeyField task={task.name} field="optimization-target-metric" label="Target metric" value={task.optimizationTargetMetric} placeholder="a metadata key, e.g. loss" />
            <TaskKeyField task={task.name} field="optimization-target-value" label="Target value" value={task.optimizationTargetValue} placeholder="none: the lowest" />
            <TaskKeyField task={task.name} field="execution-batch-size" label="Batch size" value={task.executionBatchSize} placeholder="children proposed at once" />
            <TaskChoice task={task.name} field="engine" label="Engine" value={task.engine} choices={[['', 'optuna (the default)'], ['hyperopt', 'hyperopt']]} />
          </>
        )}
        <TaskExtras task={task} />
      </div>
      {step && task.parameterSets.length === 0 && (
        <section aria-label="Variants">
          <h3>How each parameter varies</h3>
          {step.parameters.map((p) => (
            <VariantField key={p.name} task={task.name} parameter={p} rules={task.parameters.find((v) => v.name === p.name)?.rules} />
          ))}
          {step.parameters.length > 0 && (
            <button type="button" className="link" onClick={() => edit((t) => setParameterSets(t, task.name, [firstSet(step, task.parameters.map((v) => v.name))]))}>
              Give whole sets of values instead (one execution per set)
            </button>
          )}
        </section>
      )}
      {step && task.parameterSets.length > 0 && <ParameterSets task={task.name} step={step} rows={task.parameterSets} />}
      {made.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      <p className="muted">Drag it onto a pipeline to add a task node that runs it; the rest of its definition is edited in the YAML (Y).</p>
      {step && <AloneRunSection kind="task" name={task.name} />}
    </div>
  );
}

/** A new task over one of the file's steps, varying nothing yet: its panel opens to set the sweep. */
export function NewTaskPanel() {
  const { config } = useImported();
  const edit = useEditor((s) => s.edit);
  const [step, setStep] = useState(config.steps[0]?.name ?? '');
  const [name, setName] = useState('');
  const suggested = step === '' ? '' : freeTaskName(config.tasks, `${step}-sweep`);
  const chosen = name.trim() || suggested;
  return (
    <form
      className="panel-body"
      data-testid="new-task-panel"
      onSubmit={(e) => {
        e.preventDefault();
        edit((t) => addTask(t, { name: chosen, step }), { select: { kind: 'task', name: chosen } });
      }}
    >
      <h2>New task</h2>
      <p className="muted">A sweep of one step: its executions run side by side, each with other parameter values (set next, in its panel).</p>
      <div className="field">
        <label htmlFor="new-task-step">Step</label>
        <select id="new-task-step" value={step} onChange={(e) => setStep(e.target.value)}>
          {[...new Set(config.steps.map((s) => s.name))].map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-task-name">Name</label>
        <input id="new-task-name" value={name} placeholder={suggested} onChange={(e) => setName(e.target.value)} />
      </div>
      <button type="submit" disabled={step === '' || chosen === ''}>
        Create task
      </button>
    </form>
  );
}
