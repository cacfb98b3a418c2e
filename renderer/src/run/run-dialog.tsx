/**
 * "Run with…": the pipeline's parameters for this run only (as `pipewright run --param k=v`),
 * prefilled with their defaults, the files of node inputs no edge feeds (`--node-input`), the
 * environment variables its steps declare or their commands read (`--env NAME=VALUE`), and
 * whether unchanged nodes reuse earlier results (`--cache`) and whether each step runs in its image
 * (`--container`), and what such a run would do, node by node, before it starts (`pipewright plan`);
 * the file is not changed.
 */
import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../api/api-context.ts';
import { useNamedData } from './named-data.tsx';
import { InImageChoice } from './in-image-choice.tsx';
import { stepOfNode } from '../../../shared/graph/ports.ts';
import { resolveStep } from '../../../shared/run/resolve-step.ts';
import { variablesRead } from '../../../shared/run/shell-variables.ts';
import { aloneInRunName } from '../../../shared/run/step-run.ts';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { useImported } from '../store/imported.ts';
import { useEditor } from '../store/editor-store.ts';
import { looksSecret } from '../../../shared/run/run-environment.ts';
import { Modal } from '../modal.tsx';
import { PlanPreview } from './plan-preview.tsx';
import { runCommandLine } from './run-command-line.ts';

export type RunInputs = Record<string, Record<string, string[]>>;

/** How the run goes: reusing unchanged nodes (`--cache`), each step in its image (`--container`). */
export interface RunChoices {
  readonly cache: boolean;
  readonly container: boolean;
  /** Environment variables for this run (`--env NAME=VALUE`): those given a value. */
  readonly environment: Record<string, string>;
}

interface EnvField {
  readonly name: string;
  readonly default: string | undefined;
  readonly required: boolean;
  readonly description: string | undefined;
  /** Not declared: a command reads it (`$NAME`), as it might a project variable of Valohai's. */
  readonly undeclared: boolean;
}

/**
 * The environment variables the pipeline's steps declare, once each (required where any node
 * requires it without a default); then those their commands read without declaring (`$DB_HOST`).
 */
function envFields(pipeline: Pipeline, config: ReturnType<typeof useImported>['config']): EnvField[] {
  const fields = new Map<string, EnvField>();
  const read = new Set<string>();
  for (const node of pipeline.nodes) {
    const step = stepOfNode(config, node);
    if (!step || node.type === 'deployment') continue;
    const resolved = resolveStep(step, node.override);
    for (const v of resolved.environmentVariables) {
      const known = fields.get(v.name);
      const required = (!v.optional && v.default === undefined) || (known?.required ?? false);
      fields.set(v.name, { name: v.name, default: known?.default ?? v.default, required, description: known?.description ?? v.description, undeclared: false });
    }
    for (const name of variablesRead(resolved.command.join('\n'))) if (!/^(VH_\w+|HOME|PATH|USER|LOGNAME|SHELL|LANG|LC_\w+|TERM|TMPDIR|TZ)$/.test(name)) read.add(name);
  }
  for (const name of read) if (!fields.has(name)) fields.set(name, { name, default: undefined, required: false, description: undefined, undeclared: true });
  return [...fields.values()];
}



/** The run as a `pipewright run` command line, to copy into a terminal in the project folder or a script. */
function CommandLine({ line }: { line: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => setCopied(false), [line]);
  return (
    <details className="run-command-line">
      <summary>As a command</summary>
      <code data-testid="run-command-line">{line}</code>{' '}
      <button
        type="button"
        className="link"
        onClick={() => void navigator.clipboard.writeText(line).then(() => setCopied(true), () => useEditor.getState().toast('error', 'The browser would not copy it: select the line and copy it'))}
      >
        {copied ? 'copied' : 'copy'}
      </button>
      <div className="field-hint">run in the project folder; a token is read from the shell (&quot;$NAME&quot;), never written here</div>
    </details>
  );
}

/** Which of `names` a run would get without being given them here: from the shell or the project's .env (names only). */
function useGivenEnvironment(names: readonly string[]): Record<string, 'shell' | '.env'> {
  const api = useApi();
  const [given, setGiven] = useState<Record<string, 'shell' | '.env'>>({});
  const key = names.join(' ');
  useEffect(() => {
    if (key === '') return;
    let live = true;
    api.call('environment.given', { names: key.split(' ') }).then(
      (result) => live && setGiven(Object.fromEntries(result.given.map((g) => [g.name, g.from]))),
      () => undefined, // (an older host: the fields say nothing of it)
    );
    return () => {
      live = false;
    };
  }, [api, key]);
  return given;
}

interface InputField {
  readonly key: string;
  readonly node: string;
  readonly input: string;
  readonly defaults: string;
  readonly optional: boolean;
}

/** The inputs a person may give files to: those of each node that no edge feeds. */
function inputFields(pipeline: Pipeline, config: ReturnType<typeof useImported>['config']): InputField[] {
  const fed = new Set(pipeline.edges.filter((e) => e.target.type === 'input').map((e) => `${e.target.node}.${e.target.key}`));
  return pipeline.nodes.flatMap((node) => {
    const step = stepOfNode(config, node);
    if (!step || node.type === 'deployment') return [];
    const resolved = resolveStep(step, node.override);
    return resolved.inputs.filter((i) => !fed.has(`${node.name}.${i.name}`)).map((i) => ({ key: `${node.name}.${i.name}`, node: node.name, input: i.name, defaults: i.defaults.join('\n'), optional: i.optional }));
  });
}

const show = (value: unknown): string => (value === undefined || value === null ? '' : Array.isArray(value) ? value.join(',') : String(value));

/** A pipeline parameter whose default is a list takes a list: its field is comma-separated values. */
const isList = (p: Pipeline['parameters'][number]): boolean => Array.isArray(p.default);

/** `step train alone`, `task sweep alone`, or the pipeline's name. */
function runTitle(name: string): string {
  const alone = aloneInRunName(name);
  return alone ? `${alone.kind} ${alone.name} alone` : name;
}

/**
 * `sweepable`: parameters that may take several values here, one execution each (a step run
 * alone, as `--param k=a --param k+=b`): each gets "+ value".
 */

export function RunDialog({
  pipeline,
  sweepable = new Set(),
  onRun,
  onClose,
}: {
  pipeline: Pipeline;
  sweepable?: ReadonlySet<string>;
  onRun: (parameters: Record<string, string | string[]>, how: RunChoices, inputs: RunInputs) => void;
  onClose: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(pipeline.parameters.map((p) => [p.name, show(p.default)])));
  /** The values after the first, for a sweepable parameter. */
  const [more, setMore] = useState<Record<string, string[]>>({});
  const { config } = useImported();
  const fields = useMemo(() => inputFields(pipeline, config), [pipeline, config]);
  const [files, setFiles] = useState<Record<string, string>>(Object.fromEntries(fields.map((f) => [f.key, f.defaults])));
  /** Optional inputs given no files this run (as `--node-input node.input=`). */
  const [none, setNone] = useState<ReadonlySet<string>>(new Set());
  const variables = useMemo(() => envFields(pipeline, config), [pipeline, config]);
  const [environment, setEnvironment] = useState<Record<string, string>>({});
  const given = useGivenEnvironment(variables.map((v) => v.name));
  // An undeclared name the shell already gives ($HOME, $PATH) is no field to fill.
  const shown = variables.filter((v) => !(v.undeclared && given[v.name] === 'shell'));
  const [cache, setCache] = useState(pipeline.reuseExecutions);
  const [container, setContainer] = useState(false);
  /** What this project's runs named (datum://, dataset://): each a click away from an input's files. */
  const named = useNamedData();
  const add = (key: string, url: string): void => {
    const lines = (files[key] ?? '').split('\n').filter((line) => line.trim() !== '');
    if (!lines.includes(url)) setFiles({ ...files, [key]: [...lines, url].join('\n') });
  };
  // What the fields say, as the run takes it: only parameters changed from their defaults, inputs given other files, variables given a value.
  const changed: Record<string, string | string[]> = {};
  for (const p of pipeline.parameters) {
    const value = values[p.name] ?? '';
    const others = (more[p.name] ?? []).map((v) => v.trim()).filter((v) => v !== '');
    if (others.length > 0) changed[p.name] = [value, ...others].map((v) => v.trim()).filter((v) => v !== '');
    else if (value !== show(p.default)) changed[p.name] = isList(p) ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : value;
  }
  const inputs: RunInputs = {};
  for (const field of fields) {
    if (none.has(field.key)) {
      (inputs[field.node] ??= {})[field.input] = [];
      continue;
    }
    const listed = (files[field.key] ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
    if (listed.length === 0 || listed.join('\n') === field.defaults) continue;
    (inputs[field.node] ??= {})[field.input] = listed;
  }
  const chosen = { parameters: changed, inputs, environment: Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== '')) };
  return (
    <Modal label={`Run ${pipeline.name} with`} onClose={onClose}>
      <form
        className="modal run-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onRun(chosen.parameters, { cache, container, environment: chosen.environment }, chosen.inputs);
        }}
      >
        <h2>Run {runTitle(pipeline.name)} with…</h2>
        <p className="muted">For this run only; valohai.yaml stays as it is. The runner checks each value against the parameters it sets.</p>
        {pipeline.parameters.map((p) => (
          <div className="field" key={p.name}>
            <label htmlFor={`run-${p.name}`}>
              {p.name} <span className="field-hint">→ {p.targets.join(', ') || 'no targets'}{isList(p) ? ' (values separated by commas)' : ''}</span>
            </label>
            {p.description && <p className="field-description">{p.description}</p>}
            {/* A text of several lines (a SQL query) keeps its lines: an input would drop them. */}
            {(values[p.name] ?? '').includes('\n') || show(p.default).includes('\n') ? (
              <textarea id={`run-${p.name}`} className="code-field" spellCheck={false} rows={Math.min(12, (values[p.name] ?? '').split('\n').length + 1)} value={values[p.name] ?? ''} onChange={(e) => setValues({ ...values, [p.name]: e.target.value })} />
            ) : (
              <input id={`run-${p.name}`} value={values[p.name] ?? ''} onChange={(e) => setValues({ ...values, [p.name]: e.target.value })} />
            )}
            {(more[p.name] ?? []).map((other, i) => (
              <input
                key={i}
                aria-label={`${p.name}, value ${i + 2}`}
                value={other}
                onChange={(e) => setMore({ ...more, [p.name]: (more[p.name] ?? []).map((v, j) => (j === i ? e.target.value : v)) })}
              />
            ))}
            {sweepable.has(p.name) && (
              <button type="button" className="link" onClick={() => setMore({ ...more, [p.name]: [...(more[p.name] ?? []), ''] })} title="Another value: one execution each, a sweep">
                + value
              </button>
            )}
          </div>
        ))}
        {fields.length > 0 && <h3>Input files</h3>}
        {fields.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`run-input-${f.key}`}>
              {f.key} <span className="field-hint">{f.defaults ? 'one path or URL a line' : f.optional ? 'optional: a path or URL, or none' : 'no default: give a path or URL'}</span>
            </label>
            <textarea id={`run-input-${f.key}`} rows={Math.max(1, (files[f.key] ?? '').split('\n').length)} value={files[f.key] ?? ''} disabled={none.has(f.key)} onChange={(e) => setFiles({ ...files, [f.key]: e.target.value })} />
            {f.optional && (
              <label className="check">
                <input type="checkbox" checked={none.has(f.key)} onChange={(e) => setNone(e.target.checked ? new Set([...none, f.key]) : new Set([...none].filter((k) => k !== f.key)))} />
                no files this run{f.defaults ? ' (not its defaults either)' : ''}
              </label>
            )}
            {named.length > 0 && (
              <div className="named-data" role="group" aria-label={`Named data for ${f.key}`}>
                <span className="field-hint">named here: </span>
                {named.map((n) => (
                  <button type="button" className="link" key={n.url} title={n.said} onClick={() => add(f.key, n.url)}>
                    {n.url}
                  </button>
                ))}
              </div>
            )}
          </div>
        ))}
        {shown.length > 0 && (
          <>
            <h3>Environment variables</h3>
            <p className="muted">This run only, never written to valohai.yaml. Empty: the default, or the value the shell or the project’s .env file gives.</p>
          </>
        )}
        {shown.map((v) => (
          <div className="field" key={v.name}>
            <label htmlFor={`run-env-${v.name}`}>
              {v.name} {given[v.name] !== undefined ? <span className="field-hint">given by {given[v.name] === '.env' ? 'the project’s .env' : 'the shell'}</span> : v.required ? <span className="field-hint">required: it has no default</span> : v.undeclared && <span className="field-hint">a command reads ${v.name}; nothing here sets it</span>}
            </label>
            {v.description && <p className="field-description">{v.description}</p>}
            <input
              id={`run-env-${v.name}`}
              type={looksSecret(v.name) ? 'password' : 'text'}
              autoComplete="off"
              value={environment[v.name] ?? ''}
              placeholder={v.default ?? (given[v.name] === '.env' ? 'the value in .env' : given[v.name] === 'shell' ? 'the shell’s value' : v.required ? 'give a value (or put it in .env)' : 'none')}
              onChange={(e) => setEnvironment({ ...environment, [v.name]: e.target.value })}
            />
          </div>
        ))}
        <label className="check">
          <input type="checkbox" checked={cache || pipeline.reuseExecutions} disabled={pipeline.reuseExecutions} onChange={(e) => setCache(e.target.checked)} />
          Reuse the results of unchanged nodes (same step, command, parameters, input files and code)
          {pipeline.reuseExecutions ? <span className="field-hint"> — the pipeline sets reuse-executions</span> : null}
        </label>
        <InImageChoice checked={container} onChange={setContainer} />
        <PlanPreview request={{ pipeline: pipeline.name, ...chosen, cache: cache || pipeline.reuseExecutions, container }} />
        <CommandLine line={runCommandLine({ pipeline: pipeline.name, ...chosen, cache: cache && !pipeline.reuseExecutions, container })} />
        <div className="row">
          <button type="submit" className="run">
            ▶ Run
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
