import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import { cli, cliAsync, logText, makeProject, onePipeline, processesWith, run, step } from '../../test-support/runner.ts';
import { requestCancel } from './stored-runs.ts';

function spans(events: readonly RunEvent[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const e of events) {
    if (e.type === 'execution:start') out[e.node] = [e.at, 0];
    if (e.type === 'execution:finish' && out[e.node]) (out[e.node] as [number, number])[1] = e.at;
  }
  return out;
}

const overlap = (a: [number, number], b: [number, number]): boolean => a[0] < b[1] && b[0] < a[1];

const TWO_BRANCHES = (cpu: number) => `
- step:
    name: nap
    image: busybox
    command: sleep 0.4
    resources: {cpu: {min: ${cpu}}}
- pipeline:
    name: p
    nodes:
      - {name: left, type: execution, step: nap}
      - {name: right, type: execution, step: nap}
    edges: []
`;

describe('scheduling', () => {
  afterEach(() => {
    delete process.env['PIPEWRIGHT_GPUS'];
  });

  it('runs independent branches in parallel', async () => {
    const result = await run(makeProject(TWO_BRANCHES(1)), 'p', { jobs: 2 });
    const s = spans(result.events);
    expect(overlap(s['left'] as [number, number], s['right'] as [number, number])).toBe(true);
  });

  it("honours each step's cpu needs against the budget", async () => {
    const result = await run(makeProject(TWO_BRANCHES(2)), 'p', { jobs: 2 });
    const s = spans(result.events);
    expect(overlap(s['left'] as [number, number], s['right'] as [number, number])).toBe(false);
    // The one waiting for cores stays queued: it is announced as started when it gets them, so
    // its state and its duration are not those of a running node.
    const order = result.events.flatMap((e) => (e.type === 'node:start' || e.type === 'node:finish' ? [`${e.type} ${e.node}`] : []));
    const [first, second] = (order[0] ?? '').endsWith('left') ? ['left', 'right'] : ['right', 'left'];
    expect(order).toEqual([`node:start ${first}`, `node:finish ${first}`, `node:start ${second}`, `node:finish ${second}`]);
  });

  it('refuses, before starting, a step that needs more than the machine has', async () => {
    await expect(run(makeProject(TWO_BRANCHES(64)), 'p', { jobs: 2 })).rejects.toThrow(/node "left" \(step "nap"\) needs 64 CPU cores; 2 are available/);
    const gpu = makeProject(TWO_BRANCHES(1).replace('resources: {cpu: {min: 1}}', 'resources: {devices: {nvidia.com/gpu: 1}}'));
    await expect(run(gpu, 'p')).rejects.toThrow(/needs 1 GPU; this machine has 0/);
    // `plan` refuses it with the same words, rather than promising a run that will not start.
    expect(cli(['plan', '--pipeline', 'p'], gpu, { PIPEWRIGHT_GPUS: '' })).toMatchObject({ code: 1, err: expect.stringMatching(/cannot start on this machine:\n {2}node "left" \(step "nap"\) needs 1 GPU; this machine has 0/) as unknown });
  });

  it('gives GPU steps their own CUDA_VISIBLE_DEVICES, and none to the others', async () => {
    process.env['PIPEWRIGHT_GPUS'] = '0,1';
    const dir = makeProject(`
- step:
    name: gpu
    image: x
    command: 'sleep 0.2; echo "gpus=[$CUDA_VISIBLE_DEVICES]"'
    resources: {devices: {nvidia.com/gpu: 1}}
- step: {name: cpu, image: x, command: 'echo "gpus=[$CUDA_VISIBLE_DEVICES]"'}
- pipeline:
    name: p
    nodes:
      - {name: g1, type: execution, step: gpu}
      - {name: g2, type: execution, step: gpu}
      - {name: g3, type: execution, step: gpu}
      - {name: c, type: execution, step: cpu}
    edges: []
`);
    const result = await run(dir, 'p', { jobs: 4 });
    const seen = ['g1', 'g2', 'g3'].map((n) => logText(result.events, n));
    expect(new Set(seen.slice(0, 2))).toEqual(new Set(['gpus=[0]', 'gpus=[1]']));
    expect(['gpus=[0]', 'gpus=[1]']).toContain(seen[2]);
    expect(logText(result.events, 'c')).toBe('gpus=[]');
    const s = spans(result.events);
    // Two GPUs: the third GPU step waits for one of the first two.
    expect(overlap(s['g3'] as [number, number], s['g1'] as [number, number]) && overlap(s['g3'] as [number, number], s['g2'] as [number, number])).toBe(false);
  });

  it('gives a GPU to a step whose Valohai environment is a GPU machine, and says so; without GPUs here it runs without one', async () => {
    const yaml = `${step('train', 'echo "gpus=[$CUDA_VISIBLE_DEVICES] order=$CUDA_DEVICE_ORDER"', '    environment: aws-eu-west-1-p3-2xlarge\n')}${onePipeline('train')}`;
    const told = (events: readonly RunEvent[]): string[] => events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));
    process.env['PIPEWRIGHT_GPUS'] = '0';
    const gpu = await run(makeProject(yaml), 'p');
    // nvidia-smi's indices, which CUDA reads alike only in PCI bus order.
    expect(logText(gpu.events, 'train')).toBe('gpus=[0] order=PCI_BUS_ID');
    expect(told(gpu.events)).toEqual([
      `node "train": its environment aws-eu-west-1-p3-2xlarge is a GPU machine on Valohai: each execution gets 1 of this machine's GPUs (resources: {devices: {nvidia.com/gpu: N}} says how many)`,
    ]);
    process.env['PIPEWRIGHT_GPUS'] = '';
    const cpu = await run(makeProject(yaml), 'p');
    expect(cpu.status).toBe('succeeded');
    expect(told(cpu.events)).toEqual([`node "train": its environment aws-eu-west-1-p3-2xlarge is a GPU machine on Valohai; this machine has no GPU, so it runs without one`]);
  });

  it('never gives one GPU to two runs at once, in two processes, and says why the second waits', async () => {
    const leases = mkdtempSync(join(tmpdir(), 'pipewright-leases-'));
    // Each holds its GPU until the test lets it go (a file of its own, outside its project: one
    // written into the project as it runs would be said to be), so that the second is sure to ask
    // while the first holds it, however slowly this machine starts a process.
    const gates = mkdtempSync(join(tmpdir(), 'pipewright-gates-'));
    const yaml = (n: number): string =>
      `${step('train', `echo "start $(date +%s%N) gpu=$CUDA_VISIBLE_DEVICES"; while [ ! -e ${gates}/release-${n} ]; do sleep 0.05; done; echo "end $(date +%s%N)"`, '    resources: {devices: {nvidia.com/gpu: 1}}\n')}${onePipeline('train')}`;
    const dirs = [makeProject(yaml(0)), makeProject(yaml(1))] as const;
    const env = { PIPEWRIGHT_GPUS: '0', PIPEWRIGHT_GPU_LEASES: leases };
    const start = (dir: string) => {
      const child = cliAsync(['run', '--pipeline', 'p', '--json'], dir, env);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const events = (): RunEvent[] => out.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as RunEvent);
      const closed = new Promise<number | null>((done) => child.on('close', done));
      return { events, closed };
    };
    const first = start(dirs[0]);
    await expect.poll(() => logText(first.events(), 'train'), { timeout: 20_000 }).toMatch(/gpu=0/);
    writeFileSync(join(gates, 'release-1'), '');
    const second = start(dirs[1]);
    await expect.poll(() => second.events().some((e) => e.type === 'run:warning' && e.message.includes('waits for a GPU')), { timeout: 20_000 }).toBe(true);
    writeFileSync(join(gates, 'release-0'), '');
    expect(await Promise.all([first.closed, second.closed])).toEqual([0, 0]);
    const spansNs = [first, second].map((r) => {
      const text = logText(r.events(), 'train');
      expect(text).toMatch(/gpu=0\n/);
      return [Number(/start (\d+)/.exec(text)?.[1]), Number(/end (\d+)/.exec(text)?.[1])] as [number, number];
    });
    expect(overlap(spansNs[0] as [number, number], spansNs[1] as [number, number])).toBe(false);
    const told = [first, second].flatMap((r) => r.events().flatMap((e) => (e.type === 'run:warning' ? [e.message] : [])));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(new RegExp(`^node "train" waits for a GPU: GPU 0 is used by run 1 of ${dirs[0]} \\(process \\d+\\)$`));
    expect(readdirSync(leases)).toEqual([]); // each lease given back
  });

  it('enforces time-limit and no-output-timeout', async () => {
    const dir = makeProject(`
- step: {name: slow, image: x, command: "sleep 30", time-limit: 1}
- step: {name: quiet, image: x, command: "echo hi; sleep 30", no-output-timeout: 1}
- pipeline:
    name: p
    nodes:
      - {name: slow, type: execution, step: slow, on-error: continue}
      - {name: quiet, type: execution, step: quiet, on-error: continue}
    edges: []
`);
    const started = Date.now();
    const result = await run(dir, 'p');
    expect(Date.now() - started).toBeLessThan(10_000);
    const finishes = result.events.filter((e) => e.type === 'execution:finish');
    expect(finishes.map((e) => e.type === 'execution:finish' && [e.node, e.status, e.error])).toEqual(
      expect.arrayContaining([
        ['slow', 'timed-out', 'time limit of 1s reached'],
        ['quiet', 'timed-out', 'no output for 1s'],
      ]),
    );
  });

  it('cancel kills the whole process tree of every running execution', async () => {
    const marker = `pw-cancel-${process.pid}-${Date.now()}`;
    const dir = makeProject(`
- step:
    name: forker
    image: x
    command: 'sh -c "sleep 60 # ${marker}" & sh -c "sleep 61 # ${marker}" & echo started; wait'
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: forker}
      - {name: b, type: execution, step: forker}
    edges: []
`);
    let cancel: (() => void) | undefined;
    const running = run(dir, 'p', { jobs: 2, onStarted: (r) => (cancel = r.cancel) });
    const deadline = Date.now() + 20_000;
    while (processesWith(marker).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(processesWith(marker).length).toBeGreaterThanOrEqual(4);
    cancel?.();
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(processesWith(marker)).toEqual([]);
  });
});

describe('runs in one process (as in the editor)', () => {
  const busy = (width: number): string => `
- step: {name: quick, image: x, command: 'echo {"n": 1}'}
- step: {name: long, image: x, command: sleep 30}
- pipeline:
    name: fan
    nodes:
${Array.from({ length: width }, (_, i) => `      - {name: q${i}, type: execution, step: quick}`).join('\n')}
    edges: []
- pipeline:
    name: slow
    nodes: [{name: s, type: execution, step: long}]
    edges: []
`;

  it('leave no open files behind: a host that runs for days starts run after run', { timeout: 60_000 }, async () => {
    const dir = makeProject(busy(1));
    const open = (): number => readdirSync('/proc/self/fd').length;
    await run(dir, 'fan'); // the launcher and its socket start once
    const before = open();
    for (let i = 0; i < 20; i += 1) await run(dir, 'fan');
    for (let i = 0; i < 5; i += 1) expect(() => requestCancel(dir, 'latest')).toThrow(/^run \d+ is not running \(it succeeded\)$/);
    // Each run opened the database (two descriptors) and kept it: 500 runs and the editor was out of files.
    expect(open() - before).toBeLessThan(5);
  });

  it('run side by side, and a cancel asked meanwhile from this process takes at once', async () => {
    // Each run writes in batches held open a few milliseconds; a second writer in the same
    // process used to wait for them on the very thread that commits them: 10 s, then "database is locked".
    const dir = makeProject(busy(40));
    const started = Date.now();
    let slowId = '';
    const slow = run(dir, 'slow', { jobs: 4, onStarted: ({ id }) => (slowId = id) });
    const fans = Promise.all([run(dir, 'fan', { jobs: 2 }), run(dir, 'fan', { jobs: 2 })]);
    while (!slowId) await new Promise((r) => setTimeout(r, 5));
    const cancelled = new Promise<void>((resolve, reject) => setTimeout(() => {
      try {
        requestCancel(dir, slowId);
        resolve();
      } catch (error) {
        reject(error as Error);
      }
    }, 100));
    const [a, b] = await fans;
    await cancelled;
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded']);
    expect((await slow).status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});
