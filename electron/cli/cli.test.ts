import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const example = join(root, 'resources/example-project');
const fixtures = join(root, 'test-fixtures/valohai-yaml');

/** Runs the real `pipewright` binary as a user would. */
function pipewright(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/pipewright.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  expect(result.stderr + result.stdout, 'no stack trace reaches the user').not.toMatch(/\n\s+at .+:\d+:\d+/);
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('pipewright validate', () => {
  it('passes a valid project folder with exit 0', () => {
    const { code, err } = pipewright('validate', example);
    expect(code).toBe(0);
    expect(err).toContain('valid');
  });

  it('prints file:line:col severity message and exits 1 on errors', () => {
    const { code, out } = pipewright('validate', join(fixtures, 'invalid-edge-parts.yaml'));
    expect(code).toBe(1);
    expect(out).toMatch(/invalid-edge-parts\.yaml:19:42 error Target specifier 'batch2\.input' must have 3 parts/);
  });

  it('exits 0 when there are only warnings', () => {
    const { code, out } = pipewright('validate', join(fixtures, 'targetless-pipeline-params.yaml'));
    expect(code).toBe(0);
    expect(out).toMatch(/:\d+:\d+ warning .*no targets/);
  });

  it('prints JSON diagnostics with --json', () => {
    const { code, out } = pipewright('validate', join(fixtures, 'invalid-upload-store-value.yaml'), '--json');
    expect(code).toBe(1);
    const parsed = JSON.parse(out) as { diagnostics: Record<string, unknown>[] };
    expect(parsed.diagnostics[0]).toMatchObject({ severity: 'error', line: 4, column: 19, message: expect.stringContaining('too long') as unknown });
  });

  it("gives a diagnostic's fix in its JSON where the message says what was meant", () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-fix-'));
    writeFileSync(join(dir, 'valohai.yaml'), '- step: {name: train, image: python:3.12, command: python train.py}\n- pipeline:\n    name: p\n    nodes: [{name: t, type: execution, step: trian}]\n    edges: []\n');
    const parsed = JSON.parse(pipewright('validate', dir, '--json').out) as { diagnostics: Record<string, unknown>[] };
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ code: 'node-unknown-step', fix: { kind: 'set-value', label: 'use step "train"', path: [1, 'pipeline', 'nodes', 0, 'step'], value: 'train' } })]);
  });

  it('names the command a mistyped one meant', () => {
    expect(pipewright('valdate', '.')).toMatchObject({ code: 2, err: 'pipewright: unknown command "valdate" (did you mean validate?)\nRun "pipewright --help" for usage.\n' });
    expect(pipewright('zzz')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "zzz"\n') as unknown });
    // Valohai's CLI's commands, typed out of habit: the one here.
    expect(pipewright('exec', 'run', 'train', '--adhoc')).toMatchObject({ code: 2, err: 'pipewright: unknown command "exec": `vh exec run train` is Valohai\'s CLI\'s; here it is pipewright run --step train\nRun "pipewright --help" for usage.\n' });
    expect(pipewright('pipeline', 'run', 'night run').err).toContain('`vh pipeline run "night run"` is Valohai\'s CLI\'s; here it is pipewright run --pipeline "night run"\n');
    expect(pipewright('lint').err).toContain('`vh lint` is Valohai\'s CLI\'s; here it is pipewright validate\n');
    expect(pipewright('execution', 'watch', '12').err).toContain('here it is pipewright logs RUN NODE --follow\n');
  });

  it('makes the offered fixes with --fix, writes only those changes and reports what is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-fix-'));
    const file = join(dir, 'valohai.yaml');
    const text = '# mine\n- step: {name: train, image: python:3.12, command: python train.py}\n- pipeline:\n    name: p\n    nodes:\n      - {name: t, type: execution, step: trian}  # here\n      - {name: u, type: execution, step: nope}\n    edges: []\n';
    writeFileSync(file, text);
    const { code, out, err } = pipewright('validate', dir, '--fix');
    expect(code).toBe(1); // the step no name is near stays an error
    expect(out.split('\n')[0]).toMatch(/valohai\.yaml:6:\d+ fixed: use step "train"$/);
    expect(out).toContain('step "nope" does not exist');
    expect(err).toContain('1 fixed, written');
    expect(readFileSync(file, 'utf8')).toBe(text.replace('step: trian}', 'step: train}'));
    const again = JSON.parse(pipewright('validate', dir, '--fix', '--json').out) as { fixed: unknown[]; diagnostics: unknown[] };
    expect(again).toMatchObject({ fixed: [], diagnostics: [expect.objectContaining({ code: 'node-unknown-step' })] });
    writeFileSync(file, `\uFEFF${text}`);
    expect(pipewright('validate', dir, '--fix')).toMatchObject({ code: 2, err: expect.stringContaining('--fix writes UTF-8 files only') as unknown });
    expect(readFileSync(file, 'utf8')).toBe(`\uFEFF${text}`);
  });

  it('still exits 1 on errors when its reader has quit (validate | head under pipefail reads a broken file as broken)', async () => {
    const child = spawn(process.execPath, [join(root, 'bin/pipewright.mjs'), 'validate', join(fixtures, 'invalid-edge-parts.yaml')], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.destroy(); // as head that has quit: every write fails with EPIPE
    expect(await new Promise((exited) => child.once('exit', exited))).toBe(1);
  });

  it('says clearly when the file or the valohai.yaml is missing (exit 2)', () => {
    const missing = pipewright('validate', '/no/such/place');
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining('no such file or folder') as unknown });
    const empty = pipewright('validate', mkdtempSync(join(tmpdir(), 'pipewright-empty-')));
    expect(empty).toMatchObject({ code: 2, err: expect.stringContaining('has no valohai.yaml') as unknown });
    expect(JSON.parse(pipewright('validate', '/no/such/place', '--json').out)).toMatchObject({ error: { code: 'usage' } });
  });

  it('says a binary file is not YAML (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-binary-'));
    writeFileSync(join(dir, 'valohai.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff, 0xfe]));
    const { code, out } = pipewright('validate', dir);
    expect(code).toBe(1);
    expect(out).toContain('valohai.yaml:1:1 error File is binary');
    writeFileSync(join(dir, 'valohai.yaml'), Buffer.from([0x2d, 0x20, 0xff, 0xfe, 0x0a]));
    expect(pipewright('validate', dir).out).toContain('not UTF-8');
  });

  it('refuses unknown flags and commands with exit 2', () => {
    expect(pipewright('validate', '--frobnicate').code).toBe(2);
    expect(pipewright('frobnicate').code).toBe(2);
    expect(pipewright('--help')).toMatchObject({ code: 0, out: expect.stringContaining('Exit codes') as unknown });
  });

  it('names the option a misspelt flag meant, and the options a verb has', () => {
    expect(pipewright('validate', '--jsn')).toMatchObject({ code: 2, err: expect.stringContaining('validate has no option --jsn (did you mean --json?); its options: --json, --fix, --help') as unknown });
    expect(pipewright('run', '--pipline', 'x').err).toContain('run has no option --pipline (did you mean --pipeline?)');
    expect(pipewright('logs', '1', 'a', '--folow').err).toContain('(did you mean --follow?)');
    // Each verb takes its own options: follow belongs to logs, not to runs.
    expect(pipewright('runs', '--follow')).toMatchObject({ code: 2, err: expect.stringContaining('runs has no option --follow; its options: --pipeline, --limit, --all, --project, --json, --help') as unknown });
    expect(pipewright('run', '--pipeline').err).toContain('--pipeline needs a value');
    expect(pipewright('validate', '--json=yes').err).toContain('--json takes no value');
    expect(pipewright('resume', '1', '--jobs', '0', '--project', example)).toMatchObject({ code: 2, err: expect.stringContaining('--jobs must be a whole number') as unknown });
  });

  it("says the --param and --node-param a parameter given as Valohai's CLI gives it (--lr=0.1, --train.epochs 200) is written as here", () => {
    expect(pipewright('run', '--pipeline', 'p', '--train.epochs', '200')).toMatchObject({
      code: 2,
      err: expect.stringContaining("run has no option --train.epochs (a node's parameter is given as --node-param train.epochs=200, where Valohai's CLI takes --train.epochs=200)") as unknown,
    });
    expect(pipewright('plan', '--step', 's', '--learning_rate=0.01').err).toContain("(a parameter is given as --param learning_rate=0.01, where Valohai's CLI takes --learning_rate=0.01)");
    // A verb that takes no parameters says nothing of them.
    expect(pipewright('runs', '--lr=1').err).toContain('runs has no option --lr; its options:');
    // A value with :// is an input's, as Valohai's CLI tells them apart.
    expect(pipewright('run', '--pipeline', 'p', '--train.data=s3://b/x.csv').err).toContain("(a node's input is given as --node-input train.data=s3://b/x.csv, where Valohai's CLI takes --train.data=s3://b/x.csv)");
    expect(pipewright('run', '--step', 's', '--data', 'https://e.com/x.csv').err).toContain("(a step's input is given as --input data=https://e.com/x.csv (with --step), where Valohai's CLI takes --data=https://e.com/x.csv)");
    // Names beyond ASCII, as valohai.yaml may have them.
    expect(pipewright('run', '--pipeline', 'p', '--träin.α=3').err).toContain("(a node's parameter is given as --node-param träin.α=3, where Valohai's CLI takes --träin.α=3)");
  });

  it("says what stands here for Valohai's CLI's own options (--adhoc, --watch, --var, --commit), rather than taking them for parameters", () => {
    expect(pipewright('run', '--pipeline', 'p', '--adhoc')).toMatchObject({
      code: 2,
      err: expect.stringContaining("run has no option --adhoc (--adhoc is an option of Valohai's CLI: a run here takes the project folder as it is now, uncommitted changes and all; leave it out)") as unknown,
    });
    expect(pipewright('plan', '--pipeline', 'p', '-a').err).toContain("(-a is an option of Valohai's CLI: a run here takes the project folder as it is now");
    expect(pipewright('run', '--pipeline', 'p', '--watch').err).toContain('from another terminal, pipewright logs RUN NODE --follow)');
    expect(pipewright('run', '--pipeline', 'p', '--var', 'X=1').err).toContain("(--var is an option of Valohai's CLI: an environment variable is given as --env NAME=VALUE)");
    expect(pipewright('run', '--pipeline', 'p', '--tag', 'x').err).toContain('runs here are numbered and have no tags');
    expect(pipewright('logs', '1', 'a', '--stream').err).toContain("logs has no option --stream (--stream is an option of Valohai's CLI: here logs follows a running node with --follow)");
    expect(pipewright('export', '--pipeline', 'p', '--commit', 'abc').err).toContain("(--commit is an option of Valohai's CLI: here the commit the pods clone is given as --revision SHA)");
    // What is no option of theirs is still a parameter as they write it, or a misspelling.
    expect(pipewright('run', '--pipeline', 'p', '--tags').err).toContain('(did you mean --task?)');
    expect(pipewright('run', '--pipeline', 'p', '--constructor=1').err).toContain('a parameter is given as --param constructor=1');
  });

  it('says the format of export is --to\'s when it is typed as a word (pipewright export argo PATH)', () => {
    expect(pipewright('export', 'argo', example, '--pipeline', 'train-and-ship')).toMatchObject({
      code: 2,
      err: expect.stringContaining(`export: the format is given with --to argo (the default, so it may be left out): pipewright export ${example} --to argo`) as unknown,
    });
  });
});

describe('pipewright graph', () => {
  it('lists the pipelines when none is named', () => {
    expect(pipewright('graph', example)).toMatchObject({ code: 0, out: 'train-and-ship\t4 nodes, 5 edges\n' });
    expect(JSON.parse(pipewright('graph', example, '--json').out)).toEqual({ pipelines: [{ name: 'train-and-ship', nodes: 4, edges: 5 }] });
  });

  it('prints the levels as JSON', () => {
    const { code, out } = pipewright('graph', example, '--pipeline', 'train-and-ship', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ pipeline: 'train-and-ship', levels: [['preprocess'], ['sweep'], ['evaluate'], ['publish']] });
  });

  it('prints the levels for people and a Mermaid diagram for docs', () => {
    expect(pipewright('graph', example, '-p', 'train-and-ship').out).toContain('  1. preprocess\n  2. sweep\n');
    const mermaid = pipewright('graph', example, '-p', 'train-and-ship', '--format', 'mermaid').out;
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid).toContain('n1 -->|"output:model* → input:model"| n2');
  });

  it('names the pipelines when asked for one that does not exist (exit 2)', () => {
    const { code, err } = pipewright('graph', example, '--pipeline', 'nope');
    expect(code).toBe(2);
    expect(err).toContain('"train-and-ship"');
  });

  it('exits 1 with the cycle when a pipeline can never finish', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-cycle-'));
    writeFileSync(
      join(dir, 'valohai.yaml'),
      '- step: {name: s, image: x, command: c}\n- pipeline:\n    name: loop\n    nodes:\n      - {name: a, type: execution, step: s}\n      - {name: b, type: execution, step: s}\n    edges:\n      - [a.output.x, b.input.y]\n      - [b.output.x, a.input.y]\n',
    );
    const { code, err } = pipewright('graph', dir, '--pipeline', 'loop');
    expect(code).toBe(1);
    expect(err).toContain('a → b → a');
  });

  it('reports an unreadable file instead of a graph', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-broken-'));
    copyFileSync(join(fixtures, 'invalid-YAML-indentation.yaml'), join(dir, 'valohai.yaml'));
    const { code, err } = pipewright('graph', dir);
    expect(code).toBe(1);
    expect(err).toMatch(/valohai\.yaml:\d+:\d+ error YAML syntax error/);
  });

  it('says why run, plan and export find no pipeline or step in a file that is not read as YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-broken-'));
    // Braces inside a flow map: the whole file is unreadable, not a file without pipelines.
    writeFileSync(join(dir, 'valohai.yaml'), '- step: {name: a, image: x, command: python3 a.py {parameter-value:n}}\n- pipeline: {name: p, nodes: [{name: a, type: execution, step: a}], edges: []}\n');
    // Named, or not (the file's only pipeline would be taken): what to fix comes first, not a flag to give.
    for (const args of [['run', dir, '--pipeline', 'p'], ['plan', dir, '--step', 'a'], ['export', dir, '--pipeline', 'p'], ['run', dir], ['plan', dir], ['export', dir]]) {
      const { code, err } = pipewright(...args);
      expect(code, args.join(' ')).toBe(1);
      expect(err).toMatch(/valohai\.yaml cannot be read; fix it first:\n {2}valohai\.yaml:1:\d+ YAML syntax error: /);
      expect(err).not.toContain('no pipeline named');
      expect(err).not.toContain('is required');
    }
  });
});

describe('--json', () => {
  it('says every error that ends a command as JSON on stdout too: a document, or one line among the NDJSON of run, resume and logs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-json-'));
    copyFileSync(join(example, 'valohai.yaml'), join(dir, 'valohai.yaml'));
    const cases: [string[], number, string, RegExp][] = [
      [['run', dir, '--pipeline', 'nope', '--json'], 2, 'usage', /no pipeline named "nope"/],
      [['run', dir, '--pipelin', 'x', '--json'], 2, 'usage', /did you mean --pipeline/],
      [['resume', '7', '--project', dir, '--json'], 2, 'usage', /no run 7/],
      [['logs', '7', '--project', dir, '--json'], 2, 'usage', /no run 7/],
      [['show', '7', '--project', dir, '--json'], 2, 'usage', /no run 7/],
      [['runs', '--project', '/no/such/place', '--json'], 2, 'usage', /no such file or folder/],
      [['plan', dir, '--pipeline', 'nope', '--json'], 2, 'usage', /no pipeline named "nope"/],
      [['run', dir, '--pipeline', 'evaluate', '--json'], 2, 'usage', /no pipeline named "evaluate" \(pipelines: train-and-ship\); "evaluate" is a step: name it with --step "evaluate"/],
      [['plan', dir, '--pipeline', 'lr-sweep', '--json'], 2, 'usage', /"lr-sweep" is a task: name it with --task "lr-sweep"/],
      [['approve', '7', '--project', dir, '--json'], 2, 'usage', /no run 7/],
      [['prune', '--project', dir, '--json'], 2, 'usage', /say what goes/],
    ];
    for (const [args, code, kind, message] of cases) {
      const answer = pipewright(...args);
      expect(answer.code, args.join(' ')).toBe(code);
      // And on stderr, as without --json, for a person watching.
      expect(answer.err, args.join(' ')).toMatch(new RegExp(`^pipewright( ${args[0] ?? ''})?: .*${message.source}`));
      const streams = ['run', 'resume', 'logs'].includes(args[0] ?? '');
      if (streams) expect(answer.out.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(JSON.parse(answer.out), args.join(' ')).toEqual({ error: { code: kind, message: expect.stringMatching(message) as unknown } });
    }
    // Without --json the same error is that line on stderr alone.
    expect(pipewright('show', '7', '--project', dir)).toMatchObject({ code: 2, out: '', err: 'pipewright show: no run 7: this project has no runs yet\n' });
  });
});

describe('starting', () => {
  it("does not load Node's TypeScript stripper once its modules are in the compile cache (0.1 s of every command)", () => {
    // Node's own list of the internal modules it loaded, written as the command exits.
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-start-'));
    const hook = join(dir, 'hook.mjs');
    const out = join(dir, 'loaded.json');
    writeFileSync(hook, "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.PIPEWRIGHT_LOADED_OUT, JSON.stringify(process.moduleLoadList)));\n");
    const start = (): string[] => {
      const result = spawnSync(process.execPath, ['--import', hook, join(root, 'bin/pipewright.mjs'), '--help'], { cwd: root, encoding: 'utf8', env: { ...process.env, PIPEWRIGHT_LOADED_OUT: out } });
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')) as string[];
    };
    start(); // fills the cache, should it be empty
    const loaded = start();
    expect(loaded.some((m) => m.includes('internal/modules/typescript'))).toBe(true); // (the list is the one meant)
    expect(loaded.filter((m) => m.includes('amaro'))).toEqual([]);
  });
});
