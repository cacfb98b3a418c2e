/**
 * The edits the editor makes to a valohai.yaml, each as text → text through source splicing:
 * only the lines an edit must change are changed. Each refuses, with a reason, what would
 * break the file (a duplicate node name, an edge kind that makes no sense, an unknown target).
 */
import { canConnect } from '../../graph/connect.ts';
import { findByName } from '../model/config.ts';
import type { Socket } from '../model/edge.ts';
import { formatSocket, parseSocket } from '../model/edge.ts';
import type { ParameterValue } from '../model/parameter.ts';
import { importValohaiYaml } from '../import.ts';
import { hasKey, pipelineIn, type Found } from './find.ts';
import { andThen, appendItem, removeItem, setKey, type EditResult } from './yaml-splice.ts';

export type { EditResult } from './yaml-splice.ts';

/** A node to add; the union keeps each kind's required fields required. */
export type NewNode =
  | { readonly type: 'execution'; readonly name: string; readonly step: string }
  | { readonly type: 'task'; readonly name: string; readonly task: string }
  | { readonly type: 'task'; readonly name: string; readonly step: string }
  | { readonly type: 'deployment'; readonly name: string; readonly deployment: string; readonly endpoints?: readonly string[] };

export function addNode(text: string, pipelineName: string, node: NewNode): EditResult {
  const found = pipelineIn(text, pipelineName);
  if (!found.ok) return found;
  if (found.value.pipeline.nodes.some((n) => n.name === node.name)) return { ok: false, message: `pipeline "${pipelineName}" already has a node "${node.name}"` };
  const item: Record<string, unknown> =
    node.type === 'deployment'
      ? { name: node.name, type: node.type, deployment: node.deployment, ...(node.endpoints ? { endpoints: [...node.endpoints] } : {}) }
      : 'task' in node
        ? { name: node.name, type: node.type, task: node.task }
        : { name: node.name, type: node.type, step: node.step };
  return appendItem(text, [...found.value.pipeline.path, 'nodes'], item);
}

/** Removes a node and every edge that touches it. */
export function removeNode(text: string, pipelineName: string, nodeName: string): EditResult {
  const found = pipelineIn(text, pipelineName);
  if (!found.ok) return found;
  const pipeline = found.value.pipeline;
  const index = pipeline.nodes.findIndex((n) => n.name === nodeName);
  const node = pipeline.nodes[index];
  if (!node) return { ok: false, message: `pipeline "${pipelineName}" has no node "${nodeName}"` };
  let current: EditResult = { ok: true, text };
  const touching = pipeline.edges.filter((e) => e.source.node === nodeName || e.target.node === nodeName).map((e) => e.index);
  for (const edgeIndex of touching.sort((a, b) => b - a)) current = andThen(current, (t) => removeItem(t, [...pipeline.path, 'edges'], edgeIndex));
  return andThen(current, (t) => removeItem(t, node.path.slice(0, -1), node.path[node.path.length - 1] as number));
}

function socketOf(text: string): Found<Socket> {
  const parsed = parseSocket(text);
  if (parsed.ok) return { ok: true, value: parsed.socket };
  return { ok: false, message: parsed.reason === 'parts' ? `"${text}" must be node.type.key` : `"${text}" has an unknown socket type "${parsed.type}"` };
}

/**
 * Adds an edge in the style the pipeline already uses: shorthand `[source, target]` unless it
 * carries a configuration. Plural socket types are written singular.
 */
export function addEdge(text: string, pipelineName: string, source: string, target: string, configuration?: Readonly<Record<string, unknown>>): EditResult {
  const found = pipelineIn(text, pipelineName);
  if (!found.ok) return found;
  const pipeline = found.value.pipeline;
  const s = socketOf(source);
  const t = socketOf(target);
  if (!s.ok) return s;
  if (!t.ok) return t;
  const sourceNode = pipeline.nodes.find((n) => n.name === s.value.node);
  const targetNode = pipeline.nodes.find((n) => n.name === t.value.node);
  if (!sourceNode) return { ok: false, message: `no node "${s.value.node}" in pipeline "${pipelineName}"` };
  if (!targetNode) return { ok: false, message: `no node "${t.value.node}" in pipeline "${pipelineName}"` };
  const verdict = canConnect({ nodeType: sourceNode.type, socketType: s.value.type }, { nodeType: targetNode.type, socketType: t.value.type });
  if (!verdict.ok) return { ok: false, message: verdict.reason };
  const src = formatSocket(s.value);
  const tgt = formatSocket(t.value);
  if (pipeline.edges.some((e) => formatSocket(e.source) === src && formatSocket(e.target) === tgt)) {
    return { ok: false, message: 'that edge already exists' };
  }
  if (t.value.type === 'parameter' && pipeline.edges.some((e) => formatSocket(e.target) === tgt)) {
    return { ok: false, message: `parameter ${tgt} already has an edge; only one edge may fill a parameter` };
  }
  const hasConfig = configuration !== undefined && Object.keys(configuration).length > 0;
  const edge = hasConfig ? { source: src, target: tgt, configuration } : [src, tgt];
  return appendItem(text, [...pipeline.path, 'edges'], edge, hasConfig ? {} : { flowItem: true });
}

export function removeEdge(text: string, pipelineName: string, edgeIndex: number): EditResult {
  const found = pipelineIn(text, pipelineName);
  if (!found.ok) return found;
  return removeItem(text, [...found.value.pipeline.path, 'edges'], edgeIndex);
}

/** Sets the default of a step's parameter. */
export function setParameterDefault(text: string, stepName: string, parameterName: string, value: ParameterValue): EditResult {
  const { config, source } = importValohaiYaml(text);
  if (source.data === undefined) return { ok: false, message: 'the file cannot be read as YAML; fix it first' };
  const step = findByName(config.steps, stepName);
  if (!step) return { ok: false, message: `no step named "${stepName}"` };
  const parameter = step.parameters.find((p) => p.name === parameterName);
  if (!parameter) return { ok: false, message: `step "${stepName}" has no parameter "${parameterName}"` };
  return setKey(text, parameter.path, 'default', value);
}

/** Adds `{when: <when>, then: require-approval}` to a node: it waits for a person's approval. */
export function addApprovalGate(text: string, pipelineName: string, nodeName: string, when: 'node-starting' | 'node-complete' = 'node-starting'): EditResult {
  const found = pipelineIn(text, pipelineName);
  if (!found.ok) return found;
  const node = found.value.pipeline.nodes.find((n) => n.name === nodeName);
  if (!node) return { ok: false, message: `pipeline "${pipelineName}" has no node "${nodeName}"` };
  if (node.actions.some((a) => a.then.includes('require-approval') && a.when.includes(when) && a.if.length === 0)) {
    return { ok: false, message: `node "${nodeName}" already waits for approval at ${when}` };
  }
  const action = { when, then: 'require-approval' };
  if (node.actions.length === 0 && !hasKey(found.value.data, node.path, 'actions')) return setKey(text, node.path, 'actions', [action]);
  return appendItem(text, [...node.path, 'actions'], action);
}

