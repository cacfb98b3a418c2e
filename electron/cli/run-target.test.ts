import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, makeProject } from '../../test-support/runner.ts';

/** Most valohai.yaml files in the wild: steps, no pipeline (run on Valohai with `vh exec run STEP`). */
const STEPS_ONLY = `
- step:
    name: train
    image: python:3.12
    command: 'echo "epochs={parameter-value:epochs}" > $VH_OUTPUTS_DIR/model.txt && cat $VH_INPUTS_DIR/data/* && echo "{\\"loss\\": 0.25}"'
    parameters:
      - {name: epochs, type: integer, default: 3}
      - {name: mode, type: string}
    inputs:
      - {name: data, default: data/train.csv}
- step:
    name: report.v2
    image: python:3.12
    command: echo report
`;

describe('what run, plan and export run', () => {
  it('runs one step alone with --step: its parameters by --param, its input by --input, and the run is seen as such', () => {
    const dir = makeProject(STEPS_ONLY, { 'data/train.csv': 'a,b\n', 'data/other.csv': 'other rows\n' });
    // A required parameter without a value is said in the step's words.
    const refused = cli(['run', '--step', 'train'], dir);
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining('step "train": parameter "mode" has no value (give it a default in the file, or for one run: --param mode=VALUE)') as unknown });
    const ran = cli(['run', '--step', 'train', '--param', 'mode=fast', '--param', 'epochs=7', '--input', 'data=data/other.csv'], dir);
    expect(ran.err).toContain('run 1: starting step "train" alone');
    expect(ran.err).toContain('details: pipewright show 1    logs: pipewright logs 1\n');
    expect(ran.code).toBe(0);
    expect(readFileSync(join(dir, '.pipewright/executions/1.1/outputs/model.txt'), 'utf8')).toBe('epochs=7\n');
    expect(existsSync(join(dir, '.pipewright/executions/1.1/inputs/data/other.csv'))).toBe(true);
    expect(cli(['runs'], dir).out).toContain('step:train');
    expect(cli(['show', '1'], dir).out).toContain('loss=0.25');
    expect(cli(['logs', '1', 'train'], dir).out).toContain('other rows');
    // A run of one node needs no NODE for its logs; one of several says which it has.
    expect(cli(['logs', 'latest'], dir).out).toContain('other rows');
    // What the step does not have is said as the step's, with what it has.
    const wrong = cli(['run', '--step', 'train', '--param', 'nope=1', '--input', 'x=a.csv'], dir);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('--param nope: step "train" has no parameter "nope" (did you mean "mode"? it has: epochs, mode)');
    expect(wrong.err).toContain('--input x: step "train" has no input "x" (it has: data)');
    expect(cli(['run', '--step', 'train', '--param', 'mode=x', '--param', 'epochs=many'], dir).err).toContain('--param epochs: "many" is not an integer');
    expect(cli(['run', '--step', 'nope'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('no step named "nope" (steps: train, report.v2)') as unknown });
    expect(cli(['run', '--step', 'train', '--input', 'data'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('--input takes NAME=URL') as unknown });
    // An input this machine cannot fetch names the step's own way out.
    expect(cli(['plan', '--step', 'train', '--param', 'mode=x', '--input', 'data=model://churn/latest'], dir).err).toContain(
      'step "train": input "data" is given model://churn/latest, which Pipewright cannot fetch (it fetches local paths, file://, http(s)://, gs:// and azure:// URLs, s3:// ones where the AWS CLI is installed, and the datum:// and dataset:// names its own runs gave outputs); for one run: --input data=PATH or URL',
    );
    // A step whose name has a dot runs as a node without one (a node name is an edge's first part).
    expect(cli(['run', '--step', 'report.v2'], dir).code).toBe(0);
    expect(cli(['logs', 'latest', 'report_v2'], dir).out).toBe('report\n');
  });

  it('several values for a one-value parameter make a sweep of the step, as vh exec run makes a task; a multiple parameter takes them as one list', () => {
    const dir = makeProject(`
- step:
    name: fit
    image: x
    command: echo {parameters}
    parameters:
      - {name: lr, type: float, default: 0.1}
      - {name: depth, type: integer, default: 1}
      - {name: tags, type: string, multiple: separate, default: [a]}
`);
    const plan = cli(['plan', '--step', 'fit', '--param', 'lr=0.1', '--param', 'lr+=0.2', '--param', 'depth+=2', '--param', 'depth+=3', '--json'], dir);
    expect(JSON.parse(plan.out)).toMatchObject({ nodes: [{ node: 'fit', executions: 4 }] });
    expect(cli(['run', '--step', 'fit', '--param', 'lr=0.1', '--param', 'lr+=0.2', '--param', 'tags=x', '--param', 'tags+=y'], dir).code).toBe(0);
    expect(cli(['logs', '1', 'fit'], dir).out.split('\n').filter(Boolean).sort()).toEqual(['[1.1] --lr=0.1 --depth=1 --tags=x,y', '[1.2] --lr=0.2 --depth=1 --tags=x,y']);
    // One value each: one execution, as before.
    expect(cli(['run', '--step', 'fit', '--param', 'tags=x', '--param', 'tags+=y'], dir).code).toBe(0);
    expect(cli(['logs', '2', 'fit'], dir).out).toBe('--lr=0.1 --depth=1 --tags=x,y\n');
  });

  it('takes --input for the file\'s only step, and an empty --input NAME= gives an optional input no files', () => {
    const dir = makeProject(`
- step:
    name: tally
    image: x
    command: ls -A $VH_INPUTS_DIR/extra; cat $VH_INPUTS_DIR/rows/*
    inputs:
      - {name: rows, default: rows.csv}
      - {name: extra, optional: true, default: 'model://extra/latest'}
`, { 'rows.csv': 'r1\n', 'other.csv': 'o1\n' });
    // The default of the optional input cannot be fetched here: the run is refused, saying how to give it none.
    expect(cli(['run'], dir).err).toContain('input "extra" defaults to model://extra/latest, which Pipewright cannot fetch');
    const ran = cli(['run', '--input', 'extra=', '--input', 'rows=other.csv'], dir);
    expect(ran.code, ran.err).toBe(0);
    expect(cli(['logs', 'latest'], dir).out).toBe('o1\n');
    // A required input is not left empty.
    const empty = cli(['run', '--input', 'rows='], dir);
    expect(empty).toMatchObject({ code: 1, err: expect.stringContaining('--input rows= gives input "rows" no files, but it is not optional: give it a path or URL') as unknown });
    // Said once, not also as the default it kept.
    const remote = makeProject("- step: {name: s, image: x, command: ls, inputs: [{name: model, default: 'gs://bucket/m.bin'}]}\n");
    const refused = cli(['plan', '--input', 'model='], remote);
    expect(refused.err.trim().split('\n')).toEqual(['pipewright plan: the run cannot start:', '  --input model= gives input "model" no files, but it is not optional: give it a path or URL']);
  });

  it('runs a top-level task alone with --task: its children as the task makes them, --param and --input for all of them', () => {
    const dir = makeProject(`
- step:
    name: fit
    image: x
    command: 'echo {parameters} $(cat $VH_INPUTS_DIR/data/*)'
    parameters:
      - {name: lr, type: float, default: 0.1}
      - {name: depth, type: integer}
    inputs: [{name: data, default: a.txt}]
- step: {name: other, image: x, command: echo other}
- task:
    step: fit
    name: depth sweep
    type: grid_search
    parameters:
      - {name: depth, style: multiple, rules: {items: [2, 3]}}
`, { 'a.txt': 'from-a', 'b.txt': 'from-b' });
    // A file of steps and tasks: the refusal names both ways.
    expect(cli(['run'], dir).err).toContain('run one of its steps alone ("fit", "other") with --step NAME, or one of its tasks ("depth sweep") with --task NAME');
    expect(cli(['graph'], dir).err).toBe('valohai.yaml defines no pipelines; its steps (fit, other) run alone with: pipewright run --step NAME; its tasks (depth sweep) with: pipewright run --task NAME\n');
    expect(cli(['run', '--task', 'depth swep'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('no task named "depth swep" (did you mean "depth sweep"?') as unknown });
    expect(cli(['run', '--task', 'depth sweep', '--step', 'fit'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('give --step NAME or --task NAME, not both') as unknown });
    expect(JSON.parse(cli(['plan', '--task', 'depth sweep', '--json'], dir).out)).toMatchObject({ nodes: [{ node: 'depth sweep', executions: 2 }] });
    const ran = cli(['run', '--task', 'depth sweep', '--param', 'lr=0.5', '--input', 'data=b.txt'], dir);
    expect(ran.code, ran.err).toBe(0);
    expect(ran.err).toContain('run 1: starting task "depth sweep" alone');
    expect(cli(['logs', '1'], dir).out.split('\n').filter(Boolean).sort()).toEqual(['[1.1] --lr=0.5 --depth=2 from-b', '[1.2] --lr=0.5 --depth=3 from-b']);
    expect(cli(['runs'], dir).out).toContain('task:depth sweep');
    // One child's log alone, by its execution's id.
    expect(cli(['logs', '1', '1.2'], dir)).toMatchObject({ code: 0, out: '--lr=0.5 --depth=3 from-b\n' });
    expect(cli(['logs', '1', '1.7'], dir)).toMatchObject({ code: 2, err: 'pipewright logs: run 1 has no execution "1.7" (pipewright show 1 lists them)\n' });
    // show tells the children apart by what they were given (lr is the same for both: not shown).
    expect(cli(['show', '1'], dir).out).toMatch(/\n {4}1\.1 \[depth=2\] succeeded .*\n {4}1\.2 \[depth=3\] succeeded /);
    // An unknown parameter is said in the task's words.
    expect(cli(['run', '--task', 'depth sweep', '--param', 'rate=1'], dir).err).toContain('--param rate: task "depth sweep" has no parameter "rate" (it has: lr, depth)');
  });

  it('plan and export take --step too', () => {
    const dir = makeProject(STEPS_ONLY, { 'data/train.csv': 'a,b\n' });
    const plan = cli(['plan', '--step', 'train', '--param', 'mode=x', '--json'], dir);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.out)).toMatchObject({ nodes: [{ node: 'train', fate: 'run' }] });
    const exported = cli(['export', '--step', 'train', '--param', 'mode=x', '--repository', 'https://example.com/r.git', '--revision', 'main'], dir);
    expect(exported.code).toBe(0);
    const workflow = parse(exported.out) as { kind: string; spec: { templates: { name: string }[] } };
    expect(workflow.kind).toBe('Workflow');
    expect(JSON.stringify(workflow.spec.templates)).toContain(String.raw`\"mode\": \"x\"`);
  });

  it('without --pipeline takes the only pipeline, or the only step; with several, names them', () => {
    const one = makeProject(`
- step: {name: a, image: x, command: echo from-a}
- step: {name: b, image: x, command: echo from-b}
- pipeline: {name: only, nodes: [{name: n, type: execution, step: a}], edges: []}
`);
    expect(cli(['run'], one)).toMatchObject({ code: 0, err: expect.stringContaining('starting pipeline "only"') as unknown });
    expect(cli(['plan'], one).out).toContain('1. n: run');
    const oneStep = makeProject('- step: {name: hello, image: x, command: echo hi}\n');
    expect(cli(['run'], oneStep)).toMatchObject({ code: 0, err: expect.stringContaining('starting step "hello" alone') as unknown });
    const steps = makeProject(STEPS_ONLY);
    expect(cli(['graph'], steps)).toMatchObject({ code: 0, err: 'valohai.yaml defines no pipelines; its steps (train, report.v2) run alone with: pipewright run --step NAME\n' });
    expect(cli(['run'], steps)).toMatchObject({ code: 2, err: 'pipewright run: --step NAME is required: valohai.yaml defines no pipeline; run one of its steps alone ("train", "report.v2") with --step NAME\n' });
    const two = makeProject(`
- step: {name: a, image: x, command: echo a}
- pipeline: {name: p1, nodes: [{name: n, type: execution, step: a}], edges: []}
- pipeline: {name: p2, nodes: [{name: n, type: execution, step: a}], edges: []}
`);
    expect(cli(['export'], two)).toMatchObject({ code: 2, err: expect.stringContaining('--pipeline NAME is required: valohai.yaml has 2 pipelines ("p1", "p2")') as unknown });
    expect(cli(['run', '--pipeline', 'p1', '--step', 'a'], two)).toMatchObject({ code: 2, err: expect.stringContaining('not both') as unknown });
    expect(cli(['run', '--pipeline', 'p1', '--input', 'x=y'], two)).toMatchObject({ code: 2, err: expect.stringContaining('a pipeline node takes --node-input NODE.INPUT=URL') as unknown });
    const empty = makeProject('[]\n');
    expect(cli(['run'], empty)).toMatchObject({ code: 2, err: expect.stringContaining('defines no pipeline and no step') as unknown });
    const endpoint = makeProject('- endpoint: {name: digits, image: python:3.9, server-command: python app.py, port: 8000}\n');
    expect(cli(['run'], endpoint).err).toContain('defines no pipeline and no step (its endpoints are deployed on Valohai; none runs here)');
  });

  it('resumes a step run alone where it stopped, once its cause is fixed', () => {
    const dir = makeProject(`
- step:
    name: flaky
    image: x
    command: 'test -f ok && echo done'
`);
    expect(cli(['run', '--step', 'flaky'], dir).code).toBe(1);
    writeFileSync(join(dir, 'ok'), '');
    const resumed = cli(['resume', '1'], dir);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toContain('resuming step "flaky" alone');
    expect(cli(['logs', '1', 'flaky'], dir).out).toContain('done');
  });

  it("runs a pipeline whatever is wrong with the file's other pipelines and unused steps, and says there is more to fix", () => {
    const dir = makeProject(`
- step: {name: good, image: x, command: echo fine}
- step: {name: unused, command: echo}
- pipeline:
    name: wip
    nodes: [{name: a, type: execution, step: goood}]
    edges: []
- pipeline:
    name: ready
    nodes: [{name: b, type: execution, step: good}]
    edges: []
`);
    const ran = cli(['run', '--pipeline', 'ready'], dir);
    expect(ran.code).toBe(0);
    expect(ran.err).toContain('warning: valohai.yaml has 2 errors in what this run does not use (they do not stop it; pipewright validate lists them)');
    // plan says what run would say as it starts.
    expect(cli(['plan', '--pipeline', 'ready'], dir).err).toBe('warning: valohai.yaml has 2 errors in what this run does not use (they do not stop it; pipewright validate lists them)\n');
    expect((JSON.parse(cli(['plan', '--pipeline', 'ready', '--json'], dir).out) as { warnings: unknown }).warnings).toEqual([
      { message: 'valohai.yaml has 2 errors in what this run does not use (they do not stop it; pipewright validate lists them)' },
    ]);
    const refused = cli(['run', '--pipeline', 'wip'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('valohai.yaml has errors; fix them first:\n  valohai.yaml:6:46 Pipeline "wip" node "a" step "goood" does not exist (did you mean "good"?)');
    expect(refused.err).not.toContain('"unused"');
  });

  it('refuses a step whose required environment variable has no value, and takes it from the shell that starts the run', () => {
    const dir = makeProject(`
- step:
    name: upload
    image: x
    command: 'echo "to $PW_TEST_BUCKET as $PW_TEST_TAG"'
    environment-variables:
      - {name: PW_TEST_BUCKET, optional: false}
      - {name: PW_TEST_TAG, optional: false, default: v1}
      - {name: PW_TEST_MAYBE}
`);
    const refused = cli(['run', '--step', 'upload'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'step "upload": environment variable PW_TEST_BUCKET is required (optional: false) and has no default: give it for this run (--env PW_TEST_BUCKET=…, or in Run with…), set it in the shell that starts the run (export PW_TEST_BUCKET=…) or in the project\'s .env (PW_TEST_BUCKET=…, kept out of git), or give it a default in the file',
    );
    expect(refused.err).not.toMatch(/PW_TEST_TAG|PW_TEST_MAYBE/);
    expect(cli(['run', '--step', 'upload'], dir, { PW_TEST_BUCKET: 's3://b' }).code).toBe(0);
    expect(cli(['logs', 'latest'], dir).out).toBe('to s3://b as v1\n');
  });
});
