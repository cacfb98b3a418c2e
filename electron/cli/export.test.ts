/**
 * `pipewright export`: the workflow is checked against Argo's own schema, and then each of its
 * pods is run for real, in DAG order, as Argo would run it: the task's parameters substituted into
 * its container's script, its artifacts placed (the code, upstream outputs), `/valohai` and
 * `/pipewright` moved under a folder per pod. Only Kubernetes is missing: the scripts, the
 * example project's code and the files passed between pods are real.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertArgoWorkflow } from '../../test-support/argo-schema.ts';
import { describe, expect, it } from 'vitest';
import { cli, copyExampleProject, makeProject } from '../../test-support/runner.ts';
import { runPods, type Exported, type Task, type Template } from '../../test-support/argo-pods.ts';
import { startS3 } from '../../test-support/s3-server.ts';
import { pipewright } from '../../test-support/store-inputs.ts';
import { awsCli } from '../runner/files/s3-fetch.ts';


function exported(dir: string, ...args: string[]): Exported {
  const result = cli(['export', '--pipeline', 'train-and-ship', '--json', ...args], dir);
  expect(result.code, result.err).toBe(0);
  return JSON.parse(result.out) as Exported;
}

function gitProject(files?: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-export-'));
  if (!files) copyExampleProject(dir);
  for (const [name, text] of Object.entries(files ?? {})) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const git = (...args: string[]) => spawnSync('git', ['-C', dir, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'code');
  git('remote', 'add', 'origin', 'https://git.example.com/team/ml.git');
  return dir;
}

describe('pipewright export --to argo', () => {
  it("writes a workflow Argo's schema accepts, whose pods run the example pipeline end to end", () => {
    const dir = gitProject();
    const result = exported(dir, '--param', 'rows=500');
    assertArgoWorkflow(result.workflow); // throws, naming the path, on anything Argo would refuse
    expect(result.workflow.spec.arguments.parameters).toEqual([
      { name: 'repository', value: 'https://git.example.com/team/ml.git' },
      { name: 'revision', value: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown },
    ]);
    // What only a run can know is said, not silently dropped.
    expect(result.warnings).toEqual([
      'node "sweep": maximum-queued-executions 2 is exported as 2 lines of children, each child starting once the one 2 before it has ended: at most 2 run at once, in that order',
    ]);
    const tasks = (result.workflow.spec.templates[0] as unknown as { dag: { tasks: Task[] } }).dag.tasks;
    expect(tasks.map((t) => t.name)).toEqual(['preprocess', 'sweep-0', 'sweep-1', 'sweep-2', 'sweep-pick-max-accuracy', 'evaluate', 'evaluate-check', 'publish-approval', 'publish']);
    expect(tasks.find((t) => t.name === 'publish')?.dependencies).toEqual(['publish-approval']);
    // evaluate takes the picker's files, so it runs after the picker (Argo resolves only ancestors' artifacts).
    expect(tasks.find((t) => t.name === 'evaluate')?.dependencies).toContain('sweep-pick-max-accuracy');
    // At most two children at once, as maximum-queued-executions says: the third waits for the first.
    expect(tasks.filter((t) => t.name.startsWith('sweep-')).map((t) => t.dependencies)).toEqual([['preprocess'], ['preprocess'], ['preprocess', 'sweep-0'], ['sweep-0', 'sweep-1', 'sweep-2']]);

    const pods = runPods(result, dir);
    const at = (task: string, path: string) => join(pods.get(task) as string, 'valohai', path);
    // --param reached the command and the config file valohai-utils reads.
    expect(JSON.parse(readFileSync(at('preprocess', 'config/parameters.json'), 'utf8'))).toMatchObject({ rows: 500 });
    expect(readFileSync(at('preprocess', 'outputs/dataset.csv'), 'utf8').trim().split('\n')).toHaveLength(501);
    // Each sweep child took the dataset from preprocess's artifact, and trained with its own rate.
    expect(readdirSync(at('sweep-1', 'inputs/dataset'))).toEqual(['dataset.csv']);
    expect(JSON.parse(readFileSync(at('sweep-1', 'config/parameters.json'), 'utf8'))).toMatchObject({ learning_rate: 0.01 });
    const inputs = JSON.parse(readFileSync(at('sweep-1', 'config/inputs.json'), 'utf8')) as Record<string, { files: { name: string; size: number }[] }>;
    expect(inputs['dataset']?.files).toEqual([{ name: 'dataset.csv', path: at('sweep-1', 'inputs/dataset/dataset.csv'), size: expect.any(Number) as unknown }]);
    // The edge's pick: max by accuracy chose the child with the best accuracy it printed, as a run here does.
    const accuracy = (task: string) => Math.max(...readFileSync(join(pods.get(task) as string, 'pipewright/stdout.log'), 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { accuracy?: number }).accuracy ?? -1).slice(-1));
    const best = ['sweep-0', 'sweep-1', 'sweep-2'].reduce((a, b) => (accuracy(b) > accuracy(a) ? b : a));
    expect(readFileSync(join(pods.get('sweep-pick-max-accuracy') as string, 'log'), 'utf8')).toContain(`picked child ${best.slice(-1)}: max accuracy = ${accuracy(best)}`);
    expect(readFileSync(at('evaluate', 'inputs/model/model.json'), 'utf8')).toBe(readFileSync(at(best, 'outputs/model.json'), 'utf8'));
    // Each child's stdout still reached its pod log while it was kept for the picker.
    expect(readFileSync(join(pods.get('sweep-1') as string, 'log'), 'utf8')).toContain('"accuracy"');
    expect(existsSync(at('publish', 'inputs/report/report.png'))).toBe(true);
    expect(readFileSync(join(pods.get('publish') as string, 'log'), 'utf8')).toContain('publish');
  });

  it('resolves edges that copy values now, and leaves a metadata value to a pod before the node', () => {
    const dir = makeProject(`
- step:
    name: a
    image: alpine:3
    command: echo {parameter-value:n}
    parameters: [{name: n, type: integer, default: 3}]
    environment-variables: [{name: MODE, default: fast}]
    resources: {cpu: {min: 2}, memory: {min: 512, max: 1024}, devices: {nvidia.com/gpu: 1}}
    time-limit: 1h
- step:
    name: b
    image: alpine:3
    command: echo {parameter-value:n} {parameter-value:m} $MODE
    parameters: [{name: n, type: integer, default: 1}, {name: m, type: integer, default: 0}]
    environment-variables: [{name: MODE, default: slow}]
    stop-condition: m > 1
- pipeline:
    name: p
    nodes:
      - {name: first node, type: execution, step: a, on-error: retry}
      - {name: b, type: execution, step: b}
    edges:
      - [first node.parameter.n, b.parameter.n]
      - [first node.metadata.score, b.parameter.m]
      - [first node.environment-variable.MODE, b.environment-variable.MODE]
`);
    const result = cli(['export', '--pipeline', 'p', '--json'], dir);
    expect(result.code, result.err).toBe(0);
    const { workflow, warnings } = JSON.parse(result.out) as Exported;
    assertArgoWorkflow(workflow);
    expect(warnings.filter((w) => w.includes('stop-condition'))).toEqual([]); // its pod watches it (export-stop-condition.test.ts)
    const [dag, first, second, values] = workflow.spec.templates as [Template & { dag: { tasks: Task[] } }, Template & Record<string, unknown>, Template, Template];
    expect(dag.dag.tasks.map((t) => t.name)).toEqual(['first-node', 'b-values', 'b']);
    expect(dag.dag.tasks[2]?.arguments?.parameters?.[0]).toEqual({ name: 'command', value: '{{tasks.b-values.outputs.parameters.command}}' });
    // The values pod is given the command with the metadata value's place marked, n copied now.
    expect(JSON.parse(values.container?.command[3] ?? '{}')).toMatchObject({ command: ['echo 3 ', { feed: 0, quote: null }, ' $MODE'], feeds: [{ source: 'first node', key: 'score', parameter: 'm', own: 0 }] });
    expect(second.container?.env).toContainEqual({ name: 'MODE', value: 'fast' });
    expect(first.container?.resources).toEqual({ requests: { cpu: '2', memory: '512Mi', 'nvidia.com/gpu': '1' }, limits: { memory: '1024Mi', 'nvidia.com/gpu': '1' } });
    expect(first).toMatchObject({ activeDeadlineSeconds: '3600', retryStrategy: { limit: '1' } });
  });

  it("passes a node's input files on (input→input), takes repository files as inputs, and gates after a node", () => {
    const dir = gitProject({
      'data/raw.txt': 'raw rows\n',
      'valohai.yaml': `
- step:
    name: a
    image: alpine:3
    command: [cp $VH_INPUTS_DIR/raw/raw.txt $VH_OUTPUTS_DIR/cleaned.txt, echo skip > $VH_OUTPUTS_DIR/notes.md]
    inputs: [{name: raw, default: data/raw.txt}]
- step:
    name: b
    image: alpine:3
    command: cat $VH_INPUTS_DIR/again/raw.txt $VH_INPUTS_DIR/res/*
    inputs: [{name: again}, {name: res}]
- pipeline:
    name: p
    nodes:
      - name: a
        type: execution
        step: a
        actions: [{when: node-complete, then: require-approval}]
      - {name: b, type: execution, step: b}
    edges:
      - [a.input.raw, b.input.again]
      - [a.output.*.txt, b.input.res]
`,
    });
    const result = cli(['export', '--pipeline', 'p', '--json'], dir);
    expect(result.code, result.err).toBe(0);
    const parsed = JSON.parse(result.out) as Exported;
    assertArgoWorkflow(parsed.workflow);
    expect(parsed.warnings).toEqual([]);
    const dag = parsed.workflow.spec.templates[0] as unknown as { dag: { tasks: Task[] } };
    expect(dag.dag.tasks.map((t) => [t.name, t.dependencies ?? []])).toEqual([['a', []], ['a-approval-after', ['a']], ['b', ['a-approval-after']]]);
    const pods = runPods(parsed, dir);
    // The glob *.txt let cleaned.txt through and not notes.md; the raw file came through a's input.
    expect(readdirSync(join(pods.get('b') as string, 'valohai/inputs/res'))).toEqual(['cleaned.txt']);
    expect(readFileSync(join(pods.get('b') as string, 'log'), 'utf8')).toBe('raw rows\nraw rows\n');
  });

  it("lays a sweep's children's files out together in the pod, a clashing one in its artifact's folder (none lost)", () => {
    const dir = gitProject({
      'valohai.yaml': `
- step:
    name: fit
    image: alpine:3
    command:
      - echo {parameter-value:k} > $VH_OUTPUTS_DIR/model-{parameter-value:k}.txt
      - echo {parameter-value:k} > $VH_OUTPUTS_DIR/same.txt
    parameters: [{name: k, type: integer, default: 0}]
- step: {name: list, image: alpine:3, command: 'cd $VH_INPUTS_DIR && find . -type f | sort', inputs: [{name: models}]}
- task: {name: sweep, step: fit, parameters: [{name: k, style: multiple, rules: {items: [1, 2]}}]}
- pipeline:
    name: p
    nodes: [{name: t, type: task, task: sweep}, {name: list, type: execution, step: list}]
    edges: [[t.output.*, list.input.models]]
`,
    });
    const result = cli(['export', '--pipeline', 'p', '--json'], dir);
    expect(result.code, result.err).toBe(0);
    const pods = runPods(JSON.parse(result.out) as Exported, dir);
    const listed = readFileSync(join(pods.get('list') as string, 'log'), 'utf8').trim().split('\n');
    expect(listed.slice(0, 3)).toEqual(['./models/model-1.txt', './models/model-2.txt', './models/same.txt']);
    expect(listed.slice(3)).toEqual([expect.stringMatching(/^\.\/models\/[\w-]+\/same\.txt$/) as unknown]);
  });

  it("matches wildcards as Valohai does, * crossing folders, and lays the files out in the pods as a run here does", () => {
    const dir = gitProject({
      'data/sets/top.csv': 't\n',
      'data/sets/one/a.csv': 'a\n',
      'data/sets/two/b.csv': 'b\n',
      'data/notes.md': 'n\n',
      'valohai.yaml': `
- step:
    name: train
    image: alpine:3
    command:
      - cd $VH_OUTPUTS_DIR && mkdir -p exp/weights models/v1
      - echo w > exp/weights/best.pt && echo l > exp/weights/last.pt && echo r > exp/results.csv
      - echo m > models/v1/m.pkl && echo m0 > models/m0.pkl
      - echo {} > exp/weights/best.pt.metadata.json && touch valohai.metadata.jsonl
- step:
    name: check
    image: alpine:3
    command: cd $VH_INPUTS_DIR && find . -type f | sort
    inputs:
      - {name: weights}
      - {name: models, keep-directories: suffix}
      - {name: data, default: data/sets/*, keep-directories: suffix}
      - {name: csvs, default: data/**/*.csv, keep-directories: full}
      - {name: all}
- pipeline:
    name: p
    nodes: [{name: train, type: execution, step: train}, {name: check, type: execution, step: check}]
    edges: [[train.output.*best.pt, check.input.weights], [train.output.models/*, check.input.models], [train.output.*, check.input.all]]
`,
    });
    const expected = [
      // Every output but the metadata files, which describe outputs and are none.
      './all/best.pt', './all/last.pt', './all/m.pkl', './all/m0.pkl', './all/results.csv',
      './csvs/data/sets/one/a.csv', './csvs/data/sets/top.csv', './csvs/data/sets/two/b.csv',
      './data/one/a.csv', './data/top.csv', './data/two/b.csv',
      './models/m0.pkl', './models/v1/m.pkl',
      './weights/best.pt',
    ];
    const result = cli(['export', '--pipeline', 'p', '--json'], dir);
    expect(result.code, result.err).toBe(0);
    const pods = runPods(JSON.parse(result.out) as Exported, dir);
    expect(readFileSync(join(pods.get('check') as string, 'log'), 'utf8').trim().split('\n')).toEqual(expected);
    expect(cli(['run', '--pipeline', 'p'], dir).code).toBe(0);
    expect(cli(['logs', 'latest', 'check'], dir).out.trim().split('\n')).toEqual(expected);
  });

  it("fetches a wildcard bucket URL's folder and takes its matches as a run here takes them (keep-directories too)", async () => {
    const dir = gitProject({
      'valohai.yaml': `
- step:
    name: check
    image: alpine:3
    command: cd $VH_INPUTS_DIR && find . -type f | sort
    inputs:
      - {name: images, default: "s3://data/images/*.jpg", keep-directories: suffix}
      - {name: everything, default: "s3://data/images/*", keep-directories: full}
      - {name: flat, default: "s3://data/images/*.jpg"}
      - {name: table, default: s3://data/train/t.csv}
- pipeline:
    name: p
    nodes: [{name: check, type: execution, step: check}]
    edges: []
`,
    });
    const store = mkdtempSync(join(tmpdir(), 'pipewright-buckets-'));
    for (const key of ['images/2.jpg', 'images/a/1.jpg', 'images/notes.txt', 'train/t.csv']) {
      mkdirSync(join(store, 'data', key, '..'), { recursive: true });
      writeFileSync(join(store, 'data', key), key);
    }
    const expected = ['./everything/images/2.jpg', './everything/images/a/1.jpg', './everything/images/notes.txt', './flat/1.jpg', './flat/2.jpg', './images/2.jpg', './images/a/1.jpg', './table/t.csv'];
    const result = cli(['export', '--pipeline', 'p', '--json'], dir);
    expect(result.code, result.err).toBe(0);
    const workflow = JSON.parse(result.out) as Exported;
    assertArgoWorkflow(workflow.workflow);
    expect(workflow.warnings.filter((w) => w.includes('s3://'))).toEqual([]);
    // The folder before the wildcard is the artifact's key; the single object stays a file.
    const artifacts = workflow.workflow.spec.templates.flatMap((t) => t.inputs?.artifacts ?? []).flatMap((a) => (a.s3 ? [a.s3.key] : []));
    expect(artifacts.sort()).toEqual(['images', 'images', 'images', 'train/t.csv']);
    const pods = runPods(workflow, dir, { data: join(store, 'data') });
    expect(readFileSync(join(pods.get('check') as string, 'log'), 'utf8').trim().split('\n')).toEqual(expected);
    // The same file, run here against a stand-in S3 with the AWS CLI, lays its inputs out alike.
    if (!awsCli()) return console.log('skipping the local half of the wildcard export test: no aws command on PATH');
    const s3 = await startS3(store);
    try {
      const env = { AWS_ENDPOINT_URL: s3.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
      const here = await pipewright(['run', '--pipeline', 'p'], dir, env);
      expect(here.code, here.err).toBe(0);
      expect(cli(['logs', 'latest', 'check'], dir).out.trim().split('\n')).toEqual(expected);
    } finally {
      await s3.close();
    }
  });

  it('runs a #! command as a script in its pod, as a run here does', () => {
    const dir = gitProject({
      'valohai.yaml': `
- step:
    name: py
    image: python:3.12-slim
    command:
      - "#!/usr/bin/env python3"
      - import json, os
      - rate = {parameter-value:rate}
      - "print(json.dumps(dict(rate=rate, inputs=os.environ['VH_INPUTS_DIR'])))"
    parameters: [{name: rate, type: float, default: 0.25}]
- pipeline: {name: p, nodes: [{name: py, type: execution, step: py}], edges: []}
`,
    });
    const result = cli(['export', '--pipeline', 'p', '--json'], dir);
    expect(result.code, result.err).toBe(0);
    const parsed = JSON.parse(result.out) as Exported;
    assertArgoWorkflow(parsed.workflow);
    const pods = runPods(parsed, dir);
    const printed = JSON.parse(readFileSync(join(pods.get('py') as string, 'log'), 'utf8')) as { rate: number; inputs: string };
    expect(printed).toEqual({ rate: 0.25, inputs: join(pods.get('py') as string, 'valohai/inputs') });
  });

  it('runs a project that is a folder of a larger repository (a monorepo) from that folder', () => {
    const repo = gitProject({
      'README.md': 'the team repository\n',
      'ml/churn/score.sh': 'echo "scored $(cat $VH_INPUTS_DIR/rows/rows.txt) in $(basename $(pwd -P))"\n',
      'ml/churn/data/rows.txt': '42 rows\n',
      'ml/churn/valohai.yaml': `
- step: {name: score, image: alpine:3, command: sh score.sh, inputs: [{name: rows, default: data/rows.txt}]}
- pipeline: {name: p, nodes: [{name: score, type: execution, step: score}], edges: []}
`,
    });
    const result = cli(['export', '--pipeline', 'p', '--json'], join(repo, 'ml/churn'));
    expect(result.code, result.err).toBe(0);
    const parsed = JSON.parse(result.out) as Exported;
    assertArgoWorkflow(parsed.workflow);
    const pods = runPods(parsed, repo); // the pod clones the whole repository
    expect(readFileSync(join(pods.get('score') as string, 'log'), 'utf8')).toBe('scored 42 rows in churn\n');
  });

  it('warns that an SSH remote needs a key in the cluster, and takes --repository in its place', () => {
    const dir = gitProject({ 'valohai.yaml': '- step: {name: a, image: alpine:3, command: "true"}\n- pipeline: {name: p, nodes: [{name: a, type: execution, step: a}], edges: []}\n' });
    spawnSync('git', ['-C', dir, 'remote', 'set-url', 'origin', 'git@git.example.com:team/ml.git']);
    const warned = JSON.parse(cli(['export', '--pipeline', 'p', '--json'], dir).out) as Exported & { warnings: string[] };
    expect(warned.warnings).toContain('the repository git@git.example.com:team/ml.git is an SSH address: the pods clone it only with a key (add sshPrivateKeySecret to each "code" artifact), or give --repository https://… for a public or token clone');
    const given = JSON.parse(cli(['export', '--pipeline', 'p', '--json', '--repository', 'https://git.example.com/team/ml.git'], dir).out) as Exported & { warnings: string[] };
    expect(given.warnings).toEqual([]);
  });

  it('refuses what it cannot export, with exit codes as for run', () => {
    const dir = makeProject(`
- step: {name: a, image: x, command: cat $VH_INPUTS_DIR/d/*, inputs: [{name: d, default: "datum://0123"}]}
- pipeline: {name: p, nodes: [{name: a, type: execution, step: a}], edges: []}
`);
    const refused = cli(['export', '--pipeline', 'p'], dir);
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining('the pipeline cannot be exported:\n  node "a": input "d" defaults to datum://0123, which an Argo workflow cannot fetch') as unknown });
    // Its remedy is export's own flag, for this export (not a run's).
    expect(refused.err).toContain('feed it with an edge, or for this export: --node-input a.d=PATH or URL');
    expect(refused.err).not.toContain('for one run');
    // The input given for this export instead: a file outside the project is not in the pods' clone.
    expect(cli(['export', '--pipeline', 'p', '--node-input', 'a.d=/etc/hostname'], dir).err).toContain('input "d" is given /etc/hostname, which an Argo workflow cannot fetch: it is outside the repository the pods clone; give a path inside the project, or a URL');
    expect(cli(['export', '--pipeline', 'p', '--node-input', 'a.d=https://example.com/d.csv'], dir).code).toBe(0);
    expect(cli(['export', '--pipeline', 'nope'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('no pipeline named "nope"') as unknown });
    expect(cli(['export', '--pipeline', 'p', '--to', 'airflow'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('the one target is argo') as unknown });
    // Without --pipeline, the file's only pipeline is the one exported (and refused alike).
    expect(cli(['export'], dir)).toMatchObject({ code: 1, err: expect.stringContaining('the pipeline cannot be exported') as unknown });
  });
});
