import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-support/fixtures.ts';
import { importValohaiYaml } from '../valohai/import.ts';
import { pipelineLevels } from './levels.ts';
import { pipelineToMermaid } from './mermaid.ts';

function pipeline(nodes: string[], edges: [string, string][]) {
  const yaml = [
    '- step: {name: s, image: x, command: c}',
    '- pipeline:',
    '    name: p',
    '    nodes:',
    ...nodes.map((n) => `      - {name: ${n}, type: execution, step: s}`),
    `    edges:${edges.length ? '' : ' []'}`,
    ...edges.map(([a, b]) => `      - [${a}, ${b}]`),
  ].join('\n');
  const result = importValohaiYaml(yaml);
  const found = result.config.pipelines[0];
  if (!found) throw new Error('no pipeline');
  return { pipeline: found, diagnostics: result.diagnostics };
}

describe('dependency levels', () => {
  it('puts nodes that can start together on one level, ordered by every edge kind', () => {
    const { pipeline: p } = pipeline(
      ['a', 'b', 'c', 'd', 'e'],
      [
        ['a.output.x', 'c.input.y'],
        ['b.dependency.*', 'c.dependency.*'],
        ['c.metadata.m', 'd.parameter.q'],
        ['a.environment-variable.E', 'e.environment-variable.E'],
      ],
    );
    expect(pipelineLevels(p)).toEqual({ levels: [['a', 'b'], ['c', 'e'], ['d']], cycles: [] });
  });

  it('finds a cycle, and leaves its nodes out of the levels', () => {
    const { pipeline: p, diagnostics } = pipeline(['a', 'b', 'c'], [['a.output.x', 'b.input.y'], ['b.output.x', 'c.input.y'], ['c.output.x', 'b.input.z']]);
    const { levels, cycles } = pipelineLevels(p);
    expect(levels).toEqual([['a']]);
    expect(cycles).toEqual([['b', 'c', 'b']]);
    expect(diagnostics.find((d) => d.code === 'pipeline-cycle')?.message).toContain('b → c → b');
  });

  it('reports each tangle once, a self-edge too, and leaves what lies below a cycle unplaced', () => {
    const { pipeline: p } = pipeline(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      [
        ['a.output.x', 'b.input.y'],
        ['b.output.x', 'a.input.y'],
        ['b.output.x', 'c.input.y'],
        ['c.output.x', 'd.input.y'],
        ['e.output.x', 'e.input.y'],
        ['f.output.x', 'g.input.y'],
      ],
    );
    expect(pipelineLevels(p)).toEqual({ levels: [['f'], ['g']], cycles: [['a', 'b', 'a'], ['e', 'e']] });
  });

  it('gives every graph the levels its definition gives: a level per round of nodes whose upstream is all placed', () => {
    // The definition, run as written (quadratic), against the linear-time algorithm on random graphs.
    const byDefinition = (nodes: string[], edges: [string, string][]): string[][] => {
      const levels: string[][] = [];
      const placed = new Set<string>();
      let remaining = nodes;
      for (;;) {
        const ready = remaining.filter((n) => edges.every(([a, b]) => b !== n || placed.has(a)));
        if (ready.length === 0) return levels;
        levels.push(ready);
        for (const n of ready) placed.add(n);
        remaining = remaining.filter((n) => !placed.has(n));
      }
    };
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 40; round += 1) {
      const nodes = Array.from({ length: 2 + Math.floor(random() * 14) }, (_, i) => `n${i}`);
      const edges: [string, string][] = [];
      for (let e = Math.floor(random() * nodes.length * 2); e > 0; e -= 1) {
        const a = Math.floor(random() * nodes.length);
        const b = Math.floor(random() * nodes.length);
        // Mostly forward (a DAG), now and then backward: cycles, and nodes stuck below them.
        if (a < b || random() < 0.05) edges.push([nodes[a] as string, nodes[b] as string]);
      }
      const { pipeline: p } = pipeline(nodes, edges.map(([a, b]) => [`${a}.output.x`, `${b}.input.y`]));
      const { levels, cycles } = pipelineLevels(p);
      expect(levels).toEqual(byDefinition(nodes, edges));
      expect(cycles.length > 0).toBe(levels.flat().length < nodes.length);
    }
  });

  it('reads the levels of the upstream fixtures with every edge kind', () => {
    const { config } = importValohaiYaml(readFixture('pipeline-edge-types-example.yaml'));
    const p = config.pipelines[0];
    if (!p) throw new Error('no pipeline');
    const { levels, cycles } = pipelineLevels(p);
    expect(cycles).toEqual([]);
    expect(levels.flat().sort()).toEqual(p.nodes.map((n) => n.name).sort());
    expect(levels.length).toBeGreaterThan(1);
  });

  it('draws a Mermaid flowchart with one line per node and edge', () => {
    const { pipeline: p } = pipeline(['a', 'b'], [['a.output.model.pb', 'b.input.model']]);
    expect(pipelineToMermaid(p)).toBe(
      'flowchart LR\n  n0["a<br/><small>execution</small>"]\n  n1["b<br/><small>execution</small>"]\n  n0 -->|"output:model.pb → input:model"| n1\n',
    );
  });
});
