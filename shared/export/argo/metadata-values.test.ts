import { describe, expect, it } from 'vitest';
import { planRun } from '../../run/plan.ts';
import { importValohaiYaml } from '../../valohai/import.ts';
import { buildCommand, joinCommand } from '../../run/build-command.ts';
import { segmentsOf, withPlaceholders, type Feed } from './metadata-values.ts';
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
    // Each may be left out when null: its argument, the space before it included, goes with it.
    expect(spec.command.filter((s) => typeof s !== 'string')).toEqual(Array.from({ length: 12 }, (_, i) => ({ feed: i, quote: null, drop: [` --p${i}=`.length, 0] })));
  });

  it('knows what a null value leaves out around each place: its whole argument, quoted or not; nothing where the command writes the value itself', () => {
    const { config } = importValohaiYaml(`
- step:
    name: b
    image: x
    command: run {parameters} --then {parameter-value:p3}
    parameters:
      - {name: p0, type: string, pass-as: "--note '{v}'"}
      - {name: p1, type: string}
      - {name: the name, type: string}
      - {name: p3, type: string}
`);
    const step = config.steps[0];
    if (!step) throw new Error('no step');
    const feeds = [feed(0), feed(1), { ...feed(2), parameter: 'the name' }, feed(3)];
    const { command } = withPlaceholders({}, feeds, (values) => joinCommand(buildCommand(step, values)));
    // A pass-as that quotes its value (`--note '{v}'`: the argument `'value'`, shell-quoted whole) goes
    // with the quotes around the place; `p3`, also written by {parameter-value:p3}, cannot go.
    expect(command).toEqual([
      `run --note ''"'"'`,
      { feed: 0, quote: "'", drop: [` --note ''"'"'`.length, `'"'"''`.length] },
      `'"'"'' --p1=`,
      { feed: 1, quote: null, drop: [' --p1='.length, 0] },
      " '--the name=",
      { feed: 2, quote: "'", drop: [" '--the name=".length, 1] },
      "' --p3=",
      { feed: 3, quote: null },
      ' --then ',
      { feed: 3, quote: null },
    ]);
  });
});
