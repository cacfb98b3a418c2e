import { assertArgoWorkflow } from '../../../test-support/argo-schema.ts';
import { describe, expect, it } from 'vitest';
import { planRun } from '../../run/plan.ts';
import { importValohaiYaml } from '../../valohai/import.ts';
import { argoName, NameTable } from './argo-names.ts';
import { toArgoWorkflow, unexportable } from './workflow.ts';

function exportOf(yaml: string) {
  const planned = planRun(importValohaiYaml(yaml).config, 'p', { pipelineParams: {}, nodeParams: {}, unfetchable: unexportable });
  if (!planned.ok) throw new Error(planned.problems.join('\n'));
  const result = toArgoWorkflow(planned.plan, { projectName: 'x', repository: 'https://git.example.com/x.git', revision: 'main' });
  assertArgoWorkflow(result.workflow);
  return result as { workflow: { spec: { templates: { inputs?: { artifacts?: unknown[] } }[] } }; warnings: readonly string[] };
}

describe('Argo export', () => {
  it('downloads s3, gs, azure and http(s) defaults as artifacts named after the file', () => {
    const { workflow } = exportOf(`
- step: {name: a, image: x, command: ls, inputs: [{name: d, default: ["s3://bkt/data/x.csv", "gs://g/y.csv", "https://e.com/z.csv?sig=1", "azure://acct/cont/w/v.csv"]}]}
- pipeline: {name: p, nodes: [{name: a, type: execution, step: a}], edges: []}
`);
    expect(workflow.spec.templates[1]?.inputs?.artifacts?.slice(1)).toEqual([
      { name: 'in-d-0', path: '/valohai/inputs/d/x.csv', s3: { endpoint: 's3.amazonaws.com', bucket: 'bkt', key: 'data/x.csv' } },
      { name: 'in-d-1', path: '/valohai/inputs/d/y.csv', gcs: { bucket: 'g', key: 'y.csv' } },
      { name: 'in-d-2', path: '/valohai/inputs/d/z.csv', http: { url: 'https://e.com/z.csv?sig=1' } },
      { name: 'in-d-3', path: '/valohai/inputs/d/v.csv', azure: { endpoint: 'https://acct.blob.core.windows.net', container: 'cont', blob: 'w/v.csv' } },
    ]);
  });

  it("fills an input URL's {parameter:NAME} with the node's value, and with each child's own where a task's children differ in it", () => {
    const { workflow, warnings } = exportOf(`
- step: {name: a, image: x, command: ls, parameters: [{name: v, type: string, default: v1}], inputs: [{name: d, default: "s3://bkt/{parameter:v}/x.csv"}]}
- task: {name: t, step: a, parameters: [{name: v, style: multiple, rules: {items: [v2, v3]}}]}
- pipeline: {name: p, nodes: [{name: a, type: execution, step: a}, {name: s, type: task, task: t}], edges: []}
`);
    const spec = workflow.spec as unknown as { templates: { name: string; inputs?: { parameters?: { name: string }[]; artifacts?: unknown[] }; dag?: { tasks: { name: string; arguments: { parameters: { name: string; value: string }[] } }[] } }[] };
    const template = (name: string) => spec.templates.find((t) => t.name === name);
    expect(template('a-step')?.inputs?.artifacts?.[1]).toMatchObject({ s3: { bucket: 'bkt', key: 'v1/x.csv' } });
    // The sweep's children share a template whose artifact takes its key from each child's task (s3://bkt/v2/x.csv, s3://bkt/v3/x.csv).
    expect(template('s-step')?.inputs?.artifacts?.[1]).toEqual({ name: 'in-d-0', path: '/valohai/inputs/d/x.csv', s3: { endpoint: 's3.amazonaws.com', bucket: 'bkt', key: '{{inputs.parameters.in-d-0-key}}' } });
    expect(template('s-step')?.inputs?.parameters?.map((p) => p.name)).toContain('in-d-0-key');
    const given = (task: string) => spec.templates[0]?.dag?.tasks.find((t) => t.name === task)?.arguments.parameters.find((p) => p.name === 'in-d-0-key')?.value;
    expect([given('s-0'), given('s-1')]).toEqual(['v2/x.csv', 'v3/x.csv']);
    expect(warnings).toEqual([]);
    // A list from a pipeline parameter spreads a task too, and the file's name may differ: each child its own.
    const listed = exportOf(`
- step: {name: a, image: x, command: ls, parameters: [{name: v, type: string, default: v1}], inputs: [{name: d, default: "https://h.example/{parameter:v}.csv"}]}
- pipeline: {name: p, parameters: [{name: v, target: s.parameter.v, default: [fold1, fold2]}], nodes: [{name: s, type: task, step: a}], edges: []}
`);
    const listedSpec = listed.workflow.spec as unknown as typeof spec;
    expect(listedSpec.templates.find((t) => t.name === 's-step')?.inputs?.artifacts?.[1]).toEqual({ name: 'in-d-0', path: '/valohai/inputs/d/{{inputs.parameters.in-d-0-file}}', http: { url: '{{inputs.parameters.in-d-0-url}}' } });
    expect(listedSpec.templates[0]?.dag?.tasks.map((t) => t.arguments.parameters.filter((p) => p.name.startsWith('in-d-0')).map((p) => p.value))).toEqual([
      ['https://h.example/fold1.csv', 'fold1.csv'],
      ['https://h.example/fold2.csv', 'fold2.csv'],
    ]);
    expect(listed.warnings).toEqual([]);
    // A wildcard's bucket folder too: each child fetches its own folder and takes its own pattern's matches there.
    const matched = exportOf(`
- step: {name: a, image: x, command: ls, parameters: [{name: v, type: string, default: v1}], inputs: [{name: d, default: "s3://bkt/{parameter:v}/*.csv"}]}
- pipeline: {name: p, parameters: [{name: v, target: s.parameter.v, default: [v2, v3]}], nodes: [{name: s, type: task, step: a}], edges: []}
`);
    const matchedSpec = matched.workflow.spec as unknown as typeof spec & { templates: { script?: { source: string } }[] };
    const folderTemplate = matchedSpec.templates.find((t) => t.name === 's-step');
    expect(folderTemplate?.inputs?.artifacts?.[1]).toEqual({ name: 'in-d-0', path: '/pipewright/fetched/in-d-0/{{inputs.parameters.in-d-0-key}}', s3: { endpoint: 's3.amazonaws.com', bucket: 'bkt', key: '{{inputs.parameters.in-d-0-key}}' } });
    expect(JSON.stringify(folderTemplate)).toContain("pw_take /pipewright/fetched/in-d-0 '{{inputs.parameters.in-d-0-pattern}}'");
    expect(matchedSpec.templates[0]?.dag?.tasks.map((t) => t.arguments.parameters.filter((p) => p.name.startsWith('in-d-0')).map((p) => p.value))).toEqual([
      ['v2', 'v2/*.csv'],
      ['v3', 'v3/*.csv'],
    ]);
    expect(matched.warnings).toEqual([]);
    // A file of the repository: each child copies its own; a pattern there (whose folder a run finds) is said, the first child's taken.
    const local = exportOf(`
- step: {name: a, image: x, command: ls, parameters: [{name: v, type: string, default: v1}], inputs: [{name: d, default: "data/{parameter:v}.csv"}, {name: e, default: "data/{parameter:v}/*.csv"}]}
- pipeline: {name: p, parameters: [{name: v, target: s.parameter.v, default: [v2, v3]}], nodes: [{name: s, type: task, step: a}], edges: []}
`);
    const localSpec = local.workflow.spec as unknown as typeof spec;
    expect(JSON.stringify(localSpec.templates.find((t) => t.name === 's-step'))).toContain("cp -R '/valohai/repository/{{inputs.parameters.in-d-0-path}}' /valohai/inputs/d/");
    expect(localSpec.templates[0]?.dag?.tasks.map((t) => t.arguments.parameters.find((p) => p.name === 'in-d-0-path')?.value)).toEqual(['data/v2.csv', 'data/v3.csv']);
    expect(local.warnings).toEqual(['node "s": input "e" names {parameter:v}, which has no one value when exported; it is taken as data/v2/*.csv']);
    // A value an upstream node's metadata gives as the run goes: the URL is taken with the file's value, and said so.
    const fed = exportOf(`
- step: {name: pick, image: x, command: ls}
- step: {name: a, image: x, command: ls, parameters: [{name: v, type: string, default: v1}], inputs: [{name: d, default: "https://h.example/{parameter:v}.csv"}]}
- pipeline: {name: p, nodes: [{name: pick, type: execution, step: pick}, {name: s, type: execution, step: a}], edges: [[pick.metadata.which, s.parameter.v]]}
`);
    expect(fed.warnings).toEqual(['node "s": input "d" names {parameter:v}, which the edge from pick.metadata.which sets as the run goes; the export takes the URL with the value the file gives: https://h.example/v1.csv']);
    // So does a sweep's best child's value, picked as the run goes.
    const picked = exportOf(`
- step: {name: a, image: x, command: ls, parameters: [{name: v, type: string, default: v1}], inputs: [{name: d, default: "https://h.example/{parameter:v}.csv"}]}
- pipeline:
    name: p
    nodes: [{name: sweep, type: task, step: a, override: {inputs: [{name: d, default: "https://h.example/x.csv"}]}}, {name: s, type: execution, step: a}]
    parameters: [{name: vs, target: sweep.parameter.v, default: [v2, v3]}]
    edges: [{source: sweep.parameter.v, target: s.parameter.v, configuration: {pick: max, by: acc}}]
`);
    expect(picked.warnings).toContain('node "s": input "d" names {parameter:v}, which the edge from sweep.parameter.v sets as the run goes; the export takes the URL with the value the file gives: https://h.example/v1.csv');
  });

  it('refuses what no pod can fetch: Valohai data references, a wildcard at the top of a bucket, files outside the repository', () => {
    expect(unexportable('datum://abc')).toContain('a Valohai data reference');
    expect(unexportable('s3://b/*.csv')).toContain('a wildcard at the top of a bucket would fetch all of it');
    expect(unexportable('azure://acct/box/*')).toContain('a wildcard at the top of a bucket');
    expect(unexportable('s3://b/data/*.csv')).toBeUndefined();
    expect(unexportable('gs://b/data/**/x?.png')).toBeUndefined();
    expect(unexportable('/home/me/data.csv')).toContain('outside the repository');
    expect(unexportable('data/*.csv')).toBeUndefined();
  });

  it("asks a GPU for a step whose Valohai environment is a GPU machine (as Valohai gives it one), and says so", () => {
    const { workflow, warnings } = exportOf(`
- step: {name: a, image: x, command: ls, environment: gcp-europe-west4-n1-standard-16-v100x4}
- step: {name: b, image: x, command: ls, environment: aws-eu-west-1-p3-2xlarge, resources: {devices: {nvidia.com/gpu: 2}}}
- pipeline: {name: p, nodes: [{name: a, type: execution, step: a}, {name: b, type: execution, step: b}], edges: []}
`);
    const containers = (workflow.spec.templates as { container?: { resources?: unknown } }[]).flatMap((t) => (t.container ? [t.container.resources] : []));
    expect(containers).toEqual([
      { requests: { 'nvidia.com/gpu': '4' }, limits: { 'nvidia.com/gpu': '4' } },
      { requests: { 'nvidia.com/gpu': '2' }, limits: { 'nvidia.com/gpu': '2' } },
    ]);
    expect(warnings).toContain('node "a": its environment gcp-europe-west4-n1-standard-16-v100x4 is a GPU machine on Valohai: its pods ask for 4 nvidia.com/gpu (resources.devices says it exactly)');
    expect(warnings.filter((w) => w.includes('GPU machine'))).toHaveLength(1);
  });

  it("says a required variable's pods get no value, and a token's default is written into the file", () => {
    const { warnings } = exportOf(`
- step:
    name: s
    image: x
    command: ls
    environment-variables: [{name: HF_TOKEN, default: hf_abc}, {name: DB_PASSWORD, optional: false}, {name: MODE, default: x}, {name: TOKENIZERS_PARALLELISM, default: 'false'}]
- pipeline: {name: p, nodes: [{name: a, type: execution, step: s}], edges: []}
`);
    expect(warnings).toEqual([
      'node "a": DB_PASSWORD is required and has no default: its pods get no value (add env from a Secret to its template)',
      'node "a": the default of HF_TOKEN is written into the workflow file: a token belongs in a Kubernetes Secret (env valueFrom.secretKeyRef)',
    ]);
  });

  it("gives every Valohai name an Argo name of its own", () => {
    expect(argoName('My little pipeline')).toBe('my-little-pipeline');
    expect(argoName('2nd_step.v1')).toBe('n-2nd-step-v1');
    const names = new NameTable(['pipeline']);
    expect([names.of('pipeline'), names.of('train.x'), names.of('train-x'), names.of('train.x')]).toEqual(['pipeline-2', 'train-x', 'train-x-2', 'train-x']);
  });

  it('retries a pod lost with its spot node where autorestart is on, not a failed command; with on-error: retry both share the one retry', () => {
    const { workflow, warnings } = exportOf(`
- step: {name: a, image: x, command: ls, environment: aws-spot, autorestart: true}
- pipeline: {name: p, nodes: [{name: a, type: execution, step: a}, {name: b, type: execution, step: a, on-error: retry}, {name: c, type: execution, step: a, override: {autorestart: false}}], edges: []}
`);
    const strategies = workflow.spec.templates.slice(1).map((t) => (t as { retryStrategy?: unknown }).retryStrategy);
    expect(strategies).toEqual([
      { limit: '3', retryPolicy: 'Always', expression: `lastRetry.status == "Error" || lastRetry.message matches 'imminent node shutdown|pod deleted'` },
      { limit: '1', retryPolicy: 'Always' },
      undefined,
    ]);
    expect(warnings).toEqual(['node "b": autorestart and on-error: retry share one retry in Argo (after a lost pod or a failed command alike)']);
  });
});
