import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import type { UsageSample, UsageSummary } from '../../shared/run/usage.ts';
import { cli, makeProject, onePipeline, step } from '../../test-support/runner.ts';
import { openStore } from './stored-runs.ts';

/**
 * A step whose process holds 100 MiB and keeps a core busy for as long as its child lives, which
 * holds 200 MiB for 1.5 s: the two overlap however slowly the child starts.
 */
const HOG = `import subprocess, sys, time
def take(mb):
    b = bytearray(mb * 1024 * 1024)
    for i in range(0, len(b), 4096): b[i] = 1
    return b
if len(sys.argv) > 1:
    b = take(200)
    t = time.time()
    while time.time() - t < 1.5: pass
    sys.exit()
b = take(100)
child = subprocess.Popen([sys.executable, __file__, "child"])
while child.poll() is None: pass
`;

const usageEvents = (out: string): Extract<RunEvent, { type: 'execution:usage' }>[] =>
  out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RunEvent)
    .flatMap((e) => (e.type === 'execution:usage' ? [e] : []));

describe('what executions use of the machine', () => {
  it('reads the cores and memory of all of an execution’s processes as it runs, keeps them, and sums them up in show', () => {
    const dir = makeProject(`${step('hog', 'python3 hog.py')}${onePipeline('hog')}`, { 'hog.py': HOG });
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, { PIPEWRIGHT_USAGE_MS: '200' });
    expect(result.code).toBe(0);
    const samples: UsageSample[] = usageEvents(result.out).map((e) => e.sample);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    // 100 MiB in the step and 200 in its child: the child is counted with it.
    expect(Math.max(...samples.map((s) => s.memoryMb ?? 0))).toBeGreaterThan(300);
    expect(Math.max(...samples.map((s) => s.cpu ?? 0))).toBeGreaterThan(0.5);
    expect(samples.every((s) => s.gpus.length === 0)).toBe(true);

    const shown = JSON.parse(cli(['show', 'latest', '--json'], dir).out) as { nodes: { executions: { usage: UsageSummary | null }[] }[] };
    const usage = shown.nodes[0]?.executions[0]?.usage;
    expect(usage?.memoryPeakMb).toBeGreaterThan(300);
    expect(usage?.cpuMean).toBeGreaterThan(0.3);
    expect(cli(['show', 'latest'], dir).out).toMatch(/\n {6}used: cpu \d\.\d cores on average \(peak \d\.\d\) · memory peak 3\d\d MiB\n/);
    // Kept in their own table, not in the run's journal of events.
    const store = openStore(dir);
    expect(store.usage('1.1').length).toBeGreaterThanOrEqual(3);
    expect(store.events('1').filter((e) => e.event.type === 'execution:usage')).toEqual([]);
  });

  it('counts a process the step started in a session of its own (setsid: a server beside the work), as long as it runs', () => {
    const apart = HOG.replace('[sys.executable, __file__, "200", "1.5"]', '[sys.executable, __file__, "200", "1.5"], start_new_session=True').replace('hold(100, 1.5)', 'hold(10, 1.5)');
    const dir = makeProject(`${step('hog', 'python3 hog.py')}${onePipeline('hog')}`, { 'hog.py': apart });
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, { PIPEWRIGHT_USAGE_MS: '200' });
    expect(result.code).toBe(0);
    // 10 MiB in the step's own group, 200 in the child that left it.
    expect(Math.max(...usageEvents(result.out).map((e) => e.sample.memoryMb ?? 0))).toBeGreaterThan(200);
  });

  it("counts a daemon the step started (double fork: its parent gone, it belongs to the launcher), by the step's own VH_CONFIG_DIR in its environment", () => {
    const daemon = `import os, time
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        b = bytearray(200 * 1024 * 1024)
        for i in range(0, len(b), 4096): b[i] = 1
        time.sleep(2)
    os._exit(0)
os.waitpid(pid, 0)
time.sleep(2)
`;
    const dir = makeProject(`${step('serve', 'python3 daemon.py')}${onePipeline('serve')}`, { 'daemon.py': daemon });
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, { PIPEWRIGHT_USAGE_MS: '200' });
    expect(result.code).toBe(0);
    expect(Math.max(...usageEvents(result.out).map((e) => e.sample.memoryMb ?? 0))).toBeGreaterThan(200);
  });

  it('warns when an execution held more memory than its resources.memory.max, which Kubernetes would kill it for', () => {
    const dir = makeProject(`${step('hog', 'python3 hog.py', '    resources: {memory: {max: 200}}\n')}${onePipeline('hog')}`, { 'hog.py': HOG });
    const result = cli(['run', '--pipeline', 'p'], dir, { PIPEWRIGHT_USAGE_MS: '200' });
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/warning: execution 1\.1: its processes held 3\d\d MiB at their peak, more than its resources\.memory\.max of 200 MB: on Valohai's Kubernetes environments it would be killed for it \(OOMKilled\); nothing limits it here\n/);
    const roomy = makeProject(`${step('hog', 'python3 hog.py', '    resources: {memory: {max: 4000}}\n')}${onePipeline('hog')}`, { 'hog.py': HOG });
    expect(cli(['run', '--pipeline', 'p'], roomy, { PIPEWRIGHT_USAGE_MS: '200' }).err).not.toContain('OOMKilled');
  });

  it('reads the GPUs an execution holds, and only those, from nvidia-smi', () => {
    const bin = mkdtempSync(join(tmpdir(), 'pipewright-smi-'));
    writeFileSync(join(bin, 'nvidia-smi'), '#!/bin/sh\n[ "$1" = "--query-gpu=index,utilization.gpu,memory.used" ] && printf "0, 87, 12034\\n1, [N/A], 5\\n"\n');
    chmodSync(join(bin, 'nvidia-smi'), 0o755);
    const dir = makeProject(`${step('train', 'sleep 1', '    resources: {devices: {nvidia.com/gpu: 1}}\n')}${onePipeline('train')}`);
    const result = cli(['run', '--pipeline', 'p', '--json'], dir, { PIPEWRIGHT_USAGE_MS: '200', PIPEWRIGHT_GPUS: '0,1', PATH: `${bin}:${process.env['PATH'] ?? ''}` });
    expect(result.code).toBe(0);
    const samples = usageEvents(result.out).map((e) => e.sample);
    expect(samples.length).toBeGreaterThanOrEqual(2);
    for (const s of samples) expect(s.gpus).toEqual([{ index: 0, utilization: 87, memoryMb: 12034 }]);
    expect(cli(['show', 'latest'], dir).out).toContain(' · GPU 0 87% on average, 11.8 GiB peak\n');
  });

  it('says when a GPU given to a step already has memory in use by another program', () => {
    const smi = (memory: string): string => {
      const bin = mkdtempSync(join(tmpdir(), 'pipewright-smi-'));
      writeFileSync(join(bin, 'nvidia-smi'), `#!/bin/sh\n[ "$1" = "--query-gpu=index,memory.used,memory.total" ] && printf "${memory}"\n`);
      chmodSync(join(bin, 'nvidia-smi'), 0o755);
      return `${bin}:${process.env['PATH'] ?? ''}`;
    };
    const dir = makeProject(`${step('train', 'true', '    resources: {devices: {nvidia.com/gpu: 1}}\n')}${onePipeline('train')}`);
    const busy = cli(['run', '--pipeline', 'p'], dir, { PIPEWRIGHT_GPUS: '0', PATH: smi('0, 71680, 143771\\n1, 0, 143771\\n') });
    expect(busy.code).toBe(0);
    expect(busy.err).toContain('warning: execution 1.1: GPU 0 already has 70.0 GiB of its 140.4 GiB in use by a program outside Pipewright (nvidia-smi lists it): the step may run out of GPU memory\n');
    // A driver's few hundred MiB is nothing to say.
    expect(cli(['run', '--pipeline', 'p'], dir, { PIPEWRIGHT_GPUS: '0', PATH: smi('0, 300, 143771\\n') }).err).not.toContain('already has');
  });

  it('reads nothing with PIPEWRIGHT_USAGE_MS=0, and a step too short for a reading has none to show', () => {
    const dir = makeProject(`${step('quick', 'echo hi')}${onePipeline('quick')}`);
    expect(usageEvents(cli(['run', '--pipeline', 'p', '--json'], dir).out)).toEqual([]);
    expect(cli(['show', 'latest'], dir).out).not.toContain('used:');
    const nap = makeProject(`${step('nap', 'sleep 0.6')}${onePipeline('nap')}`);
    expect(usageEvents(cli(['run', '--pipeline', 'p', '--json'], nap, { PIPEWRIGHT_USAGE_MS: '100' }).out).length).toBeGreaterThan(2);
    expect(usageEvents(cli(['run', '--pipeline', 'p', '--json'], nap, { PIPEWRIGHT_USAGE_MS: '0' }).out)).toEqual([]);
  });
});
