/** A text override of a step's input or environment variable on one node; empty means the step's own. */
import { useEffect, useId, useState } from 'react';

export interface OverrideFieldProps {
  readonly label: string;
  readonly hint: string;
  /** The step's `description` of it, shown under its name. */
  readonly description?: string;
  /** The node's override, if it has one. */
  readonly value: string | undefined;
  readonly stepDefault: string;
  readonly onCommit: (value: string | undefined) => void;
}

export function OverrideField({ label, hint, description, value, stepDefault, onCommit }: OverrideFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = (): void => {
    const next = draft.trim();
    if (next === (value ?? '')) return;
    onCommit(next === '' ? undefined : next);
  };
  return (
    <div className={`field ${value !== undefined ? 'overridden' : ''}`}>
      <label htmlFor={id}>
        {label} <span className="field-hint">{hint}</span>
      </label>
      {description && (
        <p className="field-description" id={`${id}-description`}>
          {description}
        </p>
      )}
      <input
        aria-describedby={description ? `${id}-description` : undefined}
        id={id}
        value={draft}
        placeholder={stepDefault ? `step default: ${stepDefault}` : 'no default'}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        data-testid={`override-${label}`}
      />
    </div>
  );
}
