/**
 * Edits to one pipeline node that the side panel and the clipboard make: its plain keys, its
 * parameter overrides, its actions (approval gates and conditions), its name, and pasting whole
 * node items. Each is text → text by source splicing, refusing with a reason what would break.
 */
import { formatSocket, type Socket } from '../model/edge.ts';
import type { ParameterValue } from '../model/parameter.ts';
import { andThen, appendItem, removeItem, removeKey, replaceItem, setKey, type EditResult } from './yaml-splice.ts';
import { hasKey, nodeIn, pipelineIn, valueAt } from './find.ts';
import { setEdgeEnds } from './pipeline-edits.ts';

/** The keys of a node the panel sets as plain values. */
export type NodeKey = 'step' | 'task' | 'on-error' | 'edge-merge-mode';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Sets a plain key of a node; `undefined` removes it (the node falls back to the default). */
export function setNodeKey(text: string, pipeline: string, nodeName: string, key: NodeKey, value: string | undefined): EditResult {
  const found = nodeIn(text, pipeline, nodeName);
  if (!found.ok) return found;
  const path = found.value.node.path;
  return value === undefined ? removeKey(text, path, key) : setKey(text, path, key, value);
}

/** The lists of a node's `override` that are merged with the step's by name. */
export type OverrideList = 'parameters' | 'inputs' | 'environment-variables';

/**
 * Sets (or with `undefined` clears) a node's override of one step parameter, input or
 * environment variable, as `override: {<list>: [{name, default}]}`, the shape Valohai merges by
 * name. Clearing the last item takes the list (and an empty override) with it.
 */
export function setOverride(text: string, pipeline: string, nodeName: string, list: OverrideList, name: string, value: ParameterValue | undefined): EditResult {
  const found = nodeIn(text, pipeline, nodeName);
  if (!found.ok) return found;
  const { node, data } = found.value;
  if (node.type === 'deployment') return { ok: false, message: 'deployment nodes have no step to override' };
  const overridePath = [...node.path, 'override'];
  const current = valueAt(data, [...overridePath, list]);
  const items = Array.isArray(current) ? (current as unknown[]) : [];
  const index = items.findIndex((item) => (item as { name?: unknown } | null)?.name === name);
  if (value === undefined) {
    if (index < 0) return { ok: true, text };
    if (items.length > 1) return removeItem(text, [...overridePath, list], index);
    const cleared = removeKey(text, overridePath, list);
    if (!cleared.ok) return cleared;
    const override = valueAt(data, overridePath) as Record<string, unknown>;
    return Object.keys(override).length === 1 ? removeKey(cleared.text, node.path, 'override') : cleared;
  }
  if (index >= 0) return setKey(text, [...overridePath, list, index], 'default', value);
  const item = { name, default: value };
  if (!hasKey(data, node.path, 'override') || valueAt(data, overridePath) === null) return setKey(text, node.path, 'override', { [list]: [item] });
  if (items.length === 0) return setKey(text, overridePath, list, [item]);
  return appendItem(text, [...overridePath, list], item);
}

export function setOverrideParameter(text: string, pipeline: string, nodeName: string, parameter: string, value: ParameterValue | undefined): EditResult {
  return setOverride(text, pipeline, nodeName, 'parameters', parameter, value);
}

/** One `actions[]` item as the conditions editor writes it. */
export interface ActionInput {
  readonly when: readonly string[];
  readonly if: readonly string[];
  readonly then: readonly string[];
}

function actionItem(action: ActionInput): Record<string, unknown> {
  const one = (values: readonly string[]): string | string[] => (values.length === 1 ? (values[0] as string) : [...values]);
  return { when: one(action.when), ...(action.if.length > 0 ? { if: one(action.if) } : {}), then: one(action.then) };
}

/** Adds an action; replaces the one at `index`; or with `undefined`, removes it. */
export function setAction(text: string, pipeline: string, nodeName: string, index: number | 'new', action: ActionInput | undefined): EditResult {
  const found = nodeIn(text, pipeline, nodeName);
  if (!found.ok) return found;
  const { node, data } = found.value;
  const listPath = [...node.path, 'actions'];
  if (action && (action.when.length === 0 || action.then.length === 0)) return { ok: false, message: 'an action needs at least one "when" and one "then"' };
  if (index === 'new') {
    if (!action) return { ok: true, text };
    if (node.actions.length === 0) return setKey(text, node.path, 'actions', [actionItem(action)]);
    return appendItem(text, listPath, actionItem(action));
  }
  if (!node.actions[index]) return { ok: false, message: `node "${nodeName}" has no action ${index + 1}` };
  if (action) return replaceItem(text, listPath, index, actionItem(action));
  if (node.actions.length === 1 && hasKey(data, node.path, 'actions')) return removeKey(text, node.path, 'actions');
  return removeItem(text, listPath, index);
}

/** Removes every unconditional approval gate of a node. */
export function removeApprovalGate(text: string, pipeline: string, nodeName: string): EditResult {
  const found = nodeIn(text, pipeline, nodeName);
  if (!found.ok) return found;
  const gates = found.value.node.actions.map((a, i) => ({ a, i })).filter(({ a }) => a.then.includes('require-approval') && a.if.length === 0);
  let current: EditResult = { ok: true, text };
  for (const { i } of gates.reverse()) current = andThen(current, (t) => setAction(t, pipeline, nodeName, i, undefined));
  return current;
}

/** The plain data of a node item, for the clipboard. */
export function nodeItem(text: string, pipeline: string, nodeName: string): Record<string, unknown> | undefined {
  const found = nodeIn(text, pipeline, nodeName);
  if (!found.ok) return undefined;
  const value = valueAt(found.value.data, found.value.node.path);
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** Appends a whole node item (pasted nodes keep their override and actions). */
export function addNodeItem(text: string, pipeline: string, item: Readonly<Record<string, unknown>>): EditResult {
  const found = pipelineIn(text, pipeline);
  if (!found.ok) return found;
  const name = item['name'];
  if (typeof name !== 'string' || !NAME.test(name)) return { ok: false, message: `"${String(name)}" is not a usable node name` };
  if (found.value.pipeline.nodes.some((n) => n.name === name)) return { ok: false, message: `pipeline "${pipeline}" already has a node "${name}"` };
  return appendItem(text, [...found.value.pipeline.path, 'nodes'], item);
}

/** Renames a node and every edge end and pipeline-parameter target that names it. */
export function renameNode(text: string, pipeline: string, from: string, to: string): EditResult {
  if (from === to) return { ok: true, text };
  if (!NAME.test(to)) return { ok: false, message: `"${to}" is not a usable node name: letters, digits, "_", "-" and "." only` };
  if (to.includes('.')) return { ok: false, message: 'a node name cannot hold "." (edges use it to separate node, type and key)' };
  const found = nodeIn(text, pipeline, from);
  if (!found.ok) return found;
  const { pipeline: p, node, data } = found.value;
  if (p.nodes.some((n) => n.name === to)) return { ok: false, message: `pipeline "${pipeline}" already has a node "${to}"` };
  let current = setKey(text, node.path, 'name', to);
  const renamed = (s: Socket): string => formatSocket(s.node === from ? { ...s, node: to } : s);
  for (const edge of p.edges) {
    if (edge.source.node !== from && edge.target.node !== from) continue;
    current = andThen(current, (t) => setEdgeEnds(t, data, edge, { source: renamed(edge.source), target: renamed(edge.target) }));
  }
  for (const parameter of p.parameters) {
    if (!parameter.targets.some((t) => t.startsWith(`${from}.`))) continue;
    const targets = parameter.targets.map((t) => (t.startsWith(`${from}.`) ? `${to}${t.slice(from.length)}` : t));
    const raw = valueAt(data, parameter.path) as Record<string, unknown>;
    current = andThen(current, (t) => ('targets' in raw ? setKey(t, parameter.path, 'targets', targets) : setKey(t, parameter.path, 'target', targets[0])));
  }
  return current;
}
