/**
 * A step's environment variables (their defaults, which a run requires) and its limits (time
 * limit, no-output timeout, stop condition), in the step panel.
 */
import { useEffect, useState } from 'react';
import type { Step } from '../../../shared/valohai/model/step.ts';
import type { EnvironmentVariable } from '../../../shared/valohai/model/environment.ts';
import { addStepEnvironmentVariable, removeStepItem, setEnvironmentVariableDefault, setStepKey } from '../../../shared/valohai/edit/step-edits.ts';
import { formatDuration, parseDuration } from '../../../shared/valohai/parse/duration.ts';
import { useEditor } from '../store/editor-store.ts';
import { looksSecret } from '../../../shared/run/run-environment.ts';
import { AddItem } from './add-item.tsx';

function VariableRow({ step, variable }: { step: string; variable: EnvironmentVariable }) {
  const edit = useEditor((s) => s.edit);
  const [value, setValue] = useState(variable.default ?? '');
  useEffect(() => setValue(variable.default ?? ''), [variable.default]);
  const commit = (): void => {
    if (value === (variable.default ?? '')) return;
    if (!edit((t) => setEnvironmentVariableDefault(t, step, variable.name, value === '' ? undefined : value))) setValue(variable.default ?? '');
  };
  const id = `env-${variable.name}`;
  return (
    <div className="field item-with-remove" data-testid={id}>
      <label htmlFor={id}>
        <code>{variable.name}</code>
        {!variable.optional && <span className="field-hint"> required: a run needs a value (this default, the shell's or the project's .env's)</span>}
      </label>
      {variable.description && (
        <p className="field-description" id={`${id}-description`}>
          {variable.description}
        </p>
      )}
      <input id={id} aria-describedby={variable.description ? `${id}-description` : undefined} value={value} placeholder={variable.optional ? 'no default (the value of the shell or .env, if any)' : 'no default'} onChange={(e) => setValue(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      {looksSecret(variable.name) && (
        <span className="field-hint one-line" data-testid={`${id}-secret`}>
          a default is written into valohai.yaml, and so into git: put a token in the project’s .env file (kept out of git), or give it for a run in Run with…
        </span>
      )}
      <button type="button" className="link danger" onClick={() => edit((t) => removeStepItem(t, step, 'environment-variables', variable.name))} aria-label={`Remove environment variable ${variable.name}`}>
        remove
      </button>
    </div>
  );
}

export function StepEnvironment({ step }: { step: Step }) {
  const edit = useEditor((s) => s.edit);
  return (
    <>
      <h3>Environment variables</h3>
      {step.environmentVariables.length === 0 && <p className="muted">None: the command gets the environment of the shell that started Pipewright, and the VH_* variables.</p>}
      {step.environmentVariables.map((v) => (
        <VariableRow key={v.name} step={step.name} variable={v} />
      ))}
      <AddItem label="environment variable" withType={false} onAdd={(n) => edit((t) => addStepEnvironmentVariable(t, step.name, { name: n }))} />
    </>
  );
}

type LimitKey = 'time-limit' | 'no-output-timeout';

function DurationField({ step, field, label, seconds, hint }: { step: string; field: LimitKey; label: string; seconds: number | undefined; hint: string }) {
  const edit = useEditor((s) => s.edit);
  const shown = seconds === undefined ? '' : formatDuration(seconds);
  const [value, setValue] = useState(shown);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => setValue(shown), [shown]);
  const commit = (): void => {
    const text = value.trim();
    if (text === shown) return setError(undefined);
    const parsed = text === '' ? undefined : parseDuration(text);
    if (text !== '' && parsed === undefined) return setError(`"${text}" is not a duration: seconds (5400) or 1h 30m, with s, m, h, d or w`);
    setError(undefined);
    // Written as typed: a number of seconds as a number, a duration with units as its text.
    edit((t) => setStepKey(t, step, field, text === '' ? undefined : /^\d+$/.test(text) ? Number(text) : text));
  };
  const id = `step-${field}`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} <span className="field-hint">{hint}</span>
      </label>
      <input id={id} value={value} placeholder="none" onChange={(e) => setValue(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} aria-invalid={error !== undefined} />
      {error && (
        <p className="field-error" role="alert" data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function StepLimits({ step }: { step: Step }) {
  const edit = useEditor((s) => s.edit);
  const [condition, setCondition] = useState(step.stopCondition ?? '');
  useEffect(() => setCondition(step.stopCondition ?? ''), [step.stopCondition]);
  const commitCondition = (): void => {
    if (condition.trim() === (step.stopCondition ?? '')) return;
    edit((t) => setStepKey(t, step.name, 'stop-condition', condition.trim() || undefined));
  };
  return (
    <>
      <h3>Limits</h3>
      <DurationField step={step.name} field="time-limit" label="Time limit" seconds={step.timeLimit} hint="stopped, as failed, when it runs longer" />
      <DurationField step={step.name} field="no-output-timeout" label="No-output timeout" seconds={step.noOutputTimeout} hint="stopped when it prints nothing for this long" />
      <div className="field">
        <label htmlFor="step-stop-condition">
          Stop condition <span className="field-hint">ends it early, as finished, once its metadata meets it</span>
        </label>
        <input id="step-stop-condition" value={condition} placeholder="e.g. loss < 0.05" onChange={(e) => setCondition(e.target.value)} onBlur={commitCondition} onKeyDown={(e) => e.key === 'Enter' && commitCondition()} />
      </div>
    </>
  );
}
