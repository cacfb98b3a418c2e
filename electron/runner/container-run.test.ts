/**
 * `--container`: steps run in their image by a real Docker or Podman, against an image made of
 * this machine's own /bin/sh (test-support/container-image.ts). Skipped, saying why, where no
 * runtime can run a container.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerName } from './exec/container.ts';
import { containerSetup, PYTHON_IMAGE, pythonImage, TEST_IMAGE } from '../../test-support/container-image.ts';
import { cli, copyExampleProject, cliAsync, logText, makeProject, resume, run } from '../../test-support/runner.ts';
import { openStore } from './stored-runs.ts';
import type { RunEvent } from '../../shared/run/events.ts';

const setup = containerSetup();
if (!setup.ok) console.warn(`skipping electron/runner/container-run.test.ts: no container runtime can run a container here (${setup.why})`);

const saved: Record<string, string | undefined> = {};
let cancelNow: (() => void) | undefined;
beforeAll(() => {
  if (!setup.ok) return;
  for (const [name, value] of Object.entries(setup.env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function containersNamed(name: string): string[] {
  if (!setup.ok) return [];
  const out = spawnSync(setup.kind, ['ps', '--all', '--format', '{{.Names}}'], { encoding: 'utf8', env: { ...process.env, ...setup.env } }).stdout;
  return out.split('\n').filter((n) => n === name);
}

const MAKE = `- step:
    name: make
    image: ${TEST_IMAGE}
    command:
      - echo "cwd=$PWD out=$VH_OUTPUTS_DIR host=\${PIPEWRIGHT_HOST_ONLY:-none} token=$TOKEN declared=\${FROM_DOTENV:-none}"
      - cat data/seed.txt > /valohai/outputs/model.txt
      - "echo '{\\"accuracy\\": 0.93}'"
    environment-variables:
      - {name: TOKEN, default: from-the-step}
      - {name: FROM_DOTENV, optional: true}
`;

describe.skipIf(!setup.ok)('a run with --container', () => {
  it('runs each step in its image: the project at /valohai/repository, outputs handed on, metadata read, nothing of this machine’s environment but what the step declares', { timeout: 60_000 }, async () => {
    const yaml = `${MAKE}- step:
    name: use
    image: ${TEST_IMAGE}
    command: cat /valohai/inputs/model/model.txt && cat /valohai/config/execution.json /valohai/config/inputs.json
    inputs: [{name: model}]
- pipeline:
    name: p
    nodes:
      - {name: make, type: execution, step: make}
      - {name: use, type: execution, step: use}
    edges: [[make.output.model.txt, use.input.model]]
`;
    // A variable the step declares without a value comes in from the project's .env (or the shell); no other does.
    const dir = makeProject(yaml, { 'data/seed.txt': 'weights 42\n', '.env': 'FROM_DOTENV=given\nANOTHER_FROM_DOTENV=leaked\n' });
    process.env['PIPEWRIGHT_HOST_ONLY'] = 'leaked';
    const result = await run(dir, 'p', { container: true }).finally(() => delete process.env['PIPEWRIGHT_HOST_ONLY']);
    expect(result.status).toBe('succeeded');
    expect(logText(result.events, 'make')).toContain('cwd=/valohai/repository out=/valohai/outputs host=none token=from-the-step declared=given');
    expect(logText(result.events, 'use')).toContain('weights 42');
    expect(logText(result.events, 'use')).toContain(`"valohai.execution-image": "${TEST_IMAGE}"`);
    // inputs.json names each file where the step sees it (valohai-utils opens that path).
    expect(logText(result.events, 'use')).toContain('"path": "/valohai/inputs/model/model.txt"');
    // The inspector still lists it by its place in the input's folder.
    expect(JSON.parse(cli(['show', '1', '--json'], dir).out).nodes[1].executions[0].inputs).toEqual([expect.objectContaining({ input: 'model', path: 'model.txt' })]);
    expect(result.events.find((e) => e.type === 'node:metadata' && e.node === 'make')).toMatchObject({ values: { accuracy: 0.93 } });
    expect(readFileSync(join(dir, '.pipewright/executions/1.1/outputs/model.txt'), 'utf8')).toBe('weights 42\n');
    // show says where its steps ran.
    expect(cli(['show', '1'], dir).out).toMatch(new RegExp(`^run 1  p  succeeded  \\S+  steps in their images \\(${setup.ok ? setup.kind : ''}\\)\n`));
    expect(JSON.parse(cli(['show', '1', '--json'], dir).out)).toMatchObject({ container: setup.ok ? setup.kind : '' });
    // The runtime is said first.
    const warnings = result.events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));
    expect(warnings[0]).toMatch(new RegExp(`^each step that names an image runs in it, with ${setup.ok ? setup.kind : ''} `));
  });

  it('cancelled as it starts, leaves no container behind either', { timeout: 60_000 }, async () => {
    const dir = makeProject(`- step: {name: long, image: ${TEST_IMAGE}, command: 'sleep 300'}\n- pipeline: {name: p, nodes: [{name: long, type: execution, step: long}], edges: []}\n`);
    const result = await run(dir, 'p', {
      container: true,
      onEvent: (e) => {
        if (e.type === 'execution:start') cancelNow?.();
      },
      onStarted: (r) => (cancelNow = () => r.cancel()),
    });
    expect(result.status).toBe('cancelled');
    expect(containersNamed(containerName(join(dir, '.pipewright'), '1.1'))).toEqual([]);
  });

  it('cancelled, leaves no container behind', { timeout: 60_000 }, async () => {
    const dir = makeProject(`- step: {name: long, image: ${TEST_IMAGE}, command: 'echo started; sleep 300'}\n- pipeline: {name: p, nodes: [{name: long, type: execution, step: long}], edges: []}\n`);
    const name = containerName(join(dir, '.pipewright'), '1.1');
    let cancel: (() => void) | undefined;
    let whileRunning: string[] = [];
    const result = await run(dir, 'p', {
      container: true,
      onStarted: (r) => (cancel = () => r.cancel()),
      onEvent: (e) => {
        if (e.type !== 'node:log' || !e.lines.some((l) => l.text === 'started')) return;
        whileRunning = containersNamed(name);
        cancel?.();
      },
    });
    expect(result.status).toBe('cancelled');
    expect(whileRunning).toEqual([name]);
    expect(containersNamed(name)).toEqual([]);
  });

  it('killed with its runner, its container is removed when the project is next opened', { timeout: 90_000 }, async () => {
    const dir = makeProject(`- step: {name: long, image: ${TEST_IMAGE}, command: 'echo started; sleep 300'}\n- pipeline: {name: p, nodes: [{name: long, type: execution, step: long}], edges: []}\n`);
    const child = cliAsync(['run', '--container', '--json'], dir);
    await new Promise<void>((started) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('"started"')) started();
      });
    });
    const name = containerName(join(dir, '.pipewright'), '1.1');
    expect(containersNamed(name)).toEqual([name]);
    child.kill('SIGKILL');
    await new Promise((gone) => child.on('close', gone));
    expect(cli(['runs'], dir).out).toMatch(/interrupted/);
    expect(containersNamed(name)).toEqual([]);
  });

  it('resumed, runs its steps in their images again', { timeout: 60_000 }, async () => {
    const dir = makeProject(`- step: {name: once, image: ${TEST_IMAGE}, command: 'test -f ready && echo "in $PWD"'}\n- pipeline: {name: p, nodes: [{name: once, type: execution, step: once}], edges: []}\n`);
    expect((await run(dir, 'p', { container: true })).status).toBe('failed');
    writeFileSync(join(dir, 'ready'), '');
    const resumed = await resume(dir, '1');
    expect(resumed.status).toBe('succeeded');
    expect(logText(resumed.events)).toContain('in /valohai/repository');
  });

  it('has what its processes use read, as a step on this machine has', { timeout: 60_000 }, () => {
    // About 40 MiB in a shell variable, held for two seconds.
    const dir = makeProject(`- step: {name: hold, image: ${TEST_IMAGE}, command: 's=0123456789; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do s="$s$s"; done; sleep 2; echo held'}\n- pipeline: {name: p, nodes: [{name: hold, type: execution, step: hold}], edges: []}\n`);
    const result = cli(['run', '--container', '--json'], dir, { PIPEWRIGHT_USAGE_MS: '200' });
    expect(result.code).toBe(0);
    const samples = result.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RunEvent)
      .flatMap((e) => (e.type === 'execution:usage' ? [e.sample] : []));
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...samples.map((s) => s.memoryMb ?? 0))).toBeGreaterThan(30);
  });

  it('in a folder whose path has a colon, fails its node saying why, and records no execution', { timeout: 60_000 }, async () => {
    const dir = join(makeProject(''), 'data:2024');
    mkdirSync(dir);
    writeFileSync(join(dir, 'valohai.yaml'), `- step: {name: s, image: ${TEST_IMAGE}, command: 'echo never'}\n- pipeline: {name: p, nodes: [{name: s, type: execution, step: s}], edges: []}\n`);
    const result = await run(dir, 'p', { container: true });
    expect(result.status).toBe('failed');
    expect(result.events.find((e) => e.type === 'node:finish')).toMatchObject({ error: expect.stringContaining('data:2024 has a ":" in its path, which a container runtime\'s -v cannot mount') as unknown });
    expect(result.events.filter((e) => e.type === 'execution:start')).toEqual([]);
  });

  it('fails with hints about what its image lacks, not about this machine', { timeout: 60_000 }, () => {
    const dir = makeProject(`- step: {name: s, image: ${TEST_IMAGE}, command: 'nosuchtool --fast'}\n- pipeline: {name: p, nodes: [{name: s, type: execution, step: s}], edges: []}\n`);
    const hint = 'hint: "nosuchtool" is not a command in the step\'s image: use an image that has it, or install it in the command';
    const ran = cli(['run', '--container'], dir);
    expect(ran.code).toBe(1);
    expect(ran.out + ran.err).toContain(hint);
    expect(cli(['show', '1'], dir).out).toContain(hint);
  });

  it('runs the example project in its images: preprocess → sweep → evaluate → approval → publish, with real outputs', { timeout: 120_000 }, async (context) => {
    const python = setup.ok ? pythonImage(setup) : { ok: false as const, why: '' };
    if (!python.ok) return context.skip(`no Python image: ${python.why}`);
    const dir = makeProject('');
    copyExampleProject(dir);
    // Its steps name python:3.12-slim; here, an image of this machine's own Python stands in.
    writeFileSync(join(dir, 'valohai.yaml'), readFileSync(join(dir, 'valohai.yaml'), 'utf8').replaceAll('python:3.12-slim', PYTHON_IMAGE));
    const runner = cliAsync(['run', '--container', '--json'], dir);
    runner.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('"node:awaiting-approval"')) cli(['approve', '1', 'publish'], dir);
    });
    expect(await new Promise((exited) => runner.on('exit', exited))).toBe(0);
    const shown = JSON.parse(cli(['show', '1', '--json'], dir).out) as { container: string; nodes: { name: string; status: string; executions: { outputs: { path: string }[] }[] }[] };
    expect(shown.container).toBe(setup.ok ? setup.kind : '');
    expect(shown.nodes.map((n) => [n.name, n.status, n.executions.length])).toEqual([
      ['preprocess', 'succeeded', 1],
      ['sweep', 'succeeded', 3],
      ['evaluate', 'succeeded', 1],
      ['publish', 'succeeded', 1],
    ]);
    expect(shown.nodes[2]?.executions[0]?.outputs.map((o) => o.path).sort()).toEqual(['model.json', 'report.png']);
  });

  it("is held to its resources' memory maximum: a step that needs more is killed, and told why", { timeout: 60_000 }, async () => {
    const dir = makeProject(`- step:\n    name: greedy\n    image: ${TEST_IMAGE}\n    command: 's=0123456789; while :; do s="$s$s"; done'\n    resources: {memory: {max: 32}}\n- pipeline: {name: p, nodes: [{name: greedy, type: execution, step: greedy}], edges: []}\n`);
    const result = await run(dir, 'p', { container: true });
    expect(result.status).toBe('failed');
    expect(result.events.find((e) => e.type === 'execution:finish')).toMatchObject({ exitCode: 137, error: expect.stringContaining('more than its resources.memory.max of 32 MB') as unknown });
  });

  it('an image the runtime cannot find fails its node, saying the runtime could not start it', { timeout: 90_000 }, async () => {
    const dir = makeProject(`- step: {name: s, image: localhost/pipewright-missing:1, command: 'echo never'}\n- pipeline: {name: p, nodes: [{name: s, type: execution, step: s}], edges: []}\n`);
    const result = await run(dir, 'p', { container: true });
    expect(result.status).toBe('failed');
    expect(result.events.find((e) => e.type === 'execution:finish')).toMatchObject({ exitCode: 125, error: expect.stringMatching(/^exit code 125: the container runtime could not start the container/) as unknown });
    // It was pulled first (and failed), so the step's time limits would not have counted the download.
    expect(result.events).toContainEqual(expect.objectContaining({ type: 'run:warning', message: expect.stringContaining('pulling its image localhost/pipewright-missing:1 with') as unknown }));
    expect(existsSync(join(dir, '.pipewright/executions/1.1/outputs'))).toBe(true);
    openStore(dir).close();
  });
});

describe('--container without a runtime that answers', () => {
  it('refuses the run before it starts, saying why', () => {
    const dir = makeProject(`- step: {name: s, image: python:3.12, command: 'echo never'}\n- pipeline: {name: p, nodes: [{name: s, type: execution, step: s}], edges: []}\n`);
    const refused = cli(['run', '--container'], dir, { PIPEWRIGHT_CONTAINER_RUNTIME: 'docker', DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^pipewright: running steps in their images needs Docker or Podman: docker (is not installed|cannot run containers here: .+)\n$/);
    expect(existsSync(join(dir, '.pipewright/executions'))).toBe(false);
  });
});
