/**
 * A step's inputs in its panel: each one's defaults (a path in the project, or a URL: one per
 * line, as many as it takes) and whether a run may give it no files; adding and removing one.
 */
import { useEffect, useState } from 'react';
import type { Step } from '../../../shared/valohai/model/step.ts';
import type { Input } from '../../../shared/valohai/model/input.ts';
import { addStepInput, removeStepItem, setInputDefaults, setInputOptional } from '../../../shared/valohai/edit/step-edits.ts';
import { useEditor } from '../store/editor-store.ts';
import { AddItem } from './add-item.tsx';

function InputRow({ step, input }: { step: string; input: Input }) {
  const edit = useEditor((s) => s.edit);
  const written = input.defaults.join('\n');
  const [value, setValue] = useState(written);
  useEffect(() => setValue(written), [written]);
  const commit = (): void => {
    if (value.trim() === written) return;
    if (!edit((t) => setInputDefaults(t, step, input.name, value.split('\n')))) setValue(written);
  };
  const id = `input-${input.name}`;
  return (
    <div className="field item-with-remove" data-testid={id}>
      <label htmlFor={id}>
        <code>{input.name}</code>
      </label>
      {input.description && (
        <p className="field-description" id={`${id}-description`}>
          {input.description}
        </p>
      )}
      <textarea
        id={id}
        aria-describedby={input.description ? `${id}-description` : undefined}
        rows={Math.max(1, input.defaults.length)}
        value={value}
        placeholder="no default: an edge or the run gives its files (a path in the project, or a URL; one per line)"
        onChange={(e) => setValue(e.target.value)}
        onBlur={commit}
      />
      <label className="check">
        <input type="checkbox" checked={input.optional} onChange={(e) => edit((t) => setInputOptional(t, step, input.name, e.target.checked))} />
        optional: a run may give it no files
      </label>
      <button type="button" className="link danger" onClick={() => edit((t) => removeStepItem(t, step, 'inputs', input.name))} aria-label={`Remove input ${input.name}`}>
        remove
      </button>
    </div>
  );
}

export function StepInputs({ step }: { step: Step }) {
  const edit = useEditor((s) => s.edit);
  return (
    <>
      <h3>Inputs</h3>
      {step.inputs.map((input) => (
        <InputRow key={input.name} step={step.name} input={input} />
      ))}
      <AddItem label="input" withType={false} onAdd={(n) => edit((t) => addStepInput(t, step.name, { name: n }))} />
    </>
  );
}
