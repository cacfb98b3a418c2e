import { describe, expect, it } from 'vitest';
import { planRun } from '../../run/plan.ts';
import { importValohaiYaml } from '../../valohai/import.ts';
import { segmentsOf, type Feed } from './metadata-values.ts';
import { toArgoWorkflow, unexportable } from './workflow.ts';

const feed = (i: number): Feed => ({ placeholder: `pipewright-metadata-value-${i}.`, from: { kind: 'execution', node: 'a' }, what: 'metadata', key: `k${i}`, parameter: `p${i}`, type: 'string', own: undefined });

describe("the values pod's command", () => {
  it('is cut at each placeholder with the quotes it lies in', () => {
    const feeds = [feed(0), feed(1)];
    expect(segmentsOf(`run --a=${feeds[0]?.placeholder} '--b c=${feeds[1]?.placeholder}' "x ${feeds[0]?.placeholder}"`, feeds)).toEqual([
      'run --a=',
      { feed: 0, quote: null },
      " '--b c=",
      { feed: 1, quote: "'" },
      `' "x `,
      { feed: 0, quote: '"' },
      '"',
    ]);
  });

  it('tells the eleventh placeholder from the second (neither begins the other)', () => {
    const yaml = `
- step:
    name: a
    image: x
    command: echo v
- step:
    name: b
    image: x
    command: echo {parameters}
    parameters: [${Array.from({ length: 12 }, (_, i) => `{name: p${i}, type: integer, default: 0}`).join(', ')}]
- pipeline:
    name: p
    nodes: [{name: a, type: execution, step: a}, {name: b, type: execution, step: b}]
    edges: [${Array.from({ length: 12 }, (_, i) => `[a.metadata.v, b.parameter.p${i}]`).join(', ')}]
`;
    const planned = planRun(importValohaiYaml(yaml).config, 'p', { pipelineParams: {}, nodeParams: {}, unfetchable: unexportable });
    if (!planned.ok) throw new Error(planned.problems.join('\n'));
    const { workflow } = toArgoWorkflow(planned.plan, { projectName: 'x', repository: 'https://git.example.com/x.git', revision: 'main' });
    const values = (workflow as { spec: { templates: { name: string; container?: { command: string[] } }[] } }).spec.templates.find((t) => t.name === 'b-values-step');
    const spec = JSON.parse(values?.container?.command[3] ?? '{}') as { command: unknown[] };
    expect(spec.command.filter((s) => typeof s !== 'string')).toEqual(Array.from({ length: 12 }, (_, i) => ({ feed: i, quote: null })));
  });
});
