import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copyExampleProject, logText, makeProject, nodeStatuses, onePipeline, resume, ROOT, run, step } from '../../test-support/runner.ts';
import { openStore } from './stored-runs.ts';

const CHAIN = `
- step:
    name: make
    image: x
    command: 'echo made-{parameter-value:n} > $VH_OUTPUTS_DIR/out.txt; echo ran make'
    parameters: [{name: n, type: integer, default: 1}]
- step:
    name: use
    image: x
    command: 'cat $VH_INPUTS_DIR/in/out.txt; test -e ok'
    inputs: [{name: in}]
- pipeline:
    name: p
    nodes:
      - {name: make, type: execution, step: make}
      - {name: use, type: execution, step: use}
    edges:
      - [make.output.out.txt, use.input.in]
`;

describe('state that survives', () => {
  it('records every state change before announcing it', async () => {
    const dir = makeProject(CHAIN, { ok: '' });
    const store = openStore(dir, 'write'); // made before the run, as another process's view of it
    await run(dir, 'p', {
      onEvent: (e) => {
        if (e.type === 'node:finish') expect(store.getNodes(e.runId).find((n) => n.name === e.node)?.status).toBe(e.status);
        if (e.type === 'run:finish') expect(store.getRun(e.runId)?.status).toBe(e.status);
        if (e.type === 'node:metadata' || e.type === 'execution:start') expect(store.getExecution(e.executionId)).toBeDefined();
      },
    });
  });

  it('resume re-runs only what did not finish', async () => {
    const dir = makeProject(CHAIN);
    const failed = await run(dir, 'p');
    expect(failed.status).toBe('failed');
    writeFileSync(join(dir, 'ok'), '');
    const resumed = await resume(dir, failed.runId);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.events.some((e) => e.type === 'execution:start' && e.node === 'make')).toBe(false);
    expect(logText(resumed.events, 'use')).toBe('made-1');
    expect(openStore(dir).getExecutions(failed.runId).map((e) => [e.node, e.status])).toEqual([
      ['make', 'succeeded'],
      ['use', 'failed'],
      ['use', 'succeeded'],
    ]);
    expect(resumed.events.some((e) => e.type === 'run:warning')).toBe(false);
  });

  it('resume says when valohai.yaml changed since the run started: it finishes the run as planned', async () => {
    const dir = makeProject(CHAIN);
    const failed = await run(dir, 'p');
    // The user "fixes" the command in the file rather than the cause in the project.
    writeFileSync(join(dir, 'valohai.yaml'), CHAIN.replace('test -e ok', 'true'));
    const resumed = await resume(dir, failed.runId);
    expect(resumed.status).toBe('failed');
    expect(resumed.events.find((e) => e.type === 'run:warning')).toMatchObject({
      message: `valohai.yaml changed since run ${failed.runId} started: resume finishes the run as it was planned then (its commands, parameters and edges); to run the file as it is now, start a new run (--reuse ${failed.runId}:NODE,… takes finished nodes from this one)`,
    });
  });
});

describe('the content-addressed store', () => {
  it('files every finished output by its sha256, once, by hard link, and tells the next node its checksum', async () => {
    const dir = makeProject(CHAIN.replace("edges:\n", "edges:\n      - [make.output.out.txt, twin.input.in]\n").replace("      - {name: use, type: execution, step: use}", "      - {name: use, type: execution, step: use}\n      - {name: twin, type: execution, step: use}"), { ok: '' });
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const store = openStore(dir);
    const make = store.getExecutions(result.runId, 'make')[0];
    const [output] = store.getOutputs(make?.id ?? '');
    const expected = createHash('sha256').update('made-1\n').digest('hex');
    expect(output).toEqual({ path: 'out.txt', size: 7, sha256: expected });
    const stored = join(dir, '.pipewright/artifacts/sha256', expected.slice(0, 2), expected.slice(2));
    expect(statSync(stored).ino).toBe(statSync(join(make?.dir ?? '', 'outputs/out.txt')).ino);
    const use = store.getExecutions(result.runId, 'use')[0];
    const inputs = JSON.parse(readFileSync(join(use?.dir ?? '', 'config/inputs.json'), 'utf8')) as Record<string, { files: { checksums?: { sha256: string } }[] }>;
    expect(inputs['in']?.files[0]?.checksums).toEqual({ sha256: expected });
  });
});

describe('reuse and cache', () => {
  it('--reuse RUN:node takes that node from an earlier run, latest: from the newest', async () => {
    const dir = makeProject(CHAIN, { ok: '' });
    const first = await run(dir, 'p');
    const second = await run(dir, 'p', { reuse: `${first.runId}:make`, planOptions: { pipelineParams: {}, nodeParams: { make: { n: ['2'] } } } });
    expect(second.events.find((e) => e.type === 'node:reused')).toMatchObject({ node: 'make', fromRun: first.runId });
    expect(logText(second.events, 'use')).toBe('made-1'); // the reused output, not a new one
    expect(nodeStatuses(dir, second.runId)).toEqual({ make: 'reused', use: 'succeeded' });
    const third = await run(dir, 'p', { reuse: 'latest:make,use' });
    expect(nodeStatuses(dir, third.runId)).toEqual({ make: 'reused', use: 'reused' });
    await expect(run(dir, 'p', { reuse: 'latest:nope' })).rejects.toThrow(/has no finished node "nope"/);
    // Globs, as Valohai's CLI takes them: the finished nodes each one matches.
    const fourth = await run(dir, 'p', { reuse: 'latest:ma*' });
    expect(nodeStatuses(dir, fourth.runId)).toEqual({ make: 'reused', use: 'succeeded' });
    expect(nodeStatuses(dir, (await run(dir, 'p', { reuse: 'latest:*' })).runId)).toEqual({ make: 'reused', use: 'reused' });
    await expect(run(dir, 'p', { reuse: 'latest:x*' })).rejects.toThrow(/has no finished node that x\* matches/);
  });

  it('--cache reuses an execution only when step, command, parameters, inputs and code match', async () => {
    const dir = makeProject(CHAIN, { ok: '', 'code.py': 'v1' });
    const first = await run(dir, 'p', { cache: true });
    const same = await run(dir, 'p', { cache: true });
    expect(nodeStatuses(dir, same.runId)).toEqual({ make: 'reused', use: 'reused' });
    const changed = await run(dir, 'p', { cache: true, planOptions: { pipelineParams: {}, nodeParams: { make: { n: ['5'] } } } });
    expect(nodeStatuses(dir, changed.runId)).toEqual({ make: 'succeeded', use: 'succeeded' });
    writeFileSync(join(dir, 'code.py'), 'v2 is longer');
    writeFileSync(join(dir, 'helper.py'), 'new');
    // plan says which files: the run keeps the listing its code fingerprint was made from.
    expect(cli(['plan', '--pipeline', 'p', '--cache'], dir).out).toContain('the project code changed (code.py changed, helper.py new)');
    const code = await run(dir, 'p', { cache: true });
    expect(nodeStatuses(dir, code.runId)).toEqual({ make: 'succeeded', use: 'succeeded' });
    void first;
  });

  it("--cache in a git checkout takes as code what git would commit: what a step writes to an ignored folder does not spoil it", async () => {
    const dir = makeProject(`${step('plot', 'mkdir -p plots && date +%s%N > plots/loss.txt; cat code.py')}${onePipeline('plot')}`, { 'code.py': 'v1\n', '.gitignore': 'plots/\n' });
    expect(spawnSync('git', ['init', '-q', dir]).status).toBe(0);
    await run(dir, 'p', { cache: true });
    const again = await run(dir, 'p', { cache: true });
    expect(nodeStatuses(dir, again.runId)).toEqual({ plot: 'reused' });
    writeFileSync(join(dir, 'helper.py'), 'new code, not yet committed\n');
    const added = await run(dir, 'p', { cache: true });
    expect(nodeStatuses(dir, added.runId)).toEqual({ plot: 'succeeded' });
    writeFileSync(join(dir, 'code.py'), 'v2, longer\n');
    const edited = await run(dir, 'p', { cache: true });
    expect(nodeStatuses(dir, edited.runId)).toEqual({ plot: 'succeeded' });
    expect(logText(edited.events, 'plot')).toBe('v2, longer');
  });

  it('--cache hashes default input files at their source (plan too), and a hit writes no execution folder', async () => {
    // The data lives outside the project, as datasets often do (inside, it would count as code too).
    const data = join(makeProject(''), 'table.csv');
    writeFileSync(data, 'a,b\n1,2\n');
    const dir = makeProject(`
- step:
    name: read
    image: x
    command: 'cat $VH_INPUTS_DIR/table/table.csv'
    inputs: [{name: table, default: ${data}}]
${onePipeline('read')}`);
    const folders = (): number => readdirSync(join(dir, '.pipewright/executions')).length;
    await run(dir, 'p', { cache: true });
    expect(folders()).toBe(1);
    const hit = await run(dir, 'p', { cache: true });
    expect(nodeStatuses(dir, hit.runId)).toEqual({ read: 'reused' });
    expect(folders()).toBe(1);
    expect(cli(['plan', '--pipeline', 'p', '--cache'], dir).out).toBe(' 1. read: reuse — cache: same step, command, parameters, input files and code as execution 1.1\n');
    writeFileSync(data, 'a,b\n1,3\n');
    expect(cli(['plan', '--pipeline', 'p', '--cache'], dir).out).toBe(' 1. read: run — input files changed: table/table.csv\n');
    const changed = await run(dir, 'p', { cache: true });
    expect(nodeStatuses(dir, changed.runId)).toEqual({ read: 'succeeded' });
    expect(logText(changed.events, 'read')).toBe('a,b\n1,3');
    expect(folders()).toBe(2);
  });

  it('plan says, per node, whether it will run or be reused, and why', async () => {
    const dir = makeProject(CHAIN, { ok: '' });
    expect(cli(['plan', '--pipeline', 'p', '--cache'], dir).out).toBe(` 1. make: run — it has never run with caching on\n 2. use: run — it takes data from "make", which will run; reused only if what they deliver comes out identical\n`);
    await run(dir, 'p', { cache: true });
    expect(cli(['plan', '--pipeline', 'p', '--cache'], dir).out).toMatch(/1\. make: reuse — cache: same step, command, parameters and code as execution 1\.1/);
    expect(cli(['plan', '--pipeline', 'p', '--cache', '--node-param', 'make.n=3'], dir).out).toMatch(/make: run — parameters changed: n 1 → 3/);
    const json = JSON.parse(cli(['plan', '--pipeline', 'p', '--reuse', 'latest:make', '--json'], dir).out) as { nodes: { node: string; fate: string }[] };
    expect(json.nodes.map((n) => [n.node, n.fate])).toEqual([
      ['make', 'reuse'],
      ['use', 'run'],
    ]);
  });

  it('plan says how many executions a sweep runs and what the actions will do (the approval the run will wait for)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-plan-'));
    copyExampleProject(dir);
    expect(cli(['plan', '--pipeline', 'train-and-ship'], dir).out.split('\n').map((line) => line.replace(/ — caching is off \([^)]*\)/, ''))).toEqual([
      ' 1. preprocess: run',
      ' 2. sweep (3 executions): run',
      ' 3. evaluate: run; stops the pipeline after it finishes, if metadata.accuracy < 0.6',
      ' 4. publish: run; waits for approval before it starts',
      '',
    ]);
    const json = JSON.parse(cli(['plan', '--pipeline', 'train-and-ship', '--json'], dir).out) as { nodes: { node: string; executions?: number; actions?: string[] }[] };
    expect(json.nodes.map((n) => [n.node, n.executions, n.actions ?? []])).toEqual([
      ['preprocess', 1, []],
      ['sweep', 3, []],
      ['evaluate', 1, ['stops the pipeline after it finishes, if metadata.accuracy < 0.6']],
      ['publish', 1, ['waits for approval before it starts']],
    ]);
    // A sweep whose values come from an upstream node's metadata (a dynamic pipeline): its size is the run's to know.
    const dynamic = makeProject(`${step('list', 'echo hi')}- step:\n    name: fit\n    image: x\n    command: echo {parameters}\n    parameters: [{name: lr, type: float, default: 0.1}]\n- pipeline:\n    name: p\n    nodes:\n      - {name: list, type: execution, step: list}\n      - {name: fit, type: task, step: fit}\n    edges: [[list.metadata.rates, fit.parameter.lr]]\n`);
    expect(cli(['plan', '--pipeline', 'p'], dynamic).out).toContain(" 2. fit: run — caching is off (set reuse-executions: true on the pipeline, or pass --cache); how many children it runs follows from list's metadata rates, known as it starts (a list gives one child per value)\n");
    // A parameter another node's parameter copies is known before the run: a pipeline parameter's list spreads the sweep as the run will.
    const copied = makeProject(`${step('prep', 'echo hi', '    parameters: [{name: dummy, type: integer, default: 5}]\n')}- step:\n    name: fit\n    image: x\n    command: echo {parameters}\n    parameters: [{name: kind, type: string, default: a}, {name: dummy, type: integer, default: 2}]\n- pipeline:\n    name: p\n    parameters: [{name: kind, target: fit.parameter.kind, default: [a, b, c]}]\n    nodes:\n      - {name: prep, type: execution, step: prep}\n      - {name: fit, type: task, step: fit}\n    edges: [[prep.parameter.dummy, fit.parameter.dummy]]\n`);
    expect(cli(['plan', '--pipeline', 'p'], copied).out).toContain(' 2. fit (3 executions): run — caching is off (set reuse-executions: true on the pipeline, or pass --cache)\n');
  });

  it("show, runs and logs answer while another process holds the database's write lock (a runner's group commit)", async () => {
    const dir = makeProject(`${step('s', 'echo done')}${onePipeline('s')}`);
    expect((await run(dir, 'p')).status).toBe('succeeded');
    const holder = spawn(process.execPath, ['-e', `const db = new (require('node:sqlite').DatabaseSync)(${JSON.stringify(join(dir, '.pipewright/runs.db'))}); db.exec('BEGIN IMMEDIATE'); db.exec("UPDATE runs SET status = status"); console.log('held'); setTimeout(() => {}, 60000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((held) => holder.stdout.once('data', () => held()));
      // (They used to take it to check the schema, and so waited the busy timeout out, then failed.)
      expect(JSON.parse(cli(['show', '1', '--json'], dir).out)).toMatchObject({ id: '1', status: 'succeeded' });
      expect(cli(['runs'], dir)).toMatchObject({ code: 0, out: expect.stringContaining('succeeded') as unknown });
      expect(cli(['logs', '1'], dir)).toMatchObject({ code: 0, out: 'done\n' });
      expect(holder.exitCode).toBe(null); // still holding it
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('sees a runner killed outright as gone though its parent never reaps it (a zombie), so resume continues the run', async () => {
    const dir = makeProject(`${step('s', 'echo done')}- pipeline:
    name: p
    nodes:
      - {name: gate, type: execution, step: s, actions: [{when: node-starting, then: require-approval}]}
    edges: []
`);
    // A parent that starts the runner, kills it at the approval and then never waits for it.
    const parent = spawn('python3', ['-c', NEGLECTFUL_PARENT, process.execPath, join(ROOT, 'bin/pipewright.mjs'), 'run', '--pipeline', 'p'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const zombie = await new Promise<number>((found, failed) => {
        parent.stdout.once('data', (chunk: Buffer) => found(Number(chunk.toString().trim())));
        parent.once('exit', () => failed(new Error('the runner never waited for its approval')));
      });
      expect(readFileSync(`/proc/${zombie}/stat`, 'utf8')).toMatch(/\) Z /);
      expect(cli(['runs', '--json'], dir).out).toContain('"status": "interrupted"');
      expect(cli(['approve', '1', 'gate'], dir)).toMatchObject({ code: 0, err: expect.stringContaining('; run 1 is interrupted, so it goes on only once resumed: pipewright resume 1\n') as unknown });
      const resumed = cli(['resume', '1'], dir);
      expect(resumed.code, resumed.err).toBe(0);
      expect(cli(['logs', '1', 'gate'], dir).out).toBe('done\n');
    } finally {
      parent.kill('SIGKILL');
    }
  });
});

/** Starts argv[1:] with its output in a file, SIGKILLs it once it waits for an approval, prints its pid and sleeps without reaping it. */
const NEGLECTFUL_PARENT = String.raw`
import os, signal, sys, time
out = open('runner.out', 'w+')
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1), (os.POSIX_SPAWN_DUP2, out.fileno(), 2)])
for _ in range(600):
    time.sleep(0.05)
    if 'waits for approval' in open('runner.out').read():
        break
else:
    sys.exit(1)
os.kill(pid, signal.SIGKILL)
time.sleep(0.2)
print(pid, flush=True)
time.sleep(60)
`;
