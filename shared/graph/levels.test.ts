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
