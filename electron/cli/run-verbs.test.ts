import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy } from '../../test-support/loaded-modules.ts';
import { cli, copyExampleProject, cliAsync, makeProject, onePipeline, processesWith, ROOT, step } from '../../test-support/runner.ts';

const PIPELINE = `
- step:
    name: talk
    image: x
    command: 'for i in 1 2 3; do echo "line $i"; sleep 0.1; done; echo "{\\"score\\": 3}"; echo problem >&2'
- step: {name: fail, image: x, command: 'exit 7'}
- pipeline:
    name: ok
    nodes: [{name: talk, type: execution, step: talk}]
    edges: []
- pipeline:
    name: bad
    nodes: [{name: f, type: execution, step: fail}, {name: after, type: execution, step: talk}]
    edges: [[f.dependency.x, after.dependency.x]]
- pipeline:
    name: stop
    nodes:
      - name: talk
        type: execution
        step: talk
        actions: [{when: node-complete, if: metadata.score > 2, then: stop-pipeline}]
    edges: []
`;

describe('pipewright run and friends', () => {
  it('run --json prints the run as NDJSON events and exits 0, 1 or 4 by how it ended', () => {
    const dir = makeProject(PIPELINE);
    const ok = cli(['run', '--pipeline', 'ok', '--json'], dir);
    expect(ok.code).toBe(0);
    const events = ok.out.trim().split('\n').map((line) => JSON.parse(line) as { type: string; status?: string });
    expect(events[0]?.type).toBe('run:start');
    expect(events.at(-1)).toMatchObject({ type: 'run:finish', status: 'succeeded' });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['node:start', 'execution:start', 'node:log', 'node:metadata', 'execution:finish', 'node:finish']));
    expect(cli(['run', '--pipeline', 'bad'], dir).code).toBe(1);
    expect(cli(['run', '--pipeline', 'stop'], dir).code).toBe(4);
  });

  it('run prints where each node put its outputs, and refuses what cannot run with a message', () => {
    const dir = makeProject(PIPELINE);
    const ok = cli(['run', '--pipeline', 'ok'], dir);
    expect(ok.err).toMatch(/outputs:\n {2}talk: \.pipewright\/executions\/1\.1\/outputs/);
    // A node reused from an earlier run has its outputs where that run made them, and says so.
    const reused = cli(['run', '--pipeline', 'ok', '--reuse', '1:talk'], dir);
    expect(reused.err).toMatch(/outputs:\n {2}talk: \.pipewright\/executions\/1\.1\/outputs/);
    expect(cli(['run', '--pipeline', 'nope'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('no pipeline named "nope"') as unknown });
    expect(cli(['run'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('--pipeline NAME is required') as unknown });
    expect(cli(['run', '--pipeline', 'ok', '--param', 'x'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('--param takes NAME=VALUE') as unknown });
    expect(cli(['run', '--pipeline', 'ok', '--node-param', 'n.x'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('--node-param takes NODE.NAME=VALUE (got "n.x")') as unknown });
    expect(cli(['run', '--pipeline', 'ok', '--jobs', '0'], dir).code).toBe(2);
    // The project's file may be named, but a file by another name is not what runs read.
    expect(cli(['run', 'valohai.yaml', '--pipeline', 'ok'], dir).code).toBe(0);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'other.yaml'), PIPELINE);
    expect(cli(['run', 'sub/other.yaml', '--pipeline', 'ok'], dir)).toMatchObject({
      code: 2,
      err: "pipewright run: sub/other.yaml: runs read the project's valohai.yaml, and sub has none (give the project folder, or name the file valohai.yaml)\n",
    });
  });

  it("says at the start the file's warnings about what it runs (as validate would), not those about other pipelines", () => {
    const dir = makeProject(`${step('score', 'echo "{\\"acc\\": {parameter-value:acc}}"', '    parameters: [{name: acc, type: float, default: 0.5}]\n')}${step('other', 'echo {parameter:nope}')}- pipeline:\n    name: p\n    nodes: [{name: s, type: execution, step: score}]\n    edges: []\n- pipeline:\n    name: q\n    nodes: [{name: o, type: execution, step: other}]\n    edges: []\n`);
    const { code, err } = cli(['run', '--pipeline', 'p'], dir);
    expect(code).toBe(0);
    const warnings = err.split('\n').filter((line) => line.startsWith('  warning: '));
    expect(warnings).toEqual([expect.stringMatching(/^ {2}warning: valohai\.yaml:4:\d+ Step "score": \{parameter-value:acc\} is inside another "\{…\}"/)]);
  });

  it('a file with many errors is refused with the first ten and a count, not a screenful', () => {
    const nodes = Array.from({ length: 30 }, (_, i) => `      - {name: n${i}, type: execution, step: missing}`).join('\n');
    const refused = cli(['run', '--pipeline', 'p'], makeProject(`- step: {name: a, image: x, command: x}\n- pipeline:\n    name: p\n    nodes:\n${nodes}\n    edges: []\n`));
    expect(refused.code).toBe(1);
    const lines = refused.err.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[1]).toBe('  valohai.yaml:5:43 Pipeline "p" node "n0" step "missing" does not exist (this file\'s steps: "a")');
    expect(lines[11]).toBe('  …and 20 more (pipewright validate lists them all)');
  });

  it('a parameter without a value is refused with what would give it one, and then runs', () => {
    const dir = makeProject(`
- step:
    name: fit
    image: x
    command: echo {parameters}
    parameters: [{name: rate, type: float}, {name: seed, type: integer}]
- pipeline:
    name: p
    parameters: [{name: lr, target: f.parameters.rate}]
    nodes: [{name: f, type: execution, step: fit}]
    edges: []
`);
    const refused = cli(['plan', '--pipeline', 'p'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('node "f": parameter "rate" has no value: pipeline parameter "lr" sets it and has no default (give it one, or for one run: --param lr=VALUE)');
    expect(refused.err).toContain('node "f": parameter "seed" has no value (give it a default or an edge, or for one run: --node-param f.seed=VALUE)');
    // A value it cannot take is said once, by the flag that gave it, not again as no value at all.
    const wrong = cli(['plan', '--pipeline', 'p', '--param', 'lr=0.1', '--node-param', 'f.seed=seven'], dir);
    expect(wrong).toMatchObject({ code: 1, err: 'pipewright plan: the run cannot start:\n  --node-param f.seed: "seven" is not an integer\n' });
    const given = cli(['run', '--pipeline', 'p', '--param', 'lr=0.1', '--node-param', 'f.seed=7'], dir);
    expect(given.code, given.err).toBe(0);
    expect(cli(['logs', 'latest', 'f'], dir).out).toBe('--rate=0.1 --seed=7\n');
    // Several values for a one-value parameter of an execution node: refused before anything runs.
    const many = cli(['run', '--pipeline', 'p', '--param', 'lr=0.1', '--param', 'lr+=0.2', '--node-param', 'f.seed=7'], dir);
    expect(many).toMatchObject({ code: 1, err: expect.stringContaining('node "f": parameter "rate" is given 2 values by pipeline parameter "lr", but it takes one (make the node a task to run one execution per value, or give the pipeline parameter one value: --param lr=VALUE)') as unknown });
    expect(cli(['runs', '--json'], dir).out).not.toContain('"id": "2"');
  });

  it('--env gives the run environment variables: a required one without a default lets it start, a declared default is replaced, another is added, and the file is not changed', () => {
    const yaml = `
- step:
    name: fine-tune
    image: x
    command: 'echo "token=$HF_TOKEN mode=$WANDB_MODE extra=$EXTRA"'
    environment-variables: [{name: HF_TOKEN, optional: false}, {name: WANDB_MODE, default: online}]
`;
    const dir = makeProject(yaml);
    const refused = cli(['run', '--step', 'fine-tune'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('environment variable HF_TOKEN is required (optional: false) and has no default: give it for this run (--env HF_TOKEN=…, or in Run with…)');
    const given = cli(['run', '--step', 'fine-tune', '--env', 'HF_TOKEN=hf_x=y', '--env', 'WANDB_MODE=disabled', '--env', 'EXTRA='], dir);
    expect(given.code, given.err).toBe(0);
    expect(cli(['logs', 'latest'], dir).out).toBe('token=hf_x=y mode=disabled extra=\n');
    expect(readFileSync(join(dir, 'valohai.yaml'), 'utf8')).toBe(yaml);
    expect(cli(['run', '--step', 'fine-tune', '--env', '1X=2'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('"1X" is not a name a shell can export') as unknown });
  });

  it("says where a sweep's outputs are by its count, first and last folder, not one folder per child", () => {
    const dir = makeProject(`
- step: {name: fit, image: x, command: 'echo {parameter-value:seed}', parameters: [{name: seed, type: integer, default: 0}]}
- task:
    name: many
    step: fit
    parameters: [{name: seed, style: multiple, rules: {items: [1, 2, 3, 4, 5]}}]
- pipeline:
    name: p
    nodes: [{name: sweep, type: task, task: many}]
    edges: []
`);
    const result = cli(['run', '--pipeline', 'p'], dir);
    expect(result.code, result.err).toBe(0);
    // First and last in execution order, whichever child finished first.
    expect(result.err).toContain('\n  sweep: 5 executions, .pipewright/executions/1.1/outputs … .pipewright/executions/1.5/outputs\n');
    // And a pipeline of many nodes by its first twenty.
    const wide = makeProject(`- step: {name: s, image: x, command: 'true'}\n- pipeline:\n    name: w\n    nodes:\n${Array.from({ length: 25 }, (_, i) => `      - {name: n${i}, type: execution, step: s}`).join('\n')}\n    edges: []\n`);
    const many = cli(['run', '--pipeline', 'w'], wide);
    expect(many.err.split('outputs:\n')[1]?.split('\n').filter((line) => line.startsWith('  '))).toHaveLength(21);
    expect(many.err).toContain('  … and 5 more nodes\n');
  });

  it("a failed step's last lines read as its terminal showed them: a progress bar's last drawing, no colour codes", () => {
    // (A pause between the two streams: stdout and stderr are two pipes, read in whichever order they arrive.)
    const dir = makeProject(step('fit', "printf '\\r 10%%\\r 50%%\\r 90%%\\n'; sleep 0.3; printf '\\033[31mValueError: bad rate\\033[0m\\n' >&2; exit 1") + onePipeline('fit', 'f'));
    const ran = cli(['run', '--pipeline', 'p'], dir);
    expect(ran.err).toContain('    │  90%\n    │ ValueError: bad rate\n');
    expect(cli(['show', 'latest'], dir).out).toContain('      │  90%\n      │ ValueError: bad rate\n');
    expect(cli(['logs', 'latest', 'f'], dir).out).toBe('\r 10%\r 50%\r 90%\n'); // the log keeps every byte
  });

  it("a step whose code opens /valohai/... itself fails with the way out: the VH_* folders", () => {
    // In the command it would be filled in; in the code it cannot be.
    const dir = makeProject(step('read', 'sh read.sh') + onePipeline('read', 'r'), { 'read.sh': 'cat /valohai/inputs/data/rows.csv\n' });
    const hint = "hint: the step's code names Valohai's fixed folders (/valohai/inputs, /valohai/outputs…); a run here puts each execution's elsewhere: read $VH_INPUTS_DIR, $VH_OUTPUTS_DIR, $VH_CONFIG_DIR (valohai-utils does)";
    expect(cli(['run', '--pipeline', 'p'], dir).err).toContain(hint);
    expect(cli(['show', 'latest'], dir).out).toContain(hint);
  });

  it("a Python step's /valohai/... file that is not there is said as its code named it, with where that is here, and no hint about the folders", () => {
    const dir = makeProject(step('read', 'python3 read.py') + onePipeline('read', 'r'), { 'read.py': "open('/valohai/inputs/data/rows.csv')\n" });
    const ran = cli(['run', '--pipeline', 'p'], dir);
    expect(ran.err).toContain("FileNotFoundError: [Errno 2] No such file or directory: '/valohai/inputs/data/rows.csv'");
    // (The note under the error needs Python 3.11's add_note; an older one gives the folders' hint.)
    if (spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 11))']).stdout.toString().trim() !== 'True') return;
    expect(ran.err).toMatch(/\(a run here has \/valohai\/inputs\/data\/rows\.csv at \S+\/inputs\/data\/rows\.csv\)/);
    expect(ran.err).not.toContain("names Valohai's fixed folders");
  });

  it('Ctrl+C cancels the run, its processes and all, and says so (exit 130)', async () => {
    const marker = `pw-ctrl-c-${process.pid}-${Date.now()}`;
    const dir = makeProject(step('wait', `sleep 30 # ${marker}`) + onePipeline('wait', 'w'));
    const runner = cliAsync(['run', '--pipeline', 'p'], dir);
    let err = '';
    runner.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => runner.on('exit', resolve));
    for (let i = 0; i < 200 && processesWith(marker).length === 0; i += 1) await new Promise((r) => setTimeout(r, 50));
    runner.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(err).toContain('cancelling the run (press Ctrl+C again to leave at once)…');
    expect(err).toMatch(/✘ w cancelled: cancelled with Ctrl\+C/);
    expect(processesWith(marker)).toEqual([]);
  });

  it('a project run from another folder: the commands it suggests reach it (--project), its folders are said as one can type them', async () => {
    const dir = makeProject(`${step('gate', 'true')}- pipeline:\n    name: p\n    nodes: [{name: g, type: execution, step: gate, actions: [{when: node-starting, then: require-approval}]}]\n    edges: []\n`);
    const elsewhere = mkdtempSync(join(tmpdir(), 'pipewright-elsewhere-'));
    const waiting = cliAsync(['run', dir, '--pipeline', 'p'], elsewhere);
    const exited = new Promise<number | null>((resolve) => waiting.once('exit', resolve));
    let err = '';
    waiting.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    for (let i = 0; i < 200 && !err.includes('waits for approval'); i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(err).toContain(`⏸ g waits for approval: pipewright approve 1 g --project ${dir}   (or reject)\n`);
    expect(cli(['approve', '1', 'g', '--project', dir], elsewhere).code).toBe(0);
    expect(await exited).toBe(0);
    expect(err).toContain(`outputs:\n  g: ${dir}/.pipewright/executions/1.1/outputs\n`);
    expect(err).toContain(`details: pipewright show 1 --project ${dir}    logs: pipewright logs 1 --project ${dir}\n`);
    expect(cli(['show', '1', '--project', dir], elsewhere).out).toContain(`  ${dir}/.pipewright/executions/1.1/outputs (0 files)`);
    // From the folder above it, the project goes by its name.
    const name = dir.split('/').pop() as string;
    expect(cli(['show', '1', '--project', name], join(dir, '..')).out).toContain(`  ${name}/.pipewright/executions/1.1/outputs (0 files)`);
  });

  it('a closed terminal (SIGHUP) stops the steps and records why, for resume to finish; writing to the gone terminal does not end it first', async () => {
    const marker = `pw-hangup-${process.pid}-${Date.now()}`;
    const dir = makeProject(step('wait', `test -e go || sleep 30 # ${marker}`) + onePipeline('wait', 'w'));
    const runner = cliAsync(['run', '--pipeline', 'p'], dir);
    const exited = new Promise<number | null>((resolve) => runner.on('exit', resolve));
    for (let i = 0; i < 200 && processesWith(marker).length === 0; i += 1) await new Promise((r) => setTimeout(r, 50));
    runner.stdout.destroy(); // as a terminal's end: what the runner writes next goes nowhere
    runner.stderr.destroy();
    runner.kill('SIGHUP');
    expect(await exited).toBe(130);
    expect(processesWith(marker)).toEqual([]);
    // Its step was running, so it is stopped as a cancel stops it (a run only waiting would be left interrupted).
    expect(JSON.parse(cli(['show', 'latest', '--json'], dir).out)).toMatchObject({ status: 'cancelled', error: 'the runner got SIGHUP; resume continues the run' });
    writeFileSync(join(dir, 'go'), '');
    expect(cli(['resume', 'latest'], dir).code).toBe(0);
    expect(JSON.parse(cli(['show', 'latest', '--json'], dir).out)).toMatchObject({ status: 'succeeded' });
  });

  it('a run whose output reader quits (pipewright run --json | head) stops its steps and records why, rather than vanishing with exit 0', async () => {
    const marker = `pw-epipe-${process.pid}-${Date.now()}`;
    const dir = makeProject(step('talk', `while :; do echo tick; sleep 0.05; done # ${marker}`) + onePipeline('talk', 't'));
    const runner = cliAsync(['run', '--pipeline', 'p', '--json'], dir);
    const exited = new Promise<number | null>((resolve) => runner.on('exit', resolve));
    for (let i = 0; i < 200 && processesWith(marker).length === 0; i += 1) await new Promise((r) => setTimeout(r, 50));
    runner.stdout.destroy();
    expect(await exited).toBe(130);
    expect(processesWith(marker)).toEqual([]);
    expect(JSON.parse(cli(['show', 'latest', '--json'], dir).out)).toMatchObject({ status: 'cancelled', error: "the runner's output closed (EPIPE); resume continues the run" });
  });

  it('a damaged runs.db is said as such, with what to do, and moving it aside starts afresh', () => {
    const dir = makeProject(PIPELINE);
    expect(cli(['run', '--pipeline', 'ok'], dir).code).toBe(0);
    writeFileSync(join(dir, '.pipewright', 'runs.db'), 'not a database at all, and long enough to be read as a header '.repeat(200));
    rmSync(join(dir, '.pipewright', 'runs.db-wal'), { force: true });
    rmSync(join(dir, '.pipewright', 'runs.db-shm'), { force: true });
    const said = 'pipewright: .pipewright/runs.db cannot be opened as the run database (file is not a database): move it aside (mv .pipewright/runs.db .pipewright/runs.db.broken)';
    for (const args of [['runs'], ['run', '--pipeline', 'ok'], ['show', 'latest']]) {
      const result = cli(args, dir);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.err).toContain(said);
    }
    renameSync(join(dir, '.pipewright', 'runs.db'), join(dir, '.pipewright', 'runs.db.broken'));
    expect(cli(['run', '--pipeline', 'ok'], dir).code).toBe(0);
  });

  it('runs a valohai.yaml saved on Windows (byte-order mark, CRLF), and says what a UTF-16 one is', () => {
    const dir = makeProject('');
    writeFileSync(join(dir, 'valohai.yaml'), `\ufeff${PIPELINE.replace(/\n/g, '\r\n')}`);
    expect(cli(['validate'], dir)).toMatchObject({ code: 0 });
    expect(cli(['run', '--pipeline', 'ok'], dir)).toMatchObject({ code: 0 });
    writeFileSync(join(dir, 'valohai.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PIPELINE, 'utf16le')]));
    const said = 'File is UTF-16 text (what Windows Notepad saves as "Unicode"): save it as UTF-8';
    expect(cli(['run', '--pipeline', 'ok'], dir)).toMatchObject({ code: 1, err: `pipewright: valohai.yaml cannot be read: ${said}\n` });
    expect(cli(['validate'], dir)).toMatchObject({ code: 1, out: `valohai.yaml:1:1 error ${said}\n` });
  });

  it('a file where the state folder goes is said as such (exit 1), not as an internal error', () => {
    const dir = makeProject(PIPELINE);
    writeFileSync(join(dir, '.pipewright'), 'not a folder');
    for (const args of [['run', '--pipeline', 'ok'], ['runs']]) {
      expect(cli(args, dir), args.join(' ')).toMatchObject({ code: 1, err: 'pipewright: .pipewright is a file, where Pipewright keeps a folder (its runs, logs and outputs): move it aside\n' });
    }
  });

  it('a local input default that is not there is refused before anything runs', () => {
    const dir = makeProject(step('count', 'cat $VH_INPUTS_DIR/data/*', '    inputs: [{name: data, default: data/rows.csv}]\n') + onePipeline('count', 'c'));
    const refused = cli(['run', '--pipeline', 'p'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('node "c": input "data" defaults to data/rows.csv, which is not a file on this machine (a path from the project folder)');
    expect(cli(['runs', '--json'], dir).out).toContain('"runs": []');
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'rows.csv'), 'a,b\n');
    expect(cli(['run', '--pipeline', 'p'], dir).code).toBe(0);
    // A folder given for one run: said how to take its files.
    expect(cli(['run', '--pipeline', 'p', '--node-input', 'c.data=data/'], dir)).toMatchObject({
      code: 1,
      err: expect.stringContaining(`node "c": input "data" is given data, which is a folder: name its files with a pattern (data/* for all of them, its subfolders' too, as on Valohai; add keep-directories: suffix to keep their folders)`) as unknown,
    });
    expect(cli(['run', '--pipeline', 'p', '--node-input', 'c.data=data/*'], dir).code).toBe(0);
  });

  it('--node-input gives an input its files for one run: paths as typed where the command runs, URLs as they are', () => {
    const dir = makeProject(step('count', 'cat $VH_INPUTS_DIR/data/*', '    inputs: [{name: data}]\n') + onePipeline('count', 'c'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'rows.txt'), 'in the project\n');
    const outside = join(mkdtempSync(join(tmpdir(), 'pipewright-outside-')), 'more.txt');
    writeFileSync(outside, 'from elsewhere\n');
    expect(cli(['run', '--pipeline', 'p'], dir)).toMatchObject({ code: 1, err: expect.stringContaining('input "data" has no default and no edge feeding it (give it one in the file, or for one run: --node-input c.data=PATH or URL)') as unknown });
    // Typed in sub/: rows.txt is sub/rows.txt of the project; += adds a second file.
    const given = cli(['run', '..', '--pipeline', 'p', '--node-input', 'c.data=rows.txt', '--node-input', `c.data+=${outside}`], join(dir, 'sub'));
    expect(given.code, given.err).toBe(0);
    expect(cli(['logs', 'latest', 'c'], dir).out).toBe('from elsewhere\nin the project\n');
    // Typed outside the project, a path that is not there but is in the project (as the file names its defaults): the project's.
    const above = cli(['run', basename(dir), '--pipeline', 'p', '--node-input', 'c.data=sub/rows.txt'], dirname(dir));
    expect(above.code, above.err).toBe(0);
    expect(cli(['logs', 'latest', 'c'], dir).out).toBe('in the project\n');
    expect(cli(['plan', '--pipeline', 'p', '--node-input', 'c.nope=x'], dir)).toMatchObject({ code: 1, err: expect.stringContaining('--node-input c.nope: node "c" has no input "nope" (it has: data)') as unknown });
    expect(cli(['run', '--pipeline', 'p', '--node-input', 'x.data=y'], dir).err).toContain('--node-input x.data: the pipeline has no node "x" (it has: c)');
    expect(cli(['run', '--pipeline', 'p', '--node-input', 'data=y'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('--node-input takes NODE.INPUT=URL') as unknown });
  });

  it('reads stored runs without loading the engine, the YAML parser or the schema code', () => {
    const dir = makeProject(PIPELINE);
    cli(['run', '--pipeline', 'ok'], dir);
    // Each of these took ~300 ms, most of it loading what a run needs (zod alone ~90 ms); ~140 ms now.
    for (const args of [['runs'], ['show', '1'], ['logs', '1', 'talk'], ['data']]) {
      const loaded = modulesLoadedBy(args, dir);
      expect(loaded, args.join(' ')).toContain('electron/runner/stored-runs.ts');
      expect(loaded.filter((path) => /^node_modules\/(yaml|zod|ajv)\/|^electron\/runner\/(engine\/|runner\.ts)|^shared\/valohai\/(parse|validate|schema|import)/.test(path)), args.join(' ')).toEqual([]);
    }
  });

  it('reading a project that has never run leaves it as it was: no .pipewright/ until a run starts', () => {
    const dir = makeProject(PIPELINE);
    const verbs = [['runs'], ['runs', '--json'], ['show', 'latest'], ['logs', '1'], ['data'], ['approve', '1'], ['cancel', 'latest'], ['prune', '--keep', '1'], ['plan', '--pipeline', 'ok', '--cache']];
    const answers = verbs.map((args) => cli(args, dir));
    expect(answers.map((a) => a.code)).toEqual([0, 0, 2, 2, 0, 2, 2, 0, 0]);
    expect(answers[0]?.err).toContain('no runs yet');
    expect(JSON.parse(answers[1]?.out ?? '')).toEqual({ runs: [], total: 0 });
    expect(answers[2]?.err).toContain('this project has no runs yet');
    expect(existsSync(join(dir, '.pipewright'))).toBe(false);
    expect(cli(['run', '--pipeline', 'ok'], dir).code).toBe(0);
    expect(cli(['runs'], dir).out).toMatch(/^ {3}1 {2}succeeded/);
  });

  it('runs, show and logs tell what happened', () => {
    const dir = makeProject(PIPELINE);
    cli(['run', '--pipeline', 'ok'], dir);
    cli(['run', '--pipeline', 'bad'], dir);
    expect(cli(['runs'], dir).out).toMatch(/^ {3}2 {2}failed .* bad .*\n {3}1 {2}succeeded .* ok\n$/);
    // When they started, by the user's clock: India's reads 5 h 30 min ahead of UTC's.
    const started = (zone: string): number => Date.parse(`${/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.exec(cli(['runs'], dir, { TZ: zone }).out)?.[0]?.replace(' ', 'T') ?? ''}Z`);
    expect((started('Asia/Kolkata') - started('UTC')) / 60_000).toBe(330);
    expect(JSON.parse(cli(['runs', '--json'], dir).out)).toMatchObject({ runs: [{ id: '2', status: 'failed' }, { id: '1', status: 'succeeded' }], total: 2 });
    // A list cut short says so; one pipeline's runs alone.
    expect(cli(['runs', '--limit', '1'], dir)).toMatchObject({ code: 0, err: '(the newest 1 of 2 runs; --all lists every one, --limit N the newest N)\n' });
    expect(cli(['runs', '--limit', '1'], dir).out).toMatch(/^ {3}2 {2}failed .* bad {2}\(node "f" failed: exit code 7\)\n$/);
    expect(cli(['runs', '--all'], dir)).toMatchObject({ code: 0, err: '' });
    expect(cli(['runs', '--pipeline', 'ok'], dir).out).toMatch(/^ {3}1 {2}succeeded .* ok\n$/);
    expect(JSON.parse(cli(['runs', '--pipeline', 'bad', '--json', '-n', '5'], dir).out)).toMatchObject({ runs: [{ id: '2' }], total: 1 });
    expect(cli(['runs', '--pipeline', 'nope'], dir)).toMatchObject({ code: 0, out: '', err: 'no runs of pipeline "nope" yet\n' });
    expect(cli(['runs', '--limit', '0'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('--limit must be a whole number of at least 1 (got "0")') as unknown });
    expect(cli(['runs', '--limit', '3', '--all'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('give --all or --limit N, not both') as unknown });
    const shown = JSON.parse(cli(['show', '1', '--json'], dir).out) as { nodes: { name: string; executions: { metadata: unknown; outputsDir: string }[] }[] };
    expect(shown.nodes[0]?.executions[0]?.metadata).toEqual({ score: 3 });
    const logs = cli(['logs', '1', 'talk'], dir);
    expect(logs.out).toBe('line 1\nline 2\nline 3\n{"score": 3}\n');
    expect(logs.err).toBe('problem\n');
    const json = cli(['logs', 'latest', 'f', '--json'], dir);
    expect(json.code).toBe(0);
    expect(cli(['logs', '1', 'ghost'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('no node "ghost"') as unknown });
    expect(cli(['logs', '2'], dir)).toMatchObject({ code: 2, err: 'pipewright logs: run 2 has 2 nodes: say which (pipewright logs 2 NODE; nodes: f, after)\n' });
    expect(cli(['logs', '1', 'tlak'], dir).err).toBe('pipewright logs: run 1 has no node "tlak" (did you mean "talk"? nodes: talk)\n');
    // approve: a name that is no node is a usage error; a node with nothing to approve, a request that cannot be met.
    expect(cli(['approve', '1', 'tlak'], dir)).toMatchObject({ code: 2, err: 'pipewright approve: run 1 has no node "tlak" (did you mean "talk"? nodes: talk)\n' });
    expect(cli(['approve', '1', 'talk'], dir)).toMatchObject({ code: 1, err: 'pipewright approve: node "talk" of run 1 is not waiting for approval\n' });
    // A node that ran nothing has no log: said, not an empty answer.
    expect(cli(['logs', '2', 'after'], dir)).toMatchObject({ code: 0, out: '', err: 'pipewright logs: node "after" of run 2 ran nothing, so it has no log (skipped: node "f" failed)\n' });
    // A run that is not there: said with the newest that is.
    expect(cli(['show', '99'], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/^pipewright show: no run 99 \(the newest is run \d+; pipewright runs lists them\)\n$/) as unknown });
    const empty = makeProject(PIPELINE);
    expect(cli(['logs', 'latest', 'talk'], empty)).toMatchObject({ code: 2, err: 'pipewright logs: this project has no runs yet\n' });
  });

  it('logs --follow streams a running node until its run ends', async () => {
    const dir = makeProject(PIPELINE);
    const runner = cliAsync(['run', '--pipeline', 'ok', '--json'], dir);
    await new Promise<void>((resolve) => runner.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('"execution:start"') && resolve()));
    const followed = cli(['logs', '1', 'talk', '--follow'], dir);
    expect(followed.out).toBe('line 1\nline 2\nline 3\n{"score": 3}\n');
    await new Promise((resolve) => runner.on('exit', resolve));
  });

  it('logs --follow ends, saying so, when the runner is killed rather than following forever', async () => {
    const dir = makeProject(`${step('tick', 'echo tick; sleep 20')}${onePipeline('tick')}`);
    const runner = cliAsync(['run', '--pipeline', 'p', '--json'], dir);
    await new Promise<void>((resolve) => runner.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('"node:log"') && resolve()));
    const follower = cliAsync(['logs', '1', 'tick', '--follow'], dir);
    let out = '';
    let err = '';
    follower.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    follower.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 500));
    runner.kill('SIGKILL');
    const started = Date.now();
    await new Promise((resolve) => follower.on('exit', resolve));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(out).toBe('tick\n');
    expect(err).toBe('pipewright logs: the runner of run 1 stopped before the run finished (pipewright resume 1 continues it)\n');
    expect(cli(['show', '1'], dir).out).toMatch(/^run 1 {2}p {2}interrupted/);
    // Followed once it had stopped: the log, and the same word on why there is no more.
    expect(cli(['logs', '1', 'tick', '--follow'], dir)).toMatchObject({ code: 0, out: 'tick\n', err: 'pipewright logs: the runner of run 1 stopped before the run finished (pipewright resume 1 continues it)\n' });
  });

  it('show prints the last lines of a failed execution', () => {
    // (A pause between the two streams: stdout and stderr are two pipes, read in whichever order they arrive.)
    const dir = makeProject(`${step('crash', 'for i in 1 2 3 4 5 6 7; do echo "step $i"; done; sleep 0.3; echo "ValueError: bad rate" >&2; exit 1')}${onePipeline('crash')}`);
    cli(['run', '--pipeline', 'p'], dir);
    expect(cli(['show', 'latest'], dir).out).toContain('      │ step 4\n      │ step 5\n      │ step 6\n      │ step 7\n      │ ValueError: bad rate\n');
  });

  it('logs shows a running step\'s lines while it still runs, from another process', { timeout: 60_000 }, async () => {
    // The step waits for the test to let it go, so "still running" does not depend on timing.
    const dir = makeProject(`${step('slow', 'echo first; while [ ! -e release ]; do sleep 0.05; done; echo second')}${onePipeline('slow')}`);
    const runner = cliAsync(['run', '--pipeline', 'p', '--json'], dir);
    const exited = new Promise((resolve) => runner.on('exit', resolve));
    await new Promise<void>((resolve) => runner.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('"execution:start"') && resolve()));
    let seen = '';
    try {
      for (const deadline = Date.now() + 20_000; !seen.includes('first') && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 50));
        seen = cli(['logs', 'latest', 'slow'], dir).out;
      }
      expect(seen).toBe('first\n');
    } finally {
      writeFileSync(join(dir, 'release'), '');
    }
    await exited;
    expect(cli(['logs', 'latest', 'slow'], dir).out).toBe('first\nsecond\n');
  });

  it('documents every verb and exit code in --help', () => {
    const help = cli(['--help'], ROOT).out;
    for (const verb of ['validate', 'graph', 'run', 'plan', 'runs', 'show', 'logs', 'approve', 'reject', 'cancel', 'resume']) expect(help).toContain(`pipewright ${verb}`);
    for (const code of ['0 ', '1 ', '2 ', '3 ', '4 ', '130']) expect(help).toContain(`  ${code}`);
  });
});

describe('the example project', () => {
  it('runs preprocess → sweep → evaluate → approval → publish with real outputs', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-example-'));
    copyExampleProject(dir);
    const runner = cliAsync(['run', '--pipeline', 'train-and-ship', '--json'], dir);
    let out = '';
    runner.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (chunk.toString().includes('"node:awaiting-approval"')) cli(['approve', '1', 'publish', '--comment', 'looks good'], dir);
    });
    const code = await new Promise((resolve) => runner.on('exit', resolve));
    expect(code).toBe(0);
    const shown = JSON.parse(cli(['show', '1', '--json'], dir).out) as { nodes: { name: string; status: string; executions: { outputsDir: string; metadata: Record<string, unknown>; outputs: { path: string }[] }[] }[] };
    expect(shown.nodes.map((n) => [n.name, n.status])).toEqual([
      ['preprocess', 'succeeded'],
      ['sweep', 'succeeded'],
      ['evaluate', 'succeeded'],
      ['publish', 'succeeded'],
    ]);
    const byName = Object.fromEntries(shown.nodes.map((n) => [n.name, n]));
    expect(byName['sweep']?.executions).toHaveLength(3);
    const evaluate = byName['evaluate']?.executions[0];
    expect(evaluate?.outputs.map((o) => o.path).sort()).toEqual(['model.json', 'report.png']);
    expect(readFileSync(join(evaluate?.outputsDir ?? '', 'report.png')).subarray(1, 4).toString()).toBe('PNG');
    const best = Math.max(...(byName['sweep']?.executions.map((e) => Number(e.metadata['accuracy'])) ?? []));
    expect(evaluate?.metadata['accuracy']).toBe(best);
    expect(readFileSync(join(byName['preprocess']?.executions[0]?.outputsDir ?? '', 'dataset.csv'), 'utf8').startsWith('x1,x2,label\r\n')).toBe(true);
    expect(out).toContain('"decision":"approved"');
  });

  it('stops before the approval gate when the model is not good enough', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-example-'));
    copyExampleProject(dir);
    const result = cli(['run', '--pipeline', 'train-and-ship', '--node-param', 'preprocess.noise=0.5'], dir);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/evaluate" stopped the pipeline/);
    expect(result.err).toMatch(/publish skipped/);
  });
});
