/**
 * What the YAML editor offers as the name being typed where the file names something it defines:
 * a node's `step:` or `task:`, and an edge's ends (`node.type.key`, one part at a time: the
 * pipeline's nodes, then the socket types that end may have, then the names the node's step
 * declares). The schema's own completions (monaco-yaml) cover the keys; these cover the names.
 */
import { portsOf } from '../../../shared/graph/ports.ts';
import { findByName, lastOfEachName, type ValohaiConfig } from '../../../shared/valohai/model/config.ts';
import type { PipelineNode } from '../../../shared/valohai/model/nodes/node.ts';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';

export interface Suggestion {
  readonly label: string;
  readonly detail: string;
  /** Whether choosing it leaves more to pick (`node.`, `output.`): the next list is opened. */
  readonly more: boolean;
}

/** The word being typed (replaced by the choice) and what may complete it; undefined where nothing is offered. */
export interface Suggestions {
  readonly word: string;
  readonly items: readonly Suggestion[];
}

const SOURCE_TYPES = ['output', 'input', 'parameter', 'metadata', 'deployment'] as const;
const TARGET_TYPES = ['input', 'parameter', 'environment-variable', 'file'] as const;

/** The name of the pipeline the text before the cursor is inside, if any: its `name:` after the last `- pipeline:`. */
function pipelineAt(before: string): string | undefined {
  const start = Math.max(before.lastIndexOf('\n- pipeline:'), before.startsWith('- pipeline:') ? 0 : -1);
  if (start < 0) return undefined;
  return /\n\s+name:\s*["']?([^"'\n#]+?)["']?\s*(?:#.*)?\n/.exec(before.slice(start + 1))?.[1];
}

function nodeSuggestions(nodes: readonly PipelineNode[], word: string): Suggestions {
  return { word, items: nodes.map((n) => ({ label: `${n.name}.`, detail: n.type === 'execution' ? `step ${n.step}` : `${n.type} node`, more: true })) };
}

function socketSuggestions(config: ValohaiConfig, pipeline: Pipeline, written: string, role: 'source' | 'target'): Suggestions {
  const nodes = pipeline.nodes;
  const [name = '', type, ...rest] = written.split('.');
  if (type === undefined) return nodeSuggestions(nodes, written);
  const node = nodes.find((n) => n.name === name);
  if (!node) return { word: written, items: [] };
  if (rest.length === 0) {
    const types = (role === 'source' ? SOURCE_TYPES : TARGET_TYPES).filter((t) => (node.type === 'deployment') === (t === 'file' || t === 'deployment'));
    return { word: type, items: types.map((t) => ({ label: t === 'metadata' ? 'metadata.' : `${t}.`, detail: role === 'source' ? `what ${node.name} gives` : `what ${node.name} takes`, more: true })) };
  }
  const ports = portsOf(config, node);
  if (!ports.known) return { word: rest.join('.'), items: [] };
  // A step seldom declares its outputs: the names its other edges take them by count as well.
  const passed = pipeline.edges.filter((e) => e.source.node === node.name && e.source.type === 'output').map((e) => e.source.key);
  const names: Record<string, readonly string[]> = {
    output: [...new Set([...ports.outputs, ...passed, '*'])],
    input: ports.inputs,
    parameter: ports.parameters,
    'environment-variable': ports.environmentVariables,
    file: ports.files,
  };
  return { word: rest.join('.'), items: (names[type] ?? []).map((key) => ({ label: key, detail: key === '*' ? 'every file it writes' : `${type} of ${node.name}`, more: false })) };
}

/**
 * What to offer at the cursor: `line` is its line up to the cursor, `before` the whole text up to
 * it (for the pipeline it is in).
 */
export function suggestionsAt(config: ValohaiConfig, line: string, before: string): Suggestions | undefined {
  // A node's step or task, in a block (`    step: `) or in a flow map (`{name: a, type: execution, step: `).
  const step = /^\s+(?:-\s+)?step:\s*([^\s#'"]*)$/.exec(line) ?? /[{,]\s*step:\s*([^\s#'",{}]*)$/.exec(line);
  if (step) return { word: step[1] ?? '', items: lastOfEachName(config.steps).kept.map((s) => ({ label: s.name, detail: s.image ?? 'step', more: false })) };
  const task = /^\s+(?:-\s+)?task:\s*([^\s#'"]*)$/.exec(line) ?? /[{,]\s*task:\s*([^\s#'",{}]*)$/.exec(line);
  if (task) return { word: task[1] ?? '', items: lastOfEachName(config.tasks).kept.map((t) => ({ label: t.name, detail: `${t.type.replace('_', ' ')} of ${t.step}`, more: false })) };
  const pipeline = findByName(config.pipelines, pipelineAt(before));
  if (!pipeline) return undefined;
  const first = /^\s*-\s*\[\s*([\w.*-]*)$/.exec(line);
  const second = /^\s*-\s*\[\s*[^\],\s]+\s*,\s*([\w.*-]*)$/.exec(line);
  const keyed = /^\s*(?:-\s+)?(source|target):\s*([\w.*-]*)$/.exec(line);
  if (first) return socketSuggestions(config, pipeline, first[1] ?? '', 'source');
  if (second) return socketSuggestions(config, pipeline, second[1] ?? '', 'target');
  if (keyed) return socketSuggestions(config, pipeline, keyed[2] ?? '', keyed[1] === 'source' ? 'source' : 'target');
  // A pipeline parameter's targets: node.parameter.name.
  const target = /^\s*(?:-\s+)?targets?:\s*\[?\s*(?:[^\],\s]+\s*,\s*)*([\w.*-]*)$/.exec(line);
  if (target) {
    const found = socketSuggestions(config, pipeline, target[1] ?? '', 'target');
    return (target[1] ?? '').split('.').length === 2 ? { ...found, items: found.items.filter((i) => i.label === 'parameter.') } : found;
  }
  return undefined;
}
