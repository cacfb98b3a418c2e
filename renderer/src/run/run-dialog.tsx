/**
 * "Run with…": the pipeline's parameters for this run only (as `pipewright run --param k=v`),
 * prefilled with their defaults, and whether unchanged nodes reuse earlier results (`--cache`);
 * the file is not changed.
 */
import { useState } from 'react';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';

const show = (value: unknown): string => (value === undefined || value === null ? '' : Array.isArray(value) ? value.join(',') : String(value));

export function RunDialog({ pipeline, onRun, onClose }: { pipeline: Pipeline; onRun: (parameters: Record<string, string>, cache: boolean) => void; onClose: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(pipeline.parameters.map((p) => [p.name, show(p.default)])));
  const [cache, setCache] = useState(pipeline.reuseExecutions);
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
          onRun(changed, cache);
        }}
      >
        <h2>Run {pipeline.name} with…</h2>
        <p className="muted">For this run only; valohai.yaml stays as it is. The runner checks each value against the parameters it sets.</p>
        {pipeline.parameters.map((p) => (
          <div className="field" key={p.name}>
            <label htmlFor={`run-${p.name}`}>
              {p.name} <span className="field-hint">→ {p.targets.join(', ') || 'no targets'}</span>
            </label>
            <input id={`run-${p.name}`} value={values[p.name] ?? ''} onChange={(e) => setValues({ ...values, [p.name]: e.target.value })} />
          </div>
        ))}
        <label className="check">
          <input type="checkbox" checked={cache || pipeline.reuseExecutions} disabled={pipeline.reuseExecutions} onChange={(e) => setCache(e.target.checked)} />
          Reuse the results of unchanged nodes (same step, command, parameters, input files and code)
          {pipeline.reuseExecutions ? <span className="field-hint"> — the pipeline sets reuse-executions</span> : null}
        </label>
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
