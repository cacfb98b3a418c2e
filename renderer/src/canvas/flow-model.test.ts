import { describe, expect, it } from 'vitest';
import { fixtureNames, readExample, readFixture } from '../../../test-support/fixtures.ts';
import { EMPTY_LAYOUT, withNodePosition } from '../../../shared/layout.ts';
import { importValohaiYaml } from '../../../shared/valohai/import.ts';
import { flowOf, handlesOf, nodeHeight } from './flow-model.ts';
import { socketsFor, verdictFor } from './handles.ts';

const example = readExample();

function flowFor(text: string, layout = EMPTY_LAYOUT) {
  const { config, diagnostics } = importValohaiYaml(text);
  const pipeline = config.pipelines[0]!;
  return { pipeline, ...flowOf(config, pipeline, layout, diagnostics) };
}

describe('the canvas view of a pipeline', () => {
  it('has one node per pipeline node, named as in the file, with its kind and typed ports', () => {
    const { nodes } = flowFor(example);
    expect(nodes.map((n) => [n.id, n.type])).toEqual([['preprocess', 'execution'], ['sweep', 'task'], ['evaluate', 'execution'], ['publish', 'execution']]);
    const evaluate = nodes.find((n) => n.id === 'evaluate')!.data;
    expect(evaluate.targets.map((p) => p.id)).toEqual(['input:model', 'input:dataset', 'parameter:threshold']);
    expect(evaluate.sources.map((p) => p.id)).toEqual(['output:model*', 'output:report.png', 'output:*', 'metadata:']);
    expect(evaluate.conditions).toEqual(['metadata.accuracy < 0.6 → stop-pipeline']);
    expect(nodes.find((n) => n.id === 'publish')!.data.approval).toBe(true);
    expect(nodes.find((n) => n.id === 'sweep')!.data.subtitle).toBe('task lr-sweep × 3 · grid search of learning_rate');
  });

  it('marks a port only an edge names, which the step does not declare, and no other', () => {
    const { nodes } = flowFor(`
- step: {name: a, image: x, command: run, parameters: [{name: out, default: o}]}
- step: {name: b, image: x, command: run, parameters: [{name: data, default: d}], inputs: [{name: model}]}
- pipeline:
    name: p
    nodes: [{name: a, type: execution, step: a}, {name: b, type: execution, step: b}]
    edges:
      - [a.parameter.out, b.parameter.data_file]
      - [a.parameter.missing, b.parameter.data]
      - [a.output.m*, b.input.modle]
`);
    const ports = (name: string, side: 'targets' | 'sources') => nodes.find((n) => n.id === name)!.data[side].map((p) => `${p.id}${p.declared ? '' : ' (undeclared)'}`);
    expect(ports('b', 'targets')).toEqual(['input:model', 'parameter:data', 'parameter:data_file (undeclared)', 'input:modle (undeclared)']);
    expect(ports('a', 'sources')).toEqual(['parameter:out', 'parameter:missing (undeclared)', 'output:m*', 'output:*', 'metadata:']);
  });

  it("says on a task's card how many executions its blueprint's type makes", () => {
    const { nodes } = flowFor(`
- step: {name: s, image: x, command: run, parameters: [{name: lr, type: float, default: 0.1}]}
- task: {name: r, step: s, type: random_search, execution-count: 12, parameters: [{name: lr, style: random, rules: {min: 0, max: 1}}]}
- task: {name: d, step: s, type: distributed, execution-count: 4, parameters: []}
- pipeline:
    name: p
    nodes: [{name: search, type: task, task: r}, {name: group, type: task, task: d}]
    edges: []
`);
    expect(nodes.map((n) => n.data.subtitle)).toEqual(['task r × 12 · random search of lr', 'task d · distributed, 4 workers']);
  });

  it("shows on a task's card the values its children take, not the step's default, its swept parameters first", () => {
    const { nodes } = flowFor(`
- step: {name: s, image: x, command: run, parameters: [{name: epochs, type: integer, default: 5}, {name: lr, type: float, default: 0.1}, {name: opt, type: string, default: sgd}]}
- task: {name: g, step: s, parameters: [{name: lr, style: multiple, rules: {items: [0.001, 0.01, 0.1]}}, {name: opt, style: multiple, rules: {items: [sgd, adam]}}]}
- task: {name: l, step: s, parameters: [{name: epochs, style: linear, rules: {start: 10, end: 50, step: 10}}]}
- pipeline:
    name: p
    nodes: [{name: grid, type: task, task: g}, {name: line, type: task, task: l}]
    edges: []
`);
    expect(nodes[0]?.data.params).toEqual([
      { name: 'lr', value: '0.001, 0.01, 0.1', overridden: true },
      { name: 'opt', value: 'sgd, adam', overridden: true },
      { name: 'epochs', value: '5', overridden: false },
    ]);
    expect(nodes[1]?.data.params[0]).toEqual({ name: 'epochs', value: '10 … 50, 5 values', overridden: true });
  });

  it("shows on a card the value a run gives a parameter: a pipeline parameter's over the step's default", () => {
    const { nodes } = flowFor(`
- step: {name: s, image: x, command: run, parameters: [{name: names, type: string, default: a}, {name: k, type: integer, default: 1}, {name: free, type: string, default: z}]}
- pipeline:
    name: p
    parameters:
      - {name: which, targets: [n.parameter.names], default: [b, c]}
      - {name: count, target: n.parameter.k}
    nodes: [{name: n, type: execution, step: s}]
    edges: []
`);
    expect(nodes[0]?.data.params).toEqual([
      { name: 'names', value: 'b, c', overridden: true },
      { name: 'k', value: '← count', overridden: true },
      { name: 'free', value: 'z', overridden: false },
    ]);
  });

  it('maps each edge to its two handles, styled by kind, with the pick configuration as label', () => {
    const { edges } = flowFor(example);
    expect(edges[2]).toMatchObject({ source: 'sweep', target: 'evaluate', sourceHandle: 'output:model*', targetHandle: 'input:model', className: 'edge-kind-output-to-input', label: 'max accuracy' });
  });

  it('places unplaced nodes in columns by dependency level and keeps saved places', () => {
    const { nodes } = flowFor(example, withNodePosition(EMPTY_LAYOUT, 'train-and-ship', 'publish', { x: 5, y: 7 }));
    const x = Object.fromEntries(nodes.map((n) => [n.id, n.position.x]));
    expect(x['preprocess']).toBeLessThan(x['sweep']!);
    expect(x['sweep']).toBeLessThan(x['evaluate']!);
    expect(nodes.find((n) => n.id === 'publish')!.position).toEqual({ x: 5, y: 7 });
  });

  it('puts a broken reference on its node', () => {
    const { nodes } = flowFor(example.replace('step: publish\n        actions', 'step: publish-gone\n        actions'));
    expect(nodes.find((n) => n.id === 'publish')!.data.errors.join()).toContain('publish-gone');
  });

  it('knows where every handle sits before a node is drawn, inside the card', () => {
    const { nodes } = flowFor(example);
    for (const node of nodes) {
      const handles = handlesOf(node.data);
      expect(handles).toHaveLength(node.data.targets.length + node.data.sources.length + 2);
      for (const h of handles) expect(h.y + (h.height ?? 0)).toBeLessThan(nodeHeight(node.data));
    }
  });
});

describe('connecting on the canvas', () => {
  const types = (name: string) => (name === 'deploy' ? 'deployment' : 'execution') as 'execution' | 'deployment';

  it('refuses metadata into an input with the reason, and a node into itself', () => {
    expect(verdictFor({ source: 'a', target: 'b', sourceHandle: 'metadata:', targetHandle: 'input:model' }, types)).toEqual({
      ok: false,
      reason: 'metadata → input makes no sense: an input takes files: from an output or another input',
    });
    expect(verdictFor({ source: 'a', target: 'a', sourceHandle: 'output:*', targetHandle: 'input:x' }, types)).toEqual({ ok: false, reason: 'a node cannot feed itself' });
  });

  it('writes a generic metadata handle with the target parameter as key, and outputs as a glob', () => {
    expect(socketsFor({ source: 'a', target: 'b', sourceHandle: 'metadata:', targetHandle: 'parameter:lr' })).toEqual({ source: 'a.metadata.lr', target: 'b.parameter.lr' });
    expect(socketsFor({ source: 'a', target: 'b', sourceHandle: 'output:*', targetHandle: 'input:data' })).toEqual({ source: 'a.output.*', target: 'b.input.data' });
  });
});

describe('every upstream fixture on the canvas', () => {
  const names = fixtureNames();
  it.each(names)('%s: each pipeline draws, and every edge has both its handles', (name) => {
    const { config, diagnostics } = importValohaiYaml(readFixture(name));
    for (const pipeline of config.pipelines) {
      const { nodes, edges } = flowOf(config, pipeline, EMPTY_LAYOUT, diagnostics);
      expect(nodes.map((n) => n.id)).toEqual(pipeline.nodes.map((n) => n.name));
      const handles = new Map(nodes.map((n) => [n.id, handlesOf(n.data)]));
      for (const edge of edges) {
        expect(handles.get(edge.source)?.some((h) => h.type === 'source' && h.id === edge.sourceHandle), `${edge.ariaLabel} source`).toBe(true);
        expect(handles.get(edge.target)?.some((h) => h.type === 'target' && h.id === edge.targetHandle), `${edge.ariaLabel} target`).toBe(true);
      }
    }
  });
});
