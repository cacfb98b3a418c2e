/**
 * Pipeline-level edits from the side panel: an edge's sockets and configuration, and the
 * pipeline's own parameters with their targets.
 */
import { canConnect } from '../../graph/connect.ts';
import { formatSocket, parseSocket, type Edge } from '../model/edge.ts';
import type { ParameterValue } from '../model/parameter.ts';
import type { YamlPath } from '../diagnostic.ts';
import { andThen, appendItem, removeItem, removeKey, replaceItem, setKey, type EditResult } from './yaml-splice.ts';
import { pipelineIn, valueAt } from './find.ts';

/** Rewrites an edge's ends and configuration, keeping its short or long form where it can. */
export function setEdge(text: string, pipelineName: string, edgeIndex: number, source: string, target: string, configuration: Readonly<Record<string, unknown>>): EditResult {
  const found = pipelineIn(text, pipelineName);
  if (!found.ok) return found;
  const { pipeline, data } = found.value;
  const edge = pipeline.edges.find((e) => e.index === edgeIndex);
  if (!edge) return { ok: false, message: `pipeline "${pipelineName}" has no edge ${edgeIndex + 1}` };
  const s = parseSocket(source);
  const t = parseSocket(target);
  if (!s.ok) return { ok: false, message: `"${source}" must be node.type.key with a known type` };
  if (!t.ok) return { ok: false, message: `"${target}" must be node.type.key with a known type` };
  const sourceNode = pipeline.nodes.find((n) => n.name === s.socket.node);
  const targetNode = pipeline.nodes.find((n) => n.name === t.socket.node);
  if (!sourceNode || !targetNode) return { ok: false, message: `no node "${sourceNode ? t.socket.node : s.socket.node}" in this pipeline` };
  if (s.socket.key === '' || t.socket.key === '') return { ok: false, message: 'a socket needs a key after node.type.' };
  const verdict = canConnect({ nodeType: sourceNode.type, socketType: s.socket.type }, { nodeType: targetNode.type, socketType: t.socket.type });
  if (!verdict.ok) return { ok: false, message: verdict.reason };
  const src = formatSocket(s.socket);
  const tgt = formatSocket(t.socket);
  const hasConfig = Object.keys(configuration).length > 0;
  const listPath = [...pipeline.path, 'edges'];
  const raw = valueAt(data, edge.path);
  if (Array.isArray(raw) && !hasConfig) return replaceItem(text, listPath, edgeIndex, [src, tgt]);
  return replaceItem(text, listPath, edgeIndex, hasConfig ? { source: src, target: tgt, configuration } : { source: src, target: tgt });
}

/**
 * An edge's ends rewritten in the form it is written in: a short `[source, target]` item whole (an
 * end not given as it reads), a long one key by key, only the ends given.
 */
export function setEdgeEnds(text: string, data: unknown, edge: Edge, ends: { readonly source?: string; readonly target?: string }): EditResult {
  if (Array.isArray(valueAt(data, edge.path))) return replaceItem(text, edge.path.slice(0, -1), edge.index, [ends.source ?? formatSocket(edge.source), ends.target ?? formatSocket(edge.target)]);
  let result: EditResult = { ok: true, text };
  for (const key of ['source', 'target'] as const) {
    const value = ends[key];
    if (value !== undefined) result = andThen(result, (t) => setKey(t, edge.path, key, value));
  }
  return result;
}

export interface PipelineParameterInput {
  readonly name: string;
  readonly default?: ParameterValue;
  readonly targets: readonly string[];
}

/** Adds, replaces (by name) or with `undefined` removes a pipeline parameter. */
export function setPipelineParameter(text: string, pipelineName: string, name: string, parameter: PipelineParameterInput | undefined): EditResult {
  const found = pipelineIn(text, pipelineName);
  if (!found.ok) return found;
  const { pipeline, data } = found.value;
  const index = pipeline.parameters.findIndex((p) => p.name === name);
  const listPath = [...pipeline.path, 'parameters'];
  if (!parameter) {
    if (index < 0) return { ok: true, text };
    return pipeline.parameters.length === 1 ? removeKey(text, pipeline.path, 'parameters') : removeItem(text, listPath, index);
  }
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(parameter.name)) return { ok: false, message: `"${parameter.name}" is not a usable parameter name` };
  if (parameter.name !== name && pipeline.parameters.some((p) => p.name === parameter.name)) return { ok: false, message: `pipeline "${pipelineName}" already has a parameter "${parameter.name}"` };
  for (const target of parameter.targets) {
    const socket = parseSocket(target);
    if (!socket.ok || socket.socket.type !== 'parameter') return { ok: false, message: `target "${target}" must be node.parameter.name` };
    if (!pipeline.nodes.some((n) => n.name === socket.socket.node)) return { ok: false, message: `target "${target}" names no node of this pipeline` };
  }
  const item = { name: parameter.name, ...(parameter.default !== undefined ? { default: parameter.default } : {}), targets: [...parameter.targets] };
  const existing = pipeline.parameters[index];
  if (existing !== undefined) return updateParameter(text, existing.path, valueAt(data, existing.path), parameter);
  const list = valueAt(data, listPath);
  if (!Array.isArray(list) || list.length === 0) return setKey(text, pipeline.path, 'parameters', [item]);
  return appendItem(text, listPath, item);
}

/**
 * An existing pipeline parameter changed key by key, so what is not changed stays as written: its
 * description and category, `target:` for one target, a list's flow style, its comments.
 */
function updateParameter(text: string, path: YamlPath, raw: unknown, parameter: PipelineParameterInput): EditResult {
  const written = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  let result: EditResult = { ok: true, text };
  if (written['name'] !== parameter.name) result = andThen(result, (t) => setKey(t, path, 'name', parameter.name));
  if (parameter.default === undefined) {
    if ('default' in written) result = andThen(result, (t) => removeKey(t, path, 'default'));
  } else if (!same(written['default'], parameter.default)) {
    result = andThen(result, (t) => setKey(t, path, 'default', parameter.default));
  }
  const targets = [...parameter.targets];
  const before = 'targets' in written ? written['targets'] : written['target'];
  if (same(typeof before === 'string' ? [before] : before, targets)) return result;
  if ('target' in written && targets.length === 1) return andThen(result, (t) => setKey(t, path, 'target', targets[0]));
  if ('target' in written) result = andThen(result, (t) => removeKey(t, path, 'target'));
  return andThen(result, (t) => setKey(t, path, 'targets', targets));
}
