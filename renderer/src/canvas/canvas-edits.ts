/**
 * Canvas gestures as document edits: deleting a selection, copying nodes (with the edges between
 * them) and pasting them into any pipeline under free names. Each composes shared/ edits into one
 * text → text change, so one gesture is one undo step.
 */
import type { Position } from '../../../shared/layout.ts';
import { removeEdge, removeNode } from '../../../shared/valohai/edit/document-edits.ts';
import { addNodeItem, nodeItem } from '../../../shared/valohai/edit/node-edits.ts';
import { andThen, appendItem, type EditResult } from '../../../shared/valohai/edit/yaml-splice.ts';
import { formatSocket } from '../../../shared/valohai/model/edge.ts';
import { importedOf } from '../store/imported.ts';
import { freeNodeName } from './names.ts';
import { findByName } from '../../../shared/valohai/model/config.ts';

export function deleteSelection(pipelineName: string, nodes: readonly string[], edgeIndexes: readonly number[]) {
  return (text: string): EditResult => {
    let current: EditResult = { ok: true, text };
    for (const index of [...edgeIndexes].sort((a, b) => b - a)) current = andThen(current, (t) => removeEdge(t, pipelineName, index));
    for (const name of nodes) current = andThen(current, (t) => removeNode(t, pipelineName, name));
    return current;
  };
}

export interface Clip {
  readonly items: readonly Record<string, unknown>[];
  /** Edges among the copied nodes, as [source, target, configuration?]. */
  readonly edges: readonly { readonly source: string; readonly target: string; readonly configuration?: Record<string, unknown> }[];
  readonly positions: Readonly<Record<string, Position>>;
}

export function copyNodes(text: string, pipelineName: string, names: readonly string[], positions: Readonly<Record<string, Position>>): Clip | undefined {
  const pipeline = findByName(importedOf(text).config.pipelines, pipelineName);
  if (!pipeline || names.length === 0) return undefined;
  const chosen = new Set(names);
  const items = names.flatMap((name) => {
    const item = nodeItem(text, pipelineName, name);
    return item ? [item] : [];
  });
  const edges = pipeline.edges
    .filter((e) => chosen.has(e.source.node) && chosen.has(e.target.node))
    .map((e) => ({ source: formatSocket(e.source), target: formatSocket(e.target), ...(e.form === 'long' && Object.keys(e.configuration).length ? { configuration: { ...e.configuration } } : {}) }));
  const kept: Record<string, Position> = {};
  for (const name of names) if (positions[name]) kept[name] = positions[name];
  return { items, edges, positions: kept };
}

/** Pastes a clip; returns the edit and the new names with their positions (offset from the originals). */
export function pasteNodes(text: string, pipelineName: string, clip: Clip): { edit: (text: string) => EditResult; placed: Record<string, Position> } {
  const pipeline = findByName(importedOf(text).config.pipelines, pipelineName);
  const taken = new Set(pipeline?.nodes.map((n) => n.name) ?? []);
  const renamed = new Map<string, string>();
  const placed: Record<string, Position> = {};
  for (const item of clip.items) {
    const from = String(item['name']);
    const to = freeNodeName(from, taken);
    taken.add(to);
    renamed.set(from, to);
    const at = clip.positions[from];
    if (at) placed[to] = { x: at.x + 60, y: at.y + 60 };
  }
  const rename = (socket: string): string => {
    const dot = socket.indexOf('.');
    return `${renamed.get(socket.slice(0, dot)) ?? socket.slice(0, dot)}${socket.slice(dot)}`;
  };
  const edit = (current: string): EditResult => {
    // Appending nodes and edges moves nothing before them: the pipeline's place is found once.
    const target = findByName(importedOf(current).config.pipelines, pipelineName);
    if (!target) return { ok: false, message: `no pipeline "${pipelineName}"` };
    const edgesPath = [...target.path, 'edges'];
    let next = current;
    for (const item of clip.items) {
      const result = addNodeItem(next, pipelineName, { ...item, name: renamed.get(String(item['name'])) });
      if (!result.ok) return result;
      next = result.text;
    }
    for (const edge of clip.edges) {
      const value = edge.configuration ? { source: rename(edge.source), target: rename(edge.target), configuration: edge.configuration } : [rename(edge.source), rename(edge.target)];
      const result = appendItem(next, edgesPath, value, edge.configuration ? {} : { flowItem: true });
      if (!result.ok) return result;
      next = result.text;
    }
    return { ok: true, text: next };
  };
  return { edit, placed };
}
