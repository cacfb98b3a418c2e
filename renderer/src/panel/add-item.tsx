/** A name (and a parameter's type) to add to a step's list, in one line with its Add button. */
import { useState } from 'react';
import { PARAMETER_TYPES, type ParameterType } from '../../../shared/valohai/model/parameter.ts';

export function AddItem({ label, onAdd, withType }: { label: string; onAdd: (name: string, type: ParameterType) => boolean; withType: boolean }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<ParameterType>('string');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (onAdd(name.trim(), type)) setName('');
      }}
    >
      <input value={name} onChange={(e) => setName(e.target.value)} placeholder={`new ${label} name`} aria-label={`New ${label} name`} />
      {withType && (
        <select value={type} onChange={(e) => setType(e.target.value as ParameterType)} aria-label="Type">
          {PARAMETER_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      )}
      <button type="submit" className="secondary" disabled={name.trim() === ''} aria-label={`Add ${label}`}>
        Add
      </button>
    </form>
  );
}
