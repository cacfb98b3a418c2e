/**
 * The canvas's view of one pipeline: React Flow nodes (ids are the pipeline's node names) and
 * edges (ids `e<index>`), built from the imported model, the saved layout and the diagnostics.
 * Pure data, so it is tested without a browser.
 */
import type { Edge, Node } from '@xyflow/react';
import { pipelineLevels } from '../../../shared/graph/levels.ts';
import { stepOfNode } from '../../../shared/graph/ports.ts';
import type { Layout, Position } from '../../../shared/layout.ts';
import type { Diagnostic } from '../../../shared/valohai/diagnostic.ts';
import { findByName, type ValohaiConfig } from '../../../shared/valohai/model/config.ts';
import { edgeKindOf, formatSocket, type SocketType } from '../../../shared/valohai/model/edge.ts';
import type { PipelineNode } from '../../../shared/valohai/model/nodes/node.ts';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { handleId } from './handles.ts';

export interface Port {
  readonly id: string;
  readonly type: SocketType;
  readonly label: string;
}

export interface CardData extends Record<string, unknown> {
  readonly kind: PipelineNode['type'];
  readonly name: string;
  readonly subtitle: string;
  readonly params: readonly { readonly name: string; readonly value: string; readonly overridden: boolean }[];
  readonly approval: boolean;
  readonly conditions: readonly string[];
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly targets: readonly Port[];
  readonly sources: readonly Port[];
}

export type CardNode = Node<CardData>;

export const NODE_WIDTH = 240;
const COLUMN = 300;
const ROW_GAP = 40;

export function nodeHeight(data: Pick<CardData, 'targets' | 'sources' | 'params'>): number {
  return 78 + Math.min(data.params.length, 3) * 16 + (data.targets.length + data.sources.length) * 18;
}

const show = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 10) : Array.isArray(value) ? value.map(show).join(', ') : String(value));

function subtitleOf(config: ValohaiConfig, node: PipelineNode): string {
  if (node.type === 'deployment') return `deployment ${node.deployment}${node.endpoints.length ? ` · ${node.endpoints.join(', ')}` : ''}`;
  if (node.type === 'execution') return `step ${node.step}`;
  const source = node.source;
  if (source.kind === 'blueprint') {
    const blueprint = findByName(config.tasks, source.task);
    const sweep = blueprint?.parameters.map((p) => p.name).join(', ');
    return `task ${source.task}${blueprint ? ` · ${blueprint.type.replace('_', ' ')}${sweep ? ` of ${sweep}` : ''}` : ''}`;
  }
  return source.kind === 'none' ? 'task (no step)' : `task of step ${source.step}`;
}

function portsOf(config: ValohaiConfig, pipeline: Pipeline, node: PipelineNode): { targets: Port[]; sources: Port[] } {
  const targets: Port[] = [];
  const sources: Port[] = [];
  const add = (list: Port[], type: SocketType, key: string, label = key): void => {
    const id = handleId(type, key);
    if (!list.some((p) => p.id === id)) list.push({ id, type, label });
  };
  const step = stepOfNode(config, node);
  if (node.type === 'deployment') {
    for (const name of node.endpoints) for (const file of findByName(config.endpoints, name)?.files ?? []) add(targets, 'file', `${name}.${file.name}`);
  } else if (step) {
    for (const input of step.inputs) add(targets, 'input', input.name);
    for (const parameter of step.parameters) add(targets, 'parameter', parameter.name);
    for (const env of step.environmentVariables) add(targets, 'environment-variable', env.name);
  }
  for (const edge of pipeline.edges) {
    if (edge.target.node === node.name) add(targets, edge.target.type, edge.target.key);
    if (edge.source.node === node.name) add(sources, edge.source.type, edge.source.key);
  }
  if (node.type === 'deployment') add(sources, 'deployment', 'version', 'deployment data');
  else {
    add(sources, 'output', '*', 'outputs (any file)');
    add(sources, 'metadata', '', 'metadata');
  }
  return { targets, sources };
}

function cardOf(config: ValohaiConfig, pipeline: Pipeline, node: PipelineNode, diagnostics: readonly Diagnostic[]): CardData {
  const step = stepOfNode(config, node);
  const override = node.type === 'deployment' ? undefined : node.override;
  const params = (step?.parameters ?? []).slice(0, 3).map((p) => {
    const over = override?.parameters.find((o) => o.name === p.name);
    const value = over?.default ?? p.default;
    return { name: p.name, value: value === undefined ? '—' : show(value), overridden: over !== undefined };
  });
  const mine = diagnostics.filter((d) => d.subject.kind === 'node' && d.subject.pipeline === pipeline.name && d.subject.node === node.name);
  return {
    kind: node.type,
    name: node.name,
    subtitle: subtitleOf(config, node),
    params,
    approval: node.actions.some((a) => a.then.includes('require-approval')),
    conditions: node.actions.filter((a) => a.if.length > 0).map((a) => `${a.if.join(' and ')} → ${a.then.join(', ')}`),
    errors: mine.filter((d) => d.severity === 'error').map((d) => d.message),
    warnings: mine.filter((d) => d.severity === 'warning').map((d) => d.message),
    ...portsOf(config, pipeline, node),
  };
}

/** Positions for nodes the layout does not place: columns by dependency level. */
export function levelPositions(pipeline: Pipeline, heights: ReadonlyMap<string, number>): Map<string, Position> {
  const positions = new Map<string, Position>();
  const { levels } = pipelineLevels(pipeline);
  levels.forEach((level, column) => {
    let y = 0;
    for (const name of level) {
      positions.set(name, { x: column * COLUMN, y });
      y += (heights.get(name) ?? 120) + ROW_GAP;
    }
  });
  return positions;
}

export function flowOf(config: ValohaiConfig, pipeline: Pipeline, layout: Layout, diagnostics: readonly Diagnostic[]): { nodes: CardNode[]; edges: Edge[] } {
  const cards = new Map(pipeline.nodes.map((n) => [n.name, cardOf(config, pipeline, n, diagnostics)]));
  const saved = layout.pipelines[pipeline.name]?.nodes ?? {};
  const needsAuto = pipeline.nodes.some((n) => !saved[n.name]);
  const auto = needsAuto ? levelPositions(pipeline, new Map([...cards].map(([name, card]) => [name, nodeHeight(card)]))) : new Map<string, Position>();
  const nodes = pipeline.nodes.map(
    (n): CardNode => ({
      id: n.name,
      type: n.type,
      position: saved[n.name] ?? auto.get(n.name) ?? { x: 0, y: 0 },
      data: cards.get(n.name) as CardData,
    }),
  );
  const edgeProblems = new Set(diagnostics.flatMap((d) => (d.subject.kind === 'edge' && d.subject.pipeline === pipeline.name && d.severity === 'error' ? [d.subject.edgeIndex] : [])));
  const names = new Set(pipeline.nodes.map((n) => n.name));
  const edges = pipeline.edges
    .filter((e) => names.has(e.source.node) && names.has(e.target.node))
    .map((e): Edge => {
      const kind = edgeKindOf(e.source.type, e.target.type) ?? 'unknown';
      const config = e.form === 'long' ? e.configuration : {};
      const pick = typeof config['pick'] === 'string' && typeof config['by'] === 'string' ? `${config['pick']} ${config['by']}` : undefined;
      return {
        id: `e${e.index}`,
        source: e.source.node,
        target: e.target.node,
        sourceHandle: handleId(e.source.type, e.source.key),
        targetHandle: handleId(e.target.type, e.target.key),
        className: `edge-kind-${kind.replace('->', '-to-')}${edgeProblems.has(e.index) ? ' edge-error' : ''}`,
        ariaLabel: `${formatSocket(e.source)} → ${formatSocket(e.target)}`,
        ...(pick ? { label: pick } : {}),
        data: { index: e.index },
      };
    });
  return { nodes, edges };
}
