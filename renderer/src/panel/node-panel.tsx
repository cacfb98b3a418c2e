/**
 * The side panel for one node: name, what it runs, parameter overrides as typed fields, inputs,
 * environment, resources, on-error, edge-merge-mode, the approval gate and the conditions. Every
 * change is a shared/ edit on the text; a refused one shows its reason and changes nothing.
 */
import { Fragment, useEffect, useState } from 'react';
import { stepOfNode } from '../../../shared/graph/ports.ts';
import { addApprovalGate } from '../../../shared/valohai/edit/document-edits.ts';
import { removeApprovalGate, renameNode, setAction, setNodeKey, setOverride, setOverrideParameter } from '../../../shared/valohai/edit/node-edits.ts';
import type { Resources } from '../../../shared/valohai/model/environment.ts';
import { EDGE_MERGE_MODES, ON_ERROR_MODES, type PipelineNode } from '../../../shared/valohai/model/nodes/node.ts';
import { targetsParameter } from '../../../shared/valohai/model/edge.ts';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { CommandView } from '../editor/command-editor.tsx';
import { pickRuleOf, type PickRule } from '../../../shared/run/pick.ts';
import { EndpointServe } from '../run/endpoint-serve.tsx';
import { NodeRunPanel } from '../run/node-run-panel.tsx';
import { useEditor } from '../store/editor-store.ts';
import { useImported } from '../store/imported.ts';
import { SubjectProblems } from './subject-problems.tsx';
import { ConditionsEditor } from './conditions-editor.tsx';
import { OverrideField } from './override-field.tsx';
import { NamedDefaults, type UrlFilling } from '../run/named-data.tsx';
import { blueprintForNode, freeTaskName } from '../../../shared/valohai/edit/task-edits.ts';
import type { ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import { ParameterField } from './parameter-field.tsx';
import { byCategory } from '../by-category.ts';

function describeResources(resources: Resources | undefined): string {
  if (!resources) return 'any (no resources block)';
  const parts: string[] = [];
  const range = (r: { min?: number; max?: number }, unit: string): string => (r.min !== undefined && r.max !== undefined ? `${r.min}–${r.max}${unit}` : r.min !== undefined ? `≥ ${r.min}${unit}` : `≤ ${r.max}${unit}`);
  if (resources.cpu.min !== undefined || resources.cpu.max !== undefined) parts.push(`CPU ${range(resources.cpu, '')}`);
  if (resources.memory.min !== undefined || resources.memory.max !== undefined) parts.push(`memory ${range(resources.memory, ' MB')}`);
  for (const [device, count] of Object.entries(resources.devices)) parts.push(`${count} × ${device}`);
  return parts.join(', ') || 'any';
}

/**
 * A step's parameters grouped by their `category`, as Valohai's UI shows them: those without one
 * first, then each category where it first appears, each in the file's order.
 */
function NameField({ pipeline, node }: { pipeline: Pipeline; node: PipelineNode }) {
  const [draft, setDraft] = useState(node.name);
  useEffect(() => setDraft(node.name), [node.name]);
  const commit = (): void => {
    if (draft === node.name) return;
    const applied = useEditor.getState().edit((text) => renameNode(text, pipeline.name, node.name, draft), { select: { kind: 'nodes', names: [draft] } });
    if (applied) {
      const { layout, moveNodes } = useEditor.getState();
      const at = layout.pipelines[pipeline.name]?.nodes[node.name];
      if (at) moveNodes(pipeline.name, { [draft]: at });
    } else setDraft(node.name);
  };
  return (
    <div className="field">
      <label htmlFor="node-name">Name</label>
      <input id="node-name" value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} data-testid="node-name" />
    </div>
  );
}

export function NodePanel({ pipeline, node }: { pipeline: Pipeline; node: PipelineNode }) {
  const { config } = useImported();
  const edit = useEditor((s) => s.edit);
  const select = useEditor((s) => s.select);
  const step = stepOfNode(config, node);
  const gate = node.actions.some((a) => a.then.includes('require-approval') && a.if.length === 0);
  const metadataKeys = [
    ...new Set(pipeline.edges.flatMap((e) => (e.source.type === 'metadata' ? [`metadata.${e.source.key}`] : []))),
    ...(step?.parameters.map((p) => `parameter.${p.name}`) ?? []),
  ];
  const targetedBy = (parameter: string): string | undefined => pipeline.parameters.find((p) => p.targets.some((t) => targetsParameter(t, node.name, parameter)))?.name;
  const fedBy = (type: 'input' | 'parameter', key: string): string | undefined => {
    const edge = pipeline.edges.find((e) => e.target.node === node.name && e.target.type === type && e.target.key === key);
    return edge ? `${edge.source.node}.${edge.source.type}.${edge.source.key}` : undefined;
  };
  // How the node fills {parameter:NAME} in an input URL: a task's children, an edge and a pipeline parameter without a default set it only as the run goes.
  const values: Record<string, ParameterValue | undefined> = {};
  const later = new Set<string>();
  const overrides = node.type === 'deployment' ? [] : (node.override?.parameters ?? []);
  for (const p of step?.parameters ?? []) {
    const setter = pipeline.parameters.find((pp) => pp.targets.some((t) => targetsParameter(t, node.name, p.name)));
    if (node.type === 'task' || fedBy('parameter', p.name) !== undefined || (setter && setter.default === undefined)) later.add(p.name);
    else values[p.name] = setter ? setter.default : (overrides.find((o) => o.name === p.name)?.default ?? p.default);
  }
  const filling: UrlFilling = { parameters: step?.parameters ?? [], values, later };
  return (
    <div className="panel-body" data-testid="node-panel">
      <h2>
        <span className={`kind-dot kind-${node.type}`} /> {node.name} <span className="heading-kind">· {node.type} node</span>
      </h2>
      <SubjectProblems about={(s) => s.kind === 'node' && s.pipeline === pipeline.name && s.node === node.name} />
      <NodeRunPanel pipeline={pipeline.name} node={node.name} sweep={node.type === 'task'} pick={pickRule(pipeline, node.name)} step={step?.name} />
      {node.type === 'deployment' && <EndpointServe pipeline={pipeline.name} node={node.name} endpoints={node.endpoints} />}
      <NameField pipeline={pipeline} node={node} />
      {node.type === 'execution' && (
        <div className="field">
          <label htmlFor="node-step">Step</label>
          <select id="node-step" value={node.step} onChange={(e) => edit((t) => setNodeKey(t, pipeline.name, node.name, 'step', e.target.value))}>
            {!config.steps.some((s) => s.name === node.step) && <option value={node.step}>{node.step} (not in this file)</option>}
            {[...new Set(config.steps.map((s) => s.name))].map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
      )}
      {node.type === 'task' && node.source.kind === 'step' && (
        <div className="field">
          <label>
            Step <code>{node.source.step}</code>
          </label>
          <p className="field-hint">It runs one execution per item of a list that reaches one of its parameters (a pipeline parameter, a metadata edge); for values of its own to sweep, give it a task blueprint.</p>
          <button
            type="button"
            className="link"
            onClick={() => {
              const name = freeTaskName(config.tasks, `${node.name}-sweep`);
              edit((t) => blueprintForNode(t, pipeline.name, node.name, name), { select: { kind: 'task', name } });
            }}
          >
            make a task blueprint for its sweep
          </button>
        </div>
      )}
      {node.type === 'task' && node.source.kind === 'blueprint' && (
        <div className="field">
          <label htmlFor="node-task">Task blueprint</label>
          <select id="node-task" value={node.source.task} onChange={(e) => edit((t) => setNodeKey(t, pipeline.name, node.name, 'task', e.target.value))}>
            {[...new Set(config.tasks.map((t) => t.name))].map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
          {config.tasks.some((t) => node.source.kind === 'blueprint' && t.name === node.source.task) && (
            <button type="button" className="link" onClick={() => node.source.kind === 'blueprint' && select({ kind: 'task', name: node.source.task })}>
              edit how this task varies its parameters
            </button>
          )}
        </div>
      )}
      <label className="toggle">
        <input
          type="checkbox"
          role="switch"
          checked={gate}
          onChange={(e) => edit((t) => (e.target.checked ? addApprovalGate(t, pipeline.name, node.name) : removeApprovalGate(t, pipeline.name, node.name)))}
          data-testid="approval-toggle"
        />
        Wait for a person's approval before it starts
      </label>
      {step && node.type !== 'deployment' && (
        <section>
          <h3>Parameters</h3>
          {step.parameters.length === 0 && <p className="muted">This step has no parameters.</p>}
          {byCategory(step.parameters).map(({ category, items: parameters }) => (
            <Fragment key={category ?? ''}>
              {category !== undefined && <h4 className="parameter-category">{category}</h4>}
              {parameters.map((parameter) => {
                const over = node.override?.parameters.find((p) => p.name === parameter.name);
                const pipelineParam = targetedBy(parameter.name);
                const edgeSource = fedBy('parameter', parameter.name);
                return (
                  <ParameterField
                    key={parameter.name}
                    parameter={parameter}
                    value={over?.default ?? parameter.default}
                    overridden={over !== undefined}
                    note={pipelineParam ? `Set at run time by pipeline parameter "${pipelineParam}". ` : edgeSource ? `Filled at run time from ${edgeSource}. ` : undefined}
                    onCommit={(value) => edit((t) => setOverrideParameter(t, pipeline.name, node.name, parameter.name, value))}
                  />
                );
              })}
            </Fragment>
          ))}
          <h3>Inputs</h3>
          {step.inputs.length === 0 && <p className="muted">No inputs.</p>}
          {step.inputs.map((input) => {
            const over = node.override?.inputs.find((i) => i.name === input.name);
            const edge = fedBy('input', input.name);
            return [
              <OverrideField
                key={input.name}
                label={input.name}
                description={input.description}
                hint={edge ? `← ${edge}` : input.optional ? 'optional' : input.defaults.length === 0 ? 'needs an edge or a default' : 'file'}
                value={over?.defaults.join(', ')}
                stepDefault={input.defaults.join(', ')}
                onCommit={(value) => {
                  // Several files, comma-separated, become a list of defaults.
                  const files = value?.split(',').map((f) => f.trim()).filter(Boolean);
                  edit((t) => setOverride(t, pipeline.name, node.name, 'inputs', input.name, files && files.length > 1 ? files : value));
                }}
              />,
              !edge && <NamedDefaults key={`${input.name}-named`} urls={over?.defaults ?? input.defaults} filling={filling} />,
            ];
          })}
          {step.environmentVariables.length > 0 && <h3>Environment variables</h3>}
          {step.environmentVariables.map((env) => {
            const over = node.override?.environmentVariables.find((e) => e.name === env.name);
            return (
              <OverrideField
                key={env.name}
                label={env.name}
                description={env.description}
                hint="environment variable"
                value={over?.default}
                stepDefault={env.default ?? ''}
                onCommit={(value) => edit((t) => setOverride(t, pipeline.name, node.name, 'environment-variables', env.name, value))}
              />
            );
          })}
          <h3>Resources</h3>
          <p className="muted">{describeResources(step.resources)}</p>
          <h3>Command</h3>
          <CommandView command={step.command.join('\n')} />
        </section>
      )}
      <section>
        <h3>Behaviour</h3>
        <div className="field">
          <label htmlFor="node-on-error">On error</label>
          <select id="node-on-error" value={node.onError} onChange={(e) => edit((t) => setNodeKey(t, pipeline.name, node.name, 'on-error', e.target.value === 'stop-all' ? undefined : e.target.value))}>
            {ON_ERROR_MODES.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        {node.type !== 'deployment' && (
          <div className="field">
            <label htmlFor="node-merge">Edge merge mode</label>
            <select id="node-merge" value={node.edgeMergeMode} onChange={(e) => edit((t) => setNodeKey(t, pipeline.name, node.name, 'edge-merge-mode', e.target.value === 'replace' ? undefined : e.target.value))}>
              {EDGE_MERGE_MODES.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </div>
        )}
      </section>
      <section>
        <h3>Conditions</h3>
        <ConditionsEditor actions={node.actions} keys={metadataKeys} onSet={(index, action) => edit((t) => setAction(t, pipeline.name, node.name, index, action))} />
      </section>
    </div>
  );
}

/** The `configuration: {pick, by}` of an edge out of this node, which the children table marks. */
function pickRule(pipeline: Pipeline, node: string): PickRule | undefined {
  for (const edge of pipeline.edges) {
    const rule = edge.source.node === node ? pickRuleOf(edge) : undefined;
    if (rule !== undefined && rule !== 'needs-by') return rule;
  }
  return undefined;
}
