import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, logText, makeProject, run, onePipeline, step } from '../../test-support/runner.ts';
import { PROJECT_FILE_COPY_MAX } from './files/inputs.ts';
import { readLogFile } from './exec/log-file.ts';
import { openStore } from './stored-runs.ts';

describe('executions the Valohai way', () => {
  it('gives each execution its folders, config files and VH_* variables, in the project folder', async () => {
    const dir = makeProject(`
- step:
    name: probe
    image: busybox
    command:
      - pwd > $VH_OUTPUTS_DIR/cwd.txt
      - env | grep -E '^(VH_|GREETING=)' | sort > $VH_OUTPUTS_DIR/env.txt
      - cp $VH_CONFIG_DIR/parameters.json $VH_CONFIG_DIR/execution.json $VH_CONFIG_DIR/inputs.json $VH_OUTPUTS_DIR/
      - ls $VH_INPUTS_DIR/table > $VH_OUTPUTS_DIR/inputs.txt
    parameters:
      - {name: lr, type: float, default: 0.5}
      - {name: fast, type: flag, default: true}
    inputs:
      - {name: table, default: data/table.csv}
    environment-variables:
      - {name: GREETING, default: hello}
${onePipeline('probe')}`, { 'data/table.csv': 'a,b\n1,2\n' });
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const execution = openStore(dir).getExecutions(result.runId)[0];
    const out = (name: string) => readFileSync(join(execution?.dir ?? '', 'outputs', name), 'utf8');
    expect(out('cwd.txt').trim()).toBe(dir);
    const env = out('env.txt');
    for (const name of ['VH_INPUTS_DIR', 'VH_OUTPUTS_DIR', 'VH_CONFIG_DIR', 'VH_REPOSITORY_DIR', 'VH_EXECUTION_ID', 'VH_JOB_ID', 'VH_PIPELINE_ID']) expect(env).toContain(`${name}=`);
    expect(env).toContain(`VH_REPOSITORY_DIR=${dir}\n`);
    expect(env).toContain('GREETING=hello');
    expect(JSON.parse(out('parameters.json'))).toEqual({ lr: 0.5, fast: true });
    expect(JSON.parse(out('execution.json'))).toMatchObject({ 'valohai.execution-id': execution?.id, 'valohai.execution-step': 'probe', 'valohai.pipeline-node-name': 'probe' });
    expect(JSON.parse(out('inputs.json'))).toMatchObject({ table: { files: [{ name: 'table.csv', size: 8, uri: 'data/table.csv' }] } });
    expect(out('inputs.txt').trim()).toBe('table.csv');
    // A small project file is the input's own copy: what the step does to it stays in the execution.
    expect(statSync(join(execution?.dir ?? '', 'inputs/table/table.csv')).ino).not.toBe(statSync(join(dir, 'data/table.csv')).ino);
  });

  it('in a project whose path has spaces, names the VH_* folders without them, so unquoted $VH_OUTPUTS_DIR (as Valohai commands write it) works', async () => {
    const base = makeProject('[]\n');
    const dir = join(base, 'My Projects', 'ü demo');
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'rows.csv'), 'a,b\n');
    writeFileSync(join(dir, 'valohai.yaml'), `
- step:
    name: probe
    image: busybox
    command:
      - cp $VH_INPUTS_DIR/rows/rows.csv $VH_OUTPUTS_DIR/copy.csv
      - ls $VH_REPOSITORY_DIR/valohai.yaml > $VH_OUTPUTS_DIR/repo.txt
      - echo $VH_OUTPUTS_DIR > $VH_OUTPUTS_DIR/named.txt
    inputs: [{name: rows, default: data/rows.csv}]
${onePipeline('probe')}`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const execution = openStore(dir).getExecutions(result.runId)[0];
    const out = (name: string) => readFileSync(join(execution?.dir ?? '', 'outputs', name), 'utf8');
    expect(out('copy.csv')).toBe('a,b\n');
    expect(out('named.txt').trim()).toMatch(/^\S+\/\.pipewright\/executions\/\S+\/outputs$/);
    expect(realpathSync(out('named.txt').trim())).toBe(join(execution?.dir ?? '', 'outputs'));
  });

  it("fills an input URL's {parameter:NAME} with the execution's value: each sweep child its own file; a missing one refused before the run", async () => {
    const yaml = `
- step:
    name: s
    image: x
    command: cat $VH_INPUTS_DIR/d/*
    parameters: [{name: split, type: string, default: a}]
    inputs: [{name: d, default: 'data/train_{parameter:split}.csv'}]
- task: {name: both, step: s, parameters: [{name: split, style: multiple, rules: {items: [a, b]}}]}
- pipeline:
    name: p
    nodes: [{name: one, type: execution, step: s}, {name: sweep, type: task, task: both}]
    edges: []
- pipeline:
    name: listed
    parameters: [{name: splits, target: spread.parameter.split, default: [a, b]}]
    nodes: [{name: spread, type: task, step: s}]
    edges: []
- step: {name: say, image: x, command: 'echo "{\\"split\\": \\"z\\"}"'}
- pipeline:
    name: fed
    nodes: [{name: say, type: execution, step: say}, {name: down, type: execution, step: s}]
    edges: [[say.metadata.split, down.parameter.split]]
`;
    const dir = makeProject(yaml, { 'data/train_a.csv': 'A\n', 'data/train_b.csv': 'B\n' });
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    expect(logText(result.events, 'one')).toBe('A');
    expect(logText(result.events, 'sweep').split('\n').sort()).toEqual(['A', 'B']);
    await expect(run(dir, 'p', { planOptions: { pipelineParams: {}, nodeParams: { one: { split: ['c'] } } } })).rejects.toThrow('node "one": input "d" defaults to data/train_c.csv, which is not a file on this machine');
    // A pipeline parameter's list into a task: one child per item, each checked with its own value.
    const listed = await run(dir, 'listed');
    expect(logText(listed.events, 'spread').split('\n').sort()).toEqual(['A', 'B']);
    await expect(run(dir, 'listed', { planOptions: { pipelineParams: { splits: ['a', 'c'] }, nodeParams: {} } })).rejects.toThrow('node "spread": input "d" defaults to data/train_c.csv, which is not a file on this machine');
    // A value an upstream's metadata gives is known only as the node starts: a missing file fails it then, said as plan says it.
    const fed = await run(dir, 'fed');
    expect(fed.events.find((e) => e.type === 'node:finish' && e.node === 'down')).toMatchObject({ status: 'failed', error: 'input "d": data/train_z.csv, which is not a file on this machine (a path from the project folder)' });
  });

  it('takes /valohai/… in a command, a parameter value or an environment variable as the execution\'s own folder, said at the start, and still reuses from the cache', async () => {
    const dir = makeProject(`
- step:
    name: train
    image: x
    command:
      - cp /valohai/inputs/rows/rows.csv /valohai/outputs/copy.csv
      - echo {parameter-value:model} > $VH_OUTPUTS_DIR/where.txt && echo made > {parameter-value:model}
      - mkdir -p "$EXPERIMENT_DIR" && echo kept > "$EXPERIMENT_DIR/log.txt"
    parameters: [{name: model, type: string, default: /valohai/outputs/model.txt}]
    inputs: [{name: rows, default: data/rows.csv}]
    environment-variables: [{name: EXPERIMENT_DIR, default: /valohai/outputs/experiments/run1}]
- pipeline: {name: p, reuse-executions: true, nodes: [{name: t, type: execution, step: train}], edges: []}
`, { 'data/rows.csv': 'a,b\n' });
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    expect(result.events.find((e) => e.type === 'run:warning')).toMatchObject({
      message: 'node "t": its command, parameters or environment variables name /valohai/inputs, /valohai/outputs; a run here has no /valohai, so each execution\'s own folder is used in its place ($VH_INPUTS_DIR, $VH_OUTPUTS_DIR name them)',
    });
    const execution = openStore(dir).getExecutions(result.runId)[0];
    const outputs = join(execution?.dir ?? '', 'outputs');
    expect(readFileSync(join(outputs, 'copy.csv'), 'utf8')).toBe('a,b\n');
    expect(readFileSync(join(outputs, 'model.txt'), 'utf8')).toBe('made\n');
    expect(readFileSync(join(outputs, 'where.txt'), 'utf8').trim()).toBe(join(outputs, 'model.txt'));
    // The variable's folder is the execution's (not a /valohai of the machine's own, outside the run); recorded as written.
    expect(readFileSync(join(outputs, 'experiments/run1/log.txt'), 'utf8')).toBe('kept\n');
    expect(existsSync('/valohai/outputs/experiments')).toBe(false);
    expect(JSON.parse(execution?.envJson ?? '{}')).toEqual({ EXPERIMENT_DIR: '/valohai/outputs/experiments/run1' });
    // valohai-utils reads parameters.json: it gets the folder too. The command recorded is the file's.
    expect(JSON.parse(readFileSync(join(execution?.dir ?? '', 'config', 'parameters.json'), 'utf8'))).toEqual({ model: join(outputs, 'model.txt') });
    expect(execution?.command).toContain('cp /valohai/inputs/rows/rows.csv /valohai/outputs/copy.csv');
    const again = await run(dir, 'p');
    expect(again.events.some((e) => e.type === 'node:reused')).toBe(true);
  });

  it("keeps the project's own files safe from a step that writes into its input", async () => {
    const dir = makeProject(`${step('rewrite', 'echo overwritten > $VH_INPUTS_DIR/table/table.csv; echo done')}    inputs: [{name: table, default: data/table.csv}, {name: big, default: data/big.bin}]\n${onePipeline('rewrite')}`, { 'data/table.csv': 'a,b\n1,2\n', 'data/big.bin': '' });
    truncateSync(join(dir, 'data/big.bin'), PROJECT_FILE_COPY_MAX + 1); // sparse: no time to write
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    expect(readFileSync(join(dir, 'data/table.csv'), 'utf8')).toBe('a,b\n1,2\n');
    // Past the size it copies, a project file is linked, not copied (valohai-utils reads it in place).
    const execution = openStore(dir).getExecutions(result.runId)[0];
    expect(statSync(join(execution?.dir ?? '', 'inputs/big/big.bin')).ino).toBe(statSync(join(dir, 'data/big.bin')).ino);
  });

  it('builds the command with flags from their defaults, and runs list commands joined with &&', async () => {
    const dir = makeProject(`
- step:
    name: s
    image: busybox
    command:
      - echo args {parameters}
      - "false"
      - echo never
    parameters:
      - {name: epochs, type: integer, default: 3}
      - {name: shuffle, type: flag, default: true}
      - {name: quiet, type: flag, default: false, pass-false-as: --loud}
${onePipeline('s')}`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('failed');
    expect(logText(result.events)).toBe('args --epochs=3 --shuffle --loud');
    const start = result.events.find((e) => e.type === 'execution:start');
    expect(start && 'command' in start && start.command).toBe('echo args --epochs=3 --shuffle --loud && false && echo never');
  });

  it('gives a flag with no default the value false, as Valohai does: in parameters.json, the command and an edge', async () => {
    const dir = makeProject(`
- step:
    name: s
    image: busybox
    command: echo args {parameters} && cat "$VH_CONFIG_DIR/parameters.json"
    parameters:
      - {name: dry-run, type: flag, pass-false-as: --for-real}
- step:
    name: t
    image: busybox
    command: echo got {parameter-value:seen}
    parameters:
      - {name: seen, type: string, default: unset}
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: s}
      - {name: b, type: execution, step: t}
    edges:
      - [a.parameter.dry-run, b.parameter.seen]
`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const lines = result.events.flatMap((e) => (e.type === 'node:log' ? e.lines.map((l) => `${e.node}: ${l.text}`) : []));
    expect(lines[0]).toBe('a: args --for-real');
    expect(JSON.parse(lines.slice(1).filter((l) => l.startsWith('a: ')).map((l) => l.slice(3)).join('\n'))).toEqual({ 'dry-run': false });
    expect(lines).toContain('b: got False');
    expect(result.events.some((e) => e.type === 'run:warning' && e.message.includes('dry-run'))).toBe(false);
  });

  it('runs an if/for written one line per command item, as files written for Valohai have them', async () => {
    const dir = makeProject(`
- step:
    name: s
    image: busybox
    command:
      - mkdir -p d && touch d/a.zip d/b.zip
      - if [ -d "d" ]; then
      - echo "found"
      - for f in d/*.zip; do
      - echo "unzipping $f"
      - done
      - else
      - exit 1
      - fi
      - echo after
${onePipeline('s')}`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    expect(logText(result.events).split('\n')).toEqual(['found', 'unzipping d/a.zip', 'unzipping d/b.zip', 'after']);
  });

  it('runs a #! command as a script with that interpreter', async () => {
    const dir = makeProject(`
- step:
    name: s
    image: busybox
    command:
      - "#!/bin/bash"
      - 'if [[ -n "$BASH_VERSION" ]]; then echo bash here; fi'
${onePipeline('s')}`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    expect(logText(result.events)).toBe('bash here');
  });

  it('fetches file:// and http:// input defaults, downloading each URL once', async () => {
    let downloads = 0;
    const server = createServer((_req, res) => {
      downloads += 1;
      res.end('remote bytes');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as { port: number }).port;
    const dir = makeProject('', { 'local.txt': 'local bytes' });
    const yaml = `
- step:
    name: s
    image: busybox
    command: cat $VH_INPUTS_DIR/remote/file.txt $VH_INPUTS_DIR/local/local.txt
    inputs:
      - {name: remote, default: "http://127.0.0.1:${port}/file.txt"}
      - {name: local, default: "${pathToFileURL(join(dir, 'local.txt')).href}"}
${onePipeline('s')}`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'valohai.yaml'), yaml);
    try {
      const first = await run(dir, 'p');
      expect(logText(first.events)).toBe('remote byteslocal bytes');
      await run(dir, 'p');
      expect(downloads).toBe(1);
    } finally {
      server.close();
    }
  });

  it('says, when a download fails, the flag that gives the node a copy kept on this machine, and that flag runs it', () => {
    const dir = makeProject(step('s', 'cat $VH_INPUTS_DIR/raw/*', '    inputs: [{name: raw, default: "http://127.0.0.1:9/train.csv"}]\n') + onePipeline('s'), { 'copy/train.csv': 'kept here\n' });
    const failed = cli(['run', '--pipeline', 'p'], dir);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/input "raw": cannot download http:\/\/127\.0\.0\.1:9\/train\.csv: .*; --node-input s\.raw=PATH gives the node a copy kept on this machine instead\n/);
    const ran = cli(['run', '--pipeline', 'p', '--node-input', 's.raw=copy/train.csv'], dir);
    expect(ran.code, ran.err).toBe(0);
    expect(cli(['logs', 'latest', 's'], dir).out).toBe('kept here\n');
  });

  it('refuses before starting when an input default cannot be fetched and no edge feeds it', async () => {
    const dir = makeProject(`
- step:
    name: s
    image: busybox
    command: "true"
    inputs: [{name: raw, default: "model://churn/latest"}]
${onePipeline('s')}`);
    await expect(run(dir, 'p')).rejects.toThrow(/input "raw" defaults to model:\/\/churn\/latest, which Pipewright cannot fetch/);
    expect(existsSync(join(dir, '.pipewright/runs.db')) ? openStore(dir).listRuns() : []).toEqual([]);
  });

  it('turns JSON-object stdout lines into time-stamped metadata, and keeps logs with stream and time', async () => {
    const dir = makeProject(`
- step:
    name: s
    image: busybox
    command: 'echo "{\\"loss\\": 0.5}"; echo plain; echo "{\\"loss\\": 0.25, \\"acc\\": 0.9}"; echo oops >&2; echo "[1, 2]"'
${onePipeline('s')}`);
    const result = await run(dir, 'p');
    const metadata = result.events.filter((e) => e.type === 'node:metadata');
    expect(metadata.map((e) => e.type === 'node:metadata' && e.values)).toEqual([{ loss: 0.5 }, { loss: 0.25, acc: 0.9 }]);
    expect(metadata.every((e) => e.at > 0)).toBe(true);
    const store = openStore(dir);
    const execution = store.getExecutions(result.runId)[0]?.id ?? '';
    expect(store.latestMetadata(execution)).toEqual({ loss: 0.25, acc: 0.9 });
    const log = readLogFile(join(dir, '.pipewright/logs', `${execution}.log`)).map((l) => ({ s: l.stream === 'stdout' ? 'o' : 'e', l: l.text, t: l.t }));
    // Two pipes: order within a stream is kept, across streams it is as the lines arrived.
    expect(log.filter((l) => l.s === 'o').map((l) => l.l)).toEqual(['{"loss": 0.5}', 'plain', '{"loss": 0.25, "acc": 0.9}', '[1, 2]']);
    expect(log.filter((l) => l.s === 'e').map((l) => l.l)).toEqual(['oops']);
    expect(log.every((l) => l.t >= (store.getRun(result.runId)?.createdAt ?? 0))).toBe(true);
  });
});
