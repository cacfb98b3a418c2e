/**
 * Executions start through the launcher (a small python3 process) where it runs, else from Node
 * (`PIPEWRIGHT_SPAWN=node`, or no python3). A user must not be able to tell which one ran a step:
 * the same streams, metadata, exit codes, signals, start failures, clean signal dispositions and
 * no orphans when the runner is killed. Each case runs the real CLI in both modes.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../shared/run/events.ts';
import { cli, cliAsync, makeProject, onePipeline, processesWith, step } from '../../../test-support/runner.ts';

const MODES = [
  { mode: 'launcher', env: {} },
  { mode: 'node', env: { PIPEWRIGHT_SPAWN: 'node' } },
] as const;

/** A pipeline `p` running step `second` after step `first`, whether or not `first` fails. */
function afterFailure(first: string, second: string): string {
  return `- pipeline:
    name: p
    nodes:
      - {name: ${first}, type: execution, step: ${first}, on-error: continue}
      - {name: ${second}, type: execution, step: ${second}}
    edges: [[${first}.dependency.x, ${second}.dependency.x]]
`;
}

function events(out: string): RunEvent[] {
  return out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RunEvent);
}

function logLines(all: readonly RunEvent[]): { stream: string; text: string }[] {
  return all.flatMap((e) => (e.type === 'node:log' ? e.lines.map((l) => ({ stream: l.stream, text: l.text })) : []));
}

function finish(all: readonly RunEvent[]): Extract<RunEvent, { type: 'execution:finish' }> | undefined {
  return all.find((e): e is Extract<RunEvent, { type: 'execution:finish' }> => e.type === 'execution:finish');
}

describe.each(MODES)('executions started by $mode', ({ env }) => {
  it('keeps stdout and stderr apart, reads metadata and reports the exit code', () => {
    const dir = makeProject(`${step('s', 'echo out; echo err >&2; echo \'{"loss": 0.25}\'; exit 3')}${onePipeline('s')}`);
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, env);
    expect(result.code).toBe(1);
    const all = events(result.out);
    expect(logLines(all)).toEqual(
      expect.arrayContaining([
        { stream: 'stdout', text: 'out' },
        { stream: 'stderr', text: 'err' },
      ]),
    );
    expect(all.find((e) => e.type === 'node:metadata')).toMatchObject({ values: { loss: 0.25 } });
    expect(finish(all)).toMatchObject({ status: 'failed', exitCode: 3, error: 'exit code 3' });
  });

  it('says which signal ended a step', () => {
    const dir = makeProject(`${step('s', 'kill -TERM $$')}${onePipeline('s')}`);
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, env);
    expect(finish(events(result.out))).toMatchObject({ status: 'failed', error: 'killed by SIGTERM' });
  });

  it('gives steps an empty stdin and default signal handling (a closed pipe ends `yes` quietly)', () => {
    const dir = makeProject(`${step('s', 'cat; yes | head -n 2; echo done')}${onePipeline('s')}`);
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, env);
    expect(result.code, result.err).toBe(0);
    expect(logLines(events(result.out))).toEqual([
      { stream: 'stdout', text: 'y' },
      { stream: 'stdout', text: 'y' },
      { stream: 'stdout', text: 'done' },
    ]);
  });

  it('reports a command that cannot start as the step failing, with the reason', () => {
    const dir = makeProject(`${step('s', '#!/no/such/interpreter\necho never')}${onePipeline('s')}`);
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, env);
    expect(result.code).toBe(1);
    expect(finish(events(result.out))).toMatchObject({ status: 'failed', error: expect.stringMatching(/^could not start: .*(ENOENT|No such file)/) });
  });

  it('starts odd text the same way: a NUL byte fails only its step, a lone surrogate becomes U+FFFD', () => {
    const dir = makeProject(`
- step:
    name: nul
    image: x
    command: "echo a\\0b"
- step:
    name: odd
    image: x
    command: 'printf "%s" "$ODD"'
    environment-variables: [{name: ODD, default: "x\\ud800y"}]
${afterFailure('nul', 'odd')}`);
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, env);
    const all = events(result.out);
    const finishes = all.filter((e): e is Extract<RunEvent, { type: 'execution:finish' }> => e.type === 'execution:finish');
    expect(finishes.map((e) => [e.node, e.status])).toEqual([
      ['nul', 'failed'],
      ['odd', 'succeeded'],
    ]);
    expect(finishes[0]?.error).toMatch(/^could not start: .*null/i);
    expect(logLines(all)).toContainEqual({ stream: 'stdout', text: 'x\uFFFDy' });
  });

  it('does not wait for a process that left the step\'s group and holds its output', () => {
    const marker = `pw-held-${process.pid}-${Date.now()}`;
    const dir = makeProject(`${step('s', `python3 -c "import os, time; os.fork() or (os.setsid(), time.sleep(30))" ${marker}; echo started`)}${onePipeline('s')}`);
    const started = Date.now();
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, env);
    const left = processesWith(marker);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(result.code, result.err).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(logLines(events(result.out))).toContainEqual({ stream: 'stdout', text: 'started' });
    // The launcher ends it with the step; Node's spawn cannot tell it is the step's, and says so.
    const warned = events(result.out).some((e) => e.type === 'run:warning' && e.message.includes('outside its process group (setsid, a daemon) still held its output'));
    expect(warned).toBe(left.length > 0);
    expect(left.length > 0).toBe('PIPEWRIGHT_SPAWN' in env);
  });

  it('leaves nothing running when the runner is killed with SIGKILL', async () => {
    const marker = `pw-spawn-${process.pid}-${Date.now()}`;
    const dir = makeProject(`${step('s', `sh -c "sleep 60 # ${marker}" & echo started; wait`)}${onePipeline('s')}`);
    const runner = cliAsync(['run', '--pipeline', 'p', '--json'], dir, env);
    const deadline = Date.now() + 20_000;
    while (processesWith(marker).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(processesWith(marker).length).toBeGreaterThan(0);
    runner.kill('SIGKILL');
    const gone = Date.now() + 5000;
    while (processesWith(marker).length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    expect(processesWith(marker)).toEqual([]);
  });
});

describe('the launcher', () => {
  it("ends with a command what left its group (setsid, a daemon's fork), holding its output or not, and the run does not wait for them", async () => {
    const marker = `pw-setsid-${process.pid}-${Date.now()}`;
    const daemon = `python3 -c "import os, time; os.fork() or (os.setsid(), time.sleep(60))" ${marker}-held`;
    const dir = makeProject(`${step('s', `setsid sh -c 'sleep 60 # ${marker}-quiet' > /dev/null 2>&1 & ${daemon}; sleep 0.3; echo started`)}${onePipeline('s')}`);
    const started = Date.now();
    const result = cli(['run', '--pipeline', 'p', '--json'], dir);
    expect(result.code, result.err).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000); // the held stdout did not keep it waiting for the 60 s
    const gone = Date.now() + 5000;
    while (processesWith(marker).length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    expect(processesWith(marker)).toEqual([]);
  });

  it("leaves a running execution's daemon alone while another execution ends", () => {
    const marker = `pw-daemon-${process.pid}-${Date.now()}`;
    const dir = makeProject(`
${step('serve', `setsid sh -c 'sleep 60 # ${marker}' > /dev/null 2>&1 & echo $! > pid; sleep 2; kill -0 $(cat pid) && echo "daemon alive"`)}
${step('quick', 'echo done')}
- pipeline:
    name: p
    nodes: [{name: serve, type: execution, step: serve}, {name: quick, type: execution, step: quick}]
    edges: []
`);
    const result = cli(['run', '--pipeline', 'p', '--json', '--jobs', '2'], dir);
    expect(result.code, result.err).toBe(0);
    expect(logLines(events(result.out))).toContainEqual({ stream: 'stdout', text: 'daemon alive' });
    expect(processesWith(marker)).toEqual([]);
  });

  it('is not needed: with a python3 that fails, or no temp folder, steps start from Node and the run succeeds', () => {
    const bin = makeProject('');
    writeFileSync(join(bin, 'python3'), '#!/bin/sh\necho "python3: broken" >&2\nexit 1\n', { mode: 0o755 });
    const dir = makeProject(`${step('s', 'echo ran')}${onePipeline('s')}`);
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, { PATH: `${bin}:${process.env['PATH'] ?? ''}` });
    expect(result.code, result.err).toBe(0);
    expect(logLines(events(result.out))).toEqual([{ stream: 'stdout', text: 'ran' }]);
    // A temp "folder" that is a file: nothing can be made in it (a missing one, Node would create).
    const noTemp = cli(['run', '--pipeline', 'p', '--json'], dir, { TMPDIR: join(bin, 'python3') });
    expect(noTemp.code, noTemp.err).toBe(0);
  });

  it('starts with the command but holds nothing: a usage error ends at once, leaving no python3 that hangs behind', async () => {
    const bin = makeProject('');
    const python = join(bin, 'python3'); // `ps` shows the script's path while it runs
    writeFileSync(python, '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    const dir = makeProject(`${step('s', 'echo ran')}${onePipeline('s')}`);
    const started = Date.now();
    const result = cli(['run', '--pipelin', 'p'], dir, { PATH: `${bin}:${process.env['PATH'] ?? ''}` });
    expect(result.code).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000); // not the launcher's 10 s start limit
    // (The SIGKILL sent as the command exits lands at once, but a loaded machine may show the
    // process in `ps` for a moment after: a python3 that hangs behind would stay for 30 s.)
    await expect.poll(() => processesWith(python), { timeout: 2_000 }).toEqual([]);
  });

  it('runs steps outside the runner process, and a lost launcher fails only what it was running', async () => {
    const marker = `pw-lost-${process.pid}-${Date.now()}`;
    const dir = makeProject(`
${step('slow', `sleep 30 # ${marker}`)}
${step('after', 'echo still runs')}
${afterFailure('slow', 'after')}`);
    const runner = cliAsync(['run', '--pipeline', 'p', '--json'], dir);
    let out = '';
    runner.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => runner.on('exit', resolve));
    const deadline = Date.now() + 20_000;
    while (processesWith(marker).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const [sleeper] = processesWith(marker);
    const parent = Number(spawnSync('ps', ['-o', 'ppid=', '-p', String(sleeper)], { encoding: 'utf8' }).stdout.trim());
    expect(parent).not.toBe(runner.pid);
    expect(spawnSync('ps', ['-o', 'comm=', '-p', String(parent)], { encoding: 'utf8' }).stdout).toMatch(/python/);
    process.kill(parent, 'SIGKILL');
    expect(await exited).toBe(0);
    const all = events(out);
    expect(all.filter((e) => e.type === 'execution:finish').map((e) => (e.type === 'execution:finish' ? [e.node, e.status] : []))).toEqual([
      ['slow', 'failed'],
      ['after', 'succeeded'],
    ]);
    expect(logLines(all)).toContainEqual({ stream: 'stdout', text: 'still runs' });
    expect(processesWith(marker)).toEqual([]);
  });
});
