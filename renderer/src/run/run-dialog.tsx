/**
 * "Run with…": the pipeline's parameters for this run only (as `pipewright run --param k=v`),
 * prefilled with their defaults; the file is not changed.
 */
import { useState } from 'react';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';

const show = (value: unknown): string => (value === undefined || value === null ? '' : Array.isArray(value) ? value.join(',') : String(value));

export function RunDialog({ pipeline, onRun, onClose }: { pipeline: Pipeline; onRun: (parameters: Record<string, string>) => void; onClose: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(pipeline.parameters.map((p) => [p.name, show(p.default)])));
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <form
        className="modal"
        role="dialog"
        aria-label={`Run ${pipeline.name} with`}
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          const changed = Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== show(pipeline.parameters.find((p) => p.name === name)?.default)));
          onRun(changed);
        }}
      >
        <h2>Run {pipeline.name} with…</h2>
        <p className="muted">Values for this run only; valohai.yaml stays as it is. The runner checks each against the parameters it sets.</p>
        {pipeline.parameters.map((p) => (
          <div className="field" key={p.name}>
            <label htmlFor={`run-${p.name}`}>
              {p.name} <span className="field-hint">→ {p.targets.join(', ') || 'no targets'}</span>
            </label>
            <input id={`run-${p.name}`} value={values[p.name] ?? ''} onChange={(e) => setValues({ ...values, [p.name]: e.target.value })} />
          </div>
        ))}
        <div className="row">
          <button type="submit" className="run">
            ▶ Run
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
