/**
 * A task's parameter sets, edited in its panel: one execution per row, each cell typed as the step
 * declares the parameter (a refused value is said under the table, and the cell keeps it); an
 * empty cell leaves the parameter at the step's value. **+ set** copies the last row, × removes
 * one (the last removed sends the task back to varying its parameters), **+ parameter** adds a
 * column.
 */
import { useState } from 'react';
import { coerceParameter } from '../../../shared/run/parameter-values.ts';
import { setParameterSets } from '../../../shared/valohai/edit/task-edits.ts';
import type { ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import type { Step } from '../../../shared/valohai/model/step.ts';
import { useEditor } from '../store/editor-store.ts';

type Row = Readonly<Record<string, ParameterValue>>;

const shown = (value: ParameterValue | undefined): string => (value === undefined || value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value));

/** The first row of a task turned to parameter sets: the step's defaults of what it varied (or of its first parameter). */
export function firstSet(step: Step, varied: readonly string[]): Row {
  const named = step.parameters.filter((p) => varied.includes(p.name));
  const from = named.length > 0 ? named : step.parameters.slice(0, 1);
  return Object.fromEntries(from.map((p) => [p.name, p.default ?? null]).filter(([, v]) => v !== null));
}

export function ParameterSets({ task, step, rows }: { task: string; step: Step; rows: readonly Row[] }) {
  const edit = useEditor((s) => s.edit);
  const [error, setError] = useState<string | undefined>();
  const [added, setAdded] = useState<string[]>([]);
  const columns = step.parameters.filter((p) => added.includes(p.name) || rows.some((row) => p.name in row));
  const unknown = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((name) => !step.parameters.some((p) => p.name === name));
  const addable = step.parameters.filter((p) => !columns.includes(p));
  const write = (next: readonly Row[]): void => {
    setError(undefined);
    edit((text) => setParameterSets(text, task, next));
  };
  const commit = (index: number, name: string, text: string): void => {
    const row = rows[index];
    const parameter = step.parameters.find((p) => p.name === name);
    if (!row || !parameter || text === shown(row[name])) return;
    const { [name]: _dropped, ...rest } = row;
    if (text.trim() === '') return write(rows.map((r, i) => (i === index ? rest : r)));
    const coerced = coerceParameter(parameter, parameter.type !== 'flag' && parameter.multiple !== 'none' ? text.split(',').map((t) => t.trim()) : [text.trim()]);
    if (!coerced.ok) return setError(`set ${index + 1}: ${coerced.message}`);
    write(rows.map((r, i) => (i === index ? { ...rest, [name]: coerced.value } : r)));
  };
  return (
    <section aria-label="Parameter sets" data-testid="parameter-sets">
      <h3>Parameter sets</h3>
      <p className="muted">One execution per set; an empty cell keeps the step&apos;s value.</p>
      <table className="parameter-sets">
        <thead>
          <tr>
            <th>#</th>
            {columns.map((p) => (
              <th key={p.name}>{p.name}</th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td>{index + 1}</td>
              {columns.map((p) => (
                <td key={p.name}>
                  <input
                    key={shown(row[p.name])}
                    aria-label={`set ${index + 1} ${p.name}`}
                    defaultValue={shown(row[p.name])}
                    placeholder={shown(p.default ?? null) || p.type}
                    onBlur={(e) => commit(index, p.name, e.target.value)}
                    onKeyDown={(e) => e.key === 'Enter' && commit(index, p.name, e.currentTarget.value)}
                  />
                </td>
              ))}
              <td>
                <button type="button" className="link" aria-label={`Remove set ${index + 1}`} onClick={() => write(rows.filter((_, i) => i !== index))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={() => write([...rows, { ...(rows.at(-1) ?? {}) }])}>
          + set
        </button>
        {addable.length > 0 && (
          <select aria-label="Add a parameter to the sets" value="" onChange={(e) => e.target.value !== '' && setAdded([...added, e.target.value])}>
            <option value="">+ parameter</option>
            {addable.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </div>
      {unknown.length > 0 && <p className="muted">Also given, though step {step.name} has no such parameter: {unknown.join(', ')} (edit it in the YAML).</p>}
      {error && (
        <p className="field-error" role="alert" data-testid="parameter-sets-error">
          {error}
        </p>
      )}
    </section>
  );
}
