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
import { blueprintChildren } from '../../../shared/run/blueprint-children.ts';
import type { ChildValues } from '../../../shared/run/variants.ts';
import type { TaskBlueprint } from '../../../shared/valohai/model/task-blueprint.ts';
import { findByName, type ValohaiConfig } from '../../../shared/valohai/model/config.ts';
import { edgeKindOf, formatSocket, targetsParameter, type Edge as Edge_, type SocketType } from '../../../shared/valohai/model/edge.ts';
import type { PipelineNode } from '../../../shared/valohai/model/nodes/node.ts';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { handleId } from './handles.ts';

export interface Port {
  readonly id: string;
  readonly type: SocketType;
  readonly label: string;
  /** False for a port only an edge names: the node's step does not declare it (Valohai allows it; it likely does nothing). */
  readonly declared: boolean;
}

export interface CardData extends Record<string, unknown> {
  readonly pipeline: string;
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
// 100 px between columns: room for an edge label such as "max accuracy" between two cards.
const COLUMN = 340;
const ROW_GAP = 40;

/*
 * The card's geometry, fixed by styles.css (border-top 4, padding 8/6, header 14, name 20,
 * subtitle 16+4, parameter block 14+16 per row, port rows 18 after a 4px rule). Knowing it lets
 * the canvas place handles before a node is ever drawn, so a large pipeline draws only what is in
 * view instead of drawing every node once to measure it.
 */
const PORTS_TOP = 66;
/** The dependency handles sit on the header line, outside the port rows. */
export const DEPENDENCY = 'dependency:*';
const HEADER_MIDDLE = 19;
const PORT_ROW = 18;
const HANDLE = 10;

function portsTop(data: Pick<CardData, 'params'>): number {
  return PORTS_TOP + (data.params.length > 0 ? 14 + data.params.length * 16 : 0) + 4;
}

export function nodeHeight(data: Pick<CardData, 'targets' | 'sources' | 'params'>): number {
  return portsTop(data) + (data.targets.length + data.sources.length) * PORT_ROW + 7;
}

/** Where each handle sits on an undrawn card, as React Flow's `node.handles`. */
export function handlesOf(data: CardData): NonNullable<Node['handles']> {
  const top = portsTop(data);
  const row = (i: number): number => top + i * PORT_ROW + PORT_ROW / 2 - HANDLE / 2;
  return [
    { id: DEPENDENCY, type: 'target' as const, position: 'left' as const, x: 1 - HANDLE / 2, y: HEADER_MIDDLE - HANDLE / 2, width: HANDLE, height: HANDLE },
    { id: DEPENDENCY, type: 'source' as const, position: 'right' as const, x: NODE_WIDTH - 1 - HANDLE / 2, y: HEADER_MIDDLE - HANDLE / 2, width: HANDLE, height: HANDLE },
    ...data.targets.map((p, i) => ({ id: p.id, type: 'target' as const, position: 'left' as const, x: 1 - HANDLE / 2, y: row(i), width: HANDLE, height: HANDLE })),
    ...data.sources.map((p, i) => ({ id: p.id, type: 'source' as const, position: 'right' as const, x: NODE_WIDTH - 1 - HANDLE / 2, y: row(data.targets.length + i), width: HANDLE, height: HANDLE })),
  ] as NonNullable<Node['handles']>;
}

const show = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 10) : Array.isArray(value) ? value.map(show).join(', ') : String(value));

/** A task node's blueprint, as its card shows it, with the children it makes (made once per card). */
interface Sweep {
  readonly blueprint: TaskBlueprint;
  readonly children: readonly ChildValues[];
}

function sweepOf(config: ValohaiConfig, node: PipelineNode): Sweep | undefined {
  if (node.type !== 'task' || node.source.kind !== 'blueprint') return undefined;
  const blueprint = findByName(config.tasks, node.source.task);
  return blueprint && { blueprint, children: blueprintChildren(blueprint).children };
}

/** The values a task node's children take, per parameter its blueprint sweeps (none for other nodes). */
function sweptValues(sweep: Sweep | undefined): Map<string, unknown[]> {
  const swept = new Map<string, unknown[]>();
  if (!sweep || sweep.blueprint.type === 'distributed') return swept;
  for (const child of sweep.children) {
    for (const [name, value] of Object.entries(child)) swept.set(name, [...(swept.get(name) ?? []), value]);
  }
  return swept;
}

/** A swept parameter's values on a card: all of up to three; else the range and how many (0.001 … 0.1, 5 values). */
function sweptText(values: readonly unknown[]): string {
  const distinct = [...new Set(values.map(show))];
  if (distinct.length <= 3) return distinct.join(', ');
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const ends = numbers.length === values.length ? [show(Math.min(...numbers)), show(Math.max(...numbers))] : [distinct[0], distinct.at(-1)];
  return `${ends.join(' … ')}, ${distinct.length} values`;
}

/** What a node runs, as its card says it (`step train`, `task lr-sweep × 3 · grid search of lr`; without `sweep`, `task lr-sweep`). */
export function subtitleOf(node: PipelineNode, sweep: Sweep | undefined): string {
  if (node.type === 'deployment') return `deployment ${node.deployment}${node.endpoints.length ? ` · ${node.endpoints.join(', ')}` : ''}`;
  if (node.type === 'execution') return `step ${node.step}`;
  const source = node.source;
  if (source.kind === 'blueprint') {
    if (!sweep) return `task ${source.task}`;
    const { blueprint } = sweep;
    const count = sweep.children.length;
    if (blueprint.type === 'distributed') return `task ${source.task} · distributed, ${count} worker${count === 1 ? '' : 's'}`;
    const names = blueprint.parameters.map((p) => p.name).join(', ');
    return `task ${source.task} × ${count} · ${blueprint.type.replace('_', ' ')}${names ? ` of ${names}` : ''}`;
  }
  return source.kind === 'none' ? 'task (no step)' : `task of step ${source.step}`;
}

function portsOf(config: ValohaiConfig, edges: readonly Edge_[], node: PipelineNode): { targets: Port[]; sources: Port[] } {
  const targets: Port[] = [];
  const sources: Port[] = [];
  const step = stepOfNode(config, node);
  const add = (list: Port[], type: SocketType, key: string, label = key, declared = true): void => {
    const id = handleId(type, key);
    if (!list.some((p) => p.id === id)) list.push({ id, type, label, declared });
  };
  /** Whether the node's step has the input, parameter or variable an edge names (other ports need no declaring). */
  const declares = (type: SocketType, key: string): boolean => {
    const items = type === 'input' ? step?.inputs : type === 'parameter' ? step?.parameters : type === 'environment-variable' ? step?.environmentVariables : undefined;
    return items === undefined || items.some((item) => item.name === key);
  };
  if (node.type === 'deployment') {
    for (const name of node.endpoints) for (const file of findByName(config.endpoints, name)?.files ?? []) add(targets, 'file', `${name}.${file.name}`);
  } else if (step) {
    for (const input of step.inputs) add(targets, 'input', input.name);
    for (const parameter of step.parameters) add(targets, 'parameter', parameter.name);
    for (const env of step.environmentVariables) add(targets, 'environment-variable', env.name);
  }
  for (const edge of edges) {
    const isGenericDependency = (type: SocketType, key: string): boolean => handleId(type, key) === DEPENDENCY;
    if (edge.target.node === node.name && !isGenericDependency(edge.target.type, edge.target.key)) add(targets, edge.target.type, edge.target.key, edge.target.key, declares(edge.target.type, edge.target.key));
    if (edge.source.node === node.name && !isGenericDependency(edge.source.type, edge.source.key)) add(sources, edge.source.type, edge.source.key, edge.source.key, declares(edge.source.type, edge.source.key));
  }
  if (node.type === 'deployment') add(sources, 'deployment', 'version', 'deployment data');
  else {
    add(sources, 'output', '*', 'outputs (any file)');
    add(sources, 'metadata', '', 'metadata');
  }
  return { targets, sources };
}

function cardOf(config: ValohaiConfig, pipeline: Pipeline, node: PipelineNode, edges: readonly Edge_[], diagnostics: readonly Diagnostic[]): CardData {
  const step = stepOfNode(config, node);
  const override = node.type === 'deployment' ? undefined : node.override;
  const sweep = sweepOf(config, node);
  const swept = sweptValues(sweep);
  // A sweep's own parameters first: they are what sets its children apart.
  const shown = [...(step?.parameters ?? [])].sort((a, b) => Number(swept.has(b.name)) - Number(swept.has(a.name)));
  const params = shown.slice(0, 3).map((p) => {
    // What a run gives it: a pipeline parameter aimed at it wins over a sweep's values, the node's override and the step's default.
    const fromPipeline = pipeline.parameters.find((pp) => pp.targets.some((t) => targetsParameter(t, node.name, p.name)));
    if (fromPipeline) return { name: p.name, value: fromPipeline.default === undefined ? `← ${fromPipeline.name}` : show(fromPipeline.default), overridden: true };
    const values = swept.get(p.name);
    if (values) return { name: p.name, value: sweptText(values), overridden: true };
    const over = override?.parameters.find((o) => o.name === p.name);
    const value = over?.default ?? p.default;
    return { name: p.name, value: value === undefined ? '—' : show(value), overridden: over !== undefined };
  });
  const mine = diagnostics.filter((d) => d.subject.kind === 'node' && d.subject.pipeline === pipeline.name && d.subject.node === node.name);
  return {
    pipeline: pipeline.name,
    kind: node.type,
    name: node.name,
    subtitle: subtitleOf(node, sweep),
    params,
    approval: node.actions.some((a) => a.then.includes('require-approval')),
    conditions: node.actions.filter((a) => a.if.length > 0).map((a) => `${a.if.join(' and ')} → ${a.then.join(', ')}`),
    errors: mine.filter((d) => d.severity === 'error').map((d) => d.message),
    warnings: mine.filter((d) => d.severity === 'warning').map((d) => d.message),
    ...portsOf(config, edges, node),
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
  // Each node's edges, found once (not by scanning every edge for every node).
  const touching = new Map<string, Edge_[]>();
  for (const edge of pipeline.edges) {
    for (const name of new Set([edge.source.node, edge.target.node])) {
      const list = touching.get(name);
      if (list) list.push(edge);
      else touching.set(name, [edge]);
    }
  }
  const nodeDiagnostics = diagnostics.filter((d) => d.subject.kind === 'node');
  const cards = new Map(pipeline.nodes.map((n) => [n.name, cardOf(config, pipeline, n, touching.get(n.name) ?? [], nodeDiagnostics)]));
  const saved = layout.pipelines[pipeline.name]?.nodes ?? {};
  const needsAuto = pipeline.nodes.some((n) => !saved[n.name]);
  const auto = needsAuto ? levelPositions(pipeline, new Map([...cards].map(([name, card]) => [name, nodeHeight(card)]))) : new Map<string, Position>();
  const nodes = pipeline.nodes.map(
    (n): CardNode => ({
      id: n.name,
      type: n.type,
      position: saved[n.name] ?? auto.get(n.name) ?? { x: 0, y: 0 },
      // Known sizes before measuring let a large canvas draw only what is in view from the start.
      initialWidth: NODE_WIDTH,
      initialHeight: nodeHeight(cards.get(n.name) as CardData),
      handles: handlesOf(cards.get(n.name) as CardData),
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
