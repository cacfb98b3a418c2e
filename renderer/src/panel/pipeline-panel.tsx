/** With nothing selected: the pipeline itself, its parameters and the node parameters each one sets. */
import { useEffect, useState } from 'react';
import { setPipelineParameter } from '../../../shared/valohai/edit/pipeline-edits.ts';
import { removePipeline, renamePipeline } from '../../../shared/valohai/edit/pipeline-list-edits.ts';
import { stepOfNode } from '../../../shared/graph/ports.ts';
import { parse, stringify } from 'yaml';
import { parseSocket, targetsParameter } from '../../../shared/valohai/model/edge.ts';
import type { ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import type { Pipeline, PipelineParameter } from '../../../shared/valohai/model/pipeline.ts';
import { useEditor } from '../store/editor-store.ts';
import { useImported } from '../store/imported.ts';
import { ExportArgo } from './export-argo.tsx';
import { AddNamedData } from '../run/add-named-data.tsx';
import { NamedDataList } from '../run/named-data.tsx';

/** A default as the field shows it: a list in YAML's brackets, `[original, eroded]`, as the file writes it. */
function shownDefault(value: ParameterValue | undefined): string {
  return value === undefined ? '' : Array.isArray(value) ? stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false }).trim() : String(value);
}

/** What the field's text gives: a list for `[a, b]`, a number for a number, else the text. */
function typedDefault(text: string): ParameterValue | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('[')) {
    try {
      const list: unknown = parse(trimmed);
      if (Array.isArray(list) && list.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return list as ParameterValue;
    } catch {
      // not a list after all: the text as written
    }
  }
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : text;
}

/** Whether target `written` (the plural read too) is the offered target `offered` (`node.parameter.name`). */
function sameTarget(written: string, offered: string): boolean {
  const parsed = parseSocket(offered);
  return parsed.ok ? targetsParameter(written, parsed.socket.node, parsed.socket.key) : written === offered;
}

function ParameterRow({ pipeline, parameter, targets }: { pipeline: Pipeline; parameter: PipelineParameter; targets: readonly string[] }) {
  const edit = useEditor((s) => s.edit);
  const shown = shownDefault(parameter.default);
  const [value, setValue] = useState(shown);
  useEffect(() => setValue(shown), [shown]);
  const write = (next: { default?: ParameterValue | undefined; targets?: readonly string[] }): void => {
    const given = 'default' in next ? next.default : parameter.default;
    edit((t) => setPipelineParameter(t, pipeline.name, parameter.name, { name: parameter.name, ...(given === undefined ? {} : { default: given }), targets: next.targets ?? parameter.targets }));
  };
  // (Left unchanged, the field writes nothing: a list stays a list, a quoted number stays quoted.)
  const commit = (): void => {
    if (value !== shown) write({ default: typedDefault(value) });
  };
  // A target written as the plural (`train.parameters.lr`) is the same target.
  const has = (t: string): boolean => parameter.targets.some((x) => sameTarget(x, t));
  return (
    <fieldset className="pipeline-parameter">
      <legend>{parameter.name}</legend>
      <div className="field">
        <label htmlFor={`pp-${parameter.name}`}>default</label>
        <input id={`pp-${parameter.name}`} value={value} placeholder="a value, or a list: [a, b]" onChange={(e) => setValue(e.target.value)} onBlur={commit} />
      </div>
      <div className="field">
        <label>targets</label>
        <div className="chips">
          {targets.map((t) => (
            <label key={t} className="chip">
              <input type="checkbox" checked={has(t)} onChange={(e) => write({ targets: e.target.checked ? [...parameter.targets, t] : parameter.targets.filter((x) => !sameTarget(x, t)) })} />
              {t}
            </label>
          ))}
        </div>
      </div>
      <button type="button" className="link danger" onClick={() => edit((t) => setPipelineParameter(t, pipeline.name, parameter.name, undefined))}>
        remove parameter
      </button>
    </fieldset>
  );
}

export function PipelinePanel({ pipeline }: { pipeline: Pipeline }) {
  const { config } = useImported();
  const edit = useEditor((s) => s.edit);
  const [name, setName] = useState('');
  const targets = pipeline.nodes.flatMap((node) => (stepOfNode(config, node)?.parameters ?? []).map((p) => `${node.name}.parameter.${p.name}`));
  return (
    <div className="panel-body" data-testid="pipeline-panel">
      <h2>Pipeline {pipeline.name}</h2>
      <p className="muted">
        {pipeline.nodes.length} nodes, {pipeline.edges.length} edges. Select a node or an edge to edit it; drag a step from the palette to add one.
      </p>
      <PipelineName pipeline={pipeline} />
      <h3>Pipeline parameters</h3>
      {pipeline.parameters.map((p) => (
        <ParameterRow key={p.name} pipeline={pipeline} parameter={p} targets={targets} />
      ))}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (edit((t) => setPipelineParameter(t, pipeline.name, name, { name, targets: [] }))) setName('');
        }}
      >
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="new parameter name" aria-label="New pipeline parameter name" />
        <button type="submit" className="secondary" disabled={name.trim() === ''} aria-label="Add pipeline parameter">
          Add
        </button>
      </form>
      <NamedDataList>
        <AddNamedData />
      </NamedDataList>
      <ExportArgo pipeline={pipeline.name} />
      <button type="button" className="link danger" onClick={() => removeShown(pipeline.name)}>
        remove this pipeline
      </button>
    </div>
  );
}

/** Its name, changed on Enter or leaving the field; the nodes' positions follow it. */
function PipelineName({ pipeline }: { pipeline: Pipeline }) {
  const [name, setName] = useState(pipeline.name);
  useEffect(() => setName(pipeline.name), [pipeline.name]);
  const commit = (): void => {
    const to = name.trim();
    if (to === pipeline.name) return;
    const { edit, setPipeline } = useEditor.getState();
    const moved = edit((t) => renamePipeline(t, pipeline.name, to), {
      layout: (l) => {
        const { [pipeline.name]: positions, ...others } = l.pipelines;
        return positions ? { ...l, pipelines: { ...others, [to]: positions } } : l;
      },
    });
    if (moved) setPipeline(to);
    else setName(pipeline.name);
  };
  return (
    <div className="field">
      <label htmlFor="pipeline-name">Name</label>
      <input id="pipeline-name" data-testid="pipeline-name" value={name} onChange={(e) => setName(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
    </div>
  );
}

function removeShown(name: string): void {
  const { edit, toast } = useEditor.getState();
  if (edit((t) => removePipeline(t, name))) toast('info', `Pipeline "${name}" removed (Ctrl+Z brings it back)`);
}
