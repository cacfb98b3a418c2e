/**
 * One parameter as a typed form field: numbers checked against type, min and max; choices as a
 * select; flags as a switch; `multiple` parameters as a list. A bad value stays in the field with
 * the reason under it, and nothing is written until the value is good.
 */
import { useEffect, useId, useState } from 'react';
import { coerceParameter } from '../../../shared/run/parameter-values.ts';
import type { Parameter, ParameterValue } from '../../../shared/valohai/model/parameter.ts';

const text = (value: ParameterValue | undefined): string => (value === undefined || value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value));
const texts = (value: ParameterValue | undefined): string[] => (Array.isArray(value) ? value.map((v) => text(v as ParameterValue)) : value === undefined ? [] : [text(value)]);

/** A string written over several lines: its widget says it is code or text (`sql`, `dockerfile`), or its value has a newline. */
const CODE_WIDGETS = new Set(['sql', 'dockerfile', 'code', 'text', 'textarea', 'json', 'yaml', 'python', 'bash', 'shell']);
function multiline(parameter: Parameter, value: ParameterValue | undefined): boolean {
  if (parameter.type !== 'string' || parameter.multiple !== 'none' || parameter.choices) return false;
  return CODE_WIDGETS.has(parameter.widget?.type.toLowerCase() ?? '') || (typeof value === 'string' && value.includes('\n'));
}

function hint(parameter: Parameter): string {
  if (parameter.type === 'flag') return 'flag';
  const range = parameter.min !== undefined || parameter.max !== undefined ? ` ${parameter.min ?? '−∞'} … ${parameter.max ?? '∞'}` : '';
  return `${parameter.type}${range}${parameter.multiple !== 'none' ? ' · list' : ''}`;
}

export interface ParameterFieldProps {
  readonly parameter: Parameter;
  /** The value in force: the node's override, else the step default. */
  readonly value: ParameterValue | undefined;
  readonly overridden: boolean;
  readonly note?: string;
  readonly onCommit: (value: ParameterValue | undefined) => void;
}

export function ParameterField({ parameter, value, overridden, note, onCommit }: ParameterFieldProps) {
  const id = useId();
  const [drafts, setDrafts] = useState<string[]>(texts(value));
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setDrafts(texts(value));
    setError(undefined);
  }, [value]);

  const commit = (next: readonly string[]): void => {
    if (next.length === 0 || (next.length === 1 && next[0] === '' && parameter.type !== 'string')) {
      setError(parameter.optional ? undefined : `${parameter.name} needs a value`);
      if (parameter.optional) onCommit(undefined);
      return;
    }
    const coerced = coerceParameter(parameter, next);
    if (!coerced.ok) return setError(coerced.problem);
    setError(undefined);
    const single = parameter.type !== 'flag' && parameter.multiple !== 'none' && !Array.isArray(coerced.value) ? [coerced.value] : coerced.value;
    if (JSON.stringify(single) !== JSON.stringify(value)) onCommit(single);
  };

  const described = [parameter.description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  let control;
  if (parameter.type === 'flag') {
    control = <input id={id} type="checkbox" role="switch" checked={value === true} onChange={(e) => onCommit(e.target.checked)} data-testid={`param-${parameter.name}`} />;
  } else if (parameter.choices && parameter.multiple === 'none') {
    control = (
      <select id={id} value={drafts[0] ?? ''} onChange={(e) => commit([e.target.value])} data-testid={`param-${parameter.name}`}>
        {value === undefined && <option value="">—</option>}
        {parameter.choices.map((c) => (
          <option key={text(c)} value={text(c)}>
            {text(c)}
          </option>
        ))}
      </select>
    );
  } else if (parameter.multiple !== 'none') {
    control = (
      <div className="list-field" data-testid={`param-${parameter.name}`}>
        {drafts.map((draft, i) => (
          <div key={i} className="list-row">
            <input
              value={draft}
              aria-label={`${parameter.name} item ${i + 1}`}
              aria-invalid={error !== undefined}
              onChange={(e) => setDrafts(drafts.map((d, j) => (j === i ? e.target.value : d)))}
              onBlur={() => commit(drafts.filter((d) => d !== ''))}
            />
            <button type="button" className="icon" aria-label={`Remove item ${i + 1}`} onClick={() => commit(drafts.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => setDrafts([...drafts, ''])}>
          + add value
        </button>
      </div>
    );
  } else if (multiline(parameter, value)) {
    control = (
      <textarea
        id={id}
        className="code-field"
        rows={Math.min(12, Math.max(3, (drafts[0] ?? '').split('\n').length))}
        value={drafts[0] ?? ''}
        spellCheck={false}
        aria-invalid={error !== undefined}
        aria-describedby={described}
        onChange={(e) => setDrafts([e.target.value])}
        onBlur={() => commit([drafts[0] ?? ''])}
        onKeyDown={(e) => e.key === 'Escape' && setDrafts(texts(value))}
        data-testid={`param-${parameter.name}`}
      />
    );
  } else {
    control = (
      <input
        id={id}
        value={drafts[0] ?? ''}
        inputMode={parameter.type === 'string' ? 'text' : 'decimal'}
        aria-invalid={error !== undefined}
        aria-describedby={described}
        onChange={(e) => setDrafts([e.target.value])}
        onBlur={() => commit([drafts[0] ?? ''])}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit([drafts[0] ?? '']);
          if (e.key === 'Escape') setDrafts(texts(value));
        }}
        data-testid={`param-${parameter.name}`}
      />
    );
  }
  return (
    <div className={`field ${error ? 'invalid' : ''} ${overridden ? 'overridden' : ''}`}>
      <label htmlFor={id}>
        {parameter.name} <span className="field-hint">{hint(parameter)}</span>
      </label>
      {parameter.description && (
        <p className="field-description" id={`${id}-description`}>
          {parameter.description}
        </p>
      )}
      {control}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert" data-testid={`param-${parameter.name}-error`}>
          {error}
        </p>
      )}
      {(overridden || note) && (
        <p className="field-note">
          {note}
          {overridden && (
            <button type="button" className="link" onClick={() => onCommit(undefined)}>
              reset to step default
            </button>
          )}
        </p>
      )}
    </div>
  );
}
