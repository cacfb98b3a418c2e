import { describe, expect, it } from 'vitest';
import { argoSchemaProblems } from '../../../test-support/argo-schema.ts';
import { fixtureNames, readExample, readFixture } from '../../../test-support/fixtures.ts';
import { planRun, type PlanOptions } from '../../run/plan.ts';
import { importValohaiYaml } from '../../valohai/import.ts';
import { toArgoWorkflow, unexportable } from './workflow.ts';

type Fills = Record<string, Record<string, string[]>>;

/**
 * What a user would give on the command line for what the file leaves open (a parameter without a
 * value, an input without a default or with one outside the project), read from the plan's own
 * refusals: `--node-param NODE.NAME=1`, `--node-input NODE.NAME=https://…`.
 */
function fillsFor(problems: readonly string[]): { params: Fills; inputs: Fills } | null {
  const params: Fills = {};
  const inputs: Fills = {};
  for (const problem of problems) {
    const param = /^node "([^"]+)": parameter "([^"]+)" has no value/.exec(problem);
    const input = /^node "([^"]+)": input "([^"]+)" (has no default|defaults to)/.exec(problem);
    if (param?.[1] && param[2]) (params[param[1]] ??= {})[param[2]] = ['1'];
    else if (input?.[1] && input[2]) (inputs[input[1]] ??= {})[input[2]] = ['https://data.example.com/file.csv'];
    else return null; // a refusal no value given on the command line mends (a step the file does not define)
  }
  return { params, inputs };
}

interface Exported {
  readonly name: string;
  readonly problems: readonly string[];
}

/** Every pipeline of `text`, exported as a user would, with what its refusals ask for given. */
function exportAll(label: string, text: string): { exported: Exported[]; refused: string[] } {
  const { config } = importValohaiYaml(text);
  const exported: Exported[] = [];
  const refused: string[] = [];
  for (const pipeline of config.pipelines) {
    const name = `${label}: ${pipeline.name}`;
    const options: PlanOptions = { pipelineParams: {}, nodeParams: {}, unfetchable: unexportable };
    let planned = planRun(config, pipeline.name, options);
    if (!planned.ok) {
      const fills = fillsFor(planned.problems);
      if (fills) planned = planRun(config, pipeline.name, { ...options, nodeParams: fills.params, nodeInputs: fills.inputs });
    }
    if (!planned.ok) {
      refused.push(name);
      continue;
    }
    const { workflow } = toArgoWorkflow(planned.plan, { projectName: 'x', repository: 'https://git.example.com/x.git', revision: 'main' });
    exported.push({ name, problems: argoSchemaProblems(workflow) });
  }
  return { exported, refused };
}

describe("every pipeline of the upstream fixtures and the example project exports to a workflow Argo's published schema accepts", () => {
  const all = [...fixtureNames().map((name) => exportAll(name, readFixture(name))), exportAll('example project', readExample())];
  const exported = all.flatMap((one) => one.exported);

  it.each(exported.map((one) => [one.name, one] as const))('%s', (_, one) => {
    expect(one.problems).toEqual([]);
  });

  it('exports most of them: only those whose steps the file does not define are refused', () => {
    // (A node running a library step or another commit's step: nothing to export it from.)
    expect(all.flatMap((one) => one.refused).sort()).toEqual([
      'invalid-pipeline-with-override-example.yaml: My overriden input pipeline',
      'invalid-task-blueprint-reference.yaml: invalid-task-pipeline',
      'pipeline-with-different-commit.yaml: Commits Specified',
      'pipeline-with-different-commit.yaml: One Library Step, One Local Step',
    ]);
    expect(exported.length).toBeGreaterThanOrEqual(25);
  });
});
