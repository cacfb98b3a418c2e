import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import type { Io } from './output.ts';
import { lineReporter, ttyReporter } from './progress.ts';

/** What a terminal shows after `output`: handles the cursor-up (ESC [n F) and clear (ESC [J) the table uses. */
function screen(output: string): string {
  const rows: string[] = [''];
  let row = 0;
  // eslint-disable-next-line no-control-regex -- terminal escape codes are what this reads
  for (const part of output.split(/(\x1b\[\d*[FJ])/)) {
    // eslint-disable-next-line no-control-regex -- as above
    const code = /^\x1b\[(\d*)([FJ])$/.exec(part);
    if (code?.[2] === 'F') row = Math.max(0, row - Number(code[1] || 1));
    else if (code?.[2] === 'J') rows.length = row + 1;
    if (code) {
      rows[row] = '';
      continue;
    }
    for (const ch of part) {
      if (ch !== '\n') rows[row] = (rows[row] ?? '') + ch;
      else rows[(row += 1)] ??= '';
    }
  }
  return rows.join('\n');
}

function capture(): { io: Io; text: () => string } {
  let err = '';
  return { io: { out: () => undefined, err: (t) => (err += t), cwd: '/', color: true }, text: () => err };
}

const at = 1_000_000;
const events: RunEvent[] = [
  { type: 'run:start', runId: '7', at, pipeline: 'p', resumed: false, nodes: ['prep', 'train'] },
  { type: 'node:queued', runId: '7', at, node: 'prep' },
  { type: 'node:start', runId: '7', at, node: 'prep', children: 1 },
  { type: 'node:finish', runId: '7', at: at + 1500, node: 'prep', status: 'succeeded' },
  { type: 'node:awaiting-approval', runId: '7', at, node: 'train' },
];

describe('progress on a terminal', () => {
  it('redraws a table of node states and durations in place', () => {
    const { io, text } = capture();
    const reporter = ttyReporter(io);
    for (const e of events) reporter.onEvent(e);
    reporter.close();
    const last = text().split('\x1b[J').at(-1) ?? '';
    expect(last).toContain('run 7');
    expect(last).toMatch(/✔ prep +succeeded +1\.5s/);
    expect(last).toMatch(/⏸ train +awaiting-approval .*pipewright approve 7 train/);
    expect(text()).toContain('\x1b[');
  });

  it('shows beside a running node what its executions use together, until they end', () => {
    const { io, text } = capture();
    const reporter = ttyReporter(io);
    const sample = (cpu: number, memoryMb: number, gpu: number) => ({ at, spanMs: 1000, cpu, memoryMb, gpus: [{ index: gpu, utilization: 80, memoryMb: 2048 }] });
    reporter.onEvent({ type: 'run:start', runId: '8', at, pipeline: 'p', resumed: false, nodes: ['sweep'] });
    reporter.onEvent({ type: 'node:start', runId: '8', at, node: 'sweep', children: 2 });
    reporter.onEvent({ type: 'execution:usage', runId: '8', at, node: 'sweep', executionId: '8.1', sample: sample(1, 512, 0) });
    reporter.onEvent({ type: 'execution:usage', runId: '8', at, node: 'sweep', executionId: '8.2', sample: sample(0.5, 1024, 1) });
    reporter.close();
    expect(screen(text())).toMatch(/▶ sweep +running +\S+ +2 executions · 1\.5 cores · 1\.5 GiB · GPU 0 80% 2\.0 GiB · GPU 1 80% 2\.0 GiB\n/);
    const after = capture();
    const again = ttyReporter(after.io);
    for (const e of [
      { type: 'run:start', runId: '8', at, pipeline: 'p', resumed: false, nodes: ['sweep'] },
      { type: 'node:start', runId: '8', at, node: 'sweep', children: 1 },
      { type: 'execution:usage', runId: '8', at, node: 'sweep', executionId: '8.1', sample: sample(1, 512, 0) },
      { type: 'node:finish', runId: '8', at: at + 2000, node: 'sweep', status: 'succeeded' },
    ] satisfies RunEvent[])
      again.onEvent(e);
    again.close();
    expect(screen(after.text())).toMatch(/✔ sweep +succeeded +2\.0s\n/);
  });

  it("counts a sweep's executions as they start and end: running, done, failed", () => {
    const { io, text } = capture();
    const reporter = ttyReporter(io);
    const start = (id: string, child: number): RunEvent => ({ type: 'execution:start', runId: '9', at, node: 'sweep', executionId: id, child, command: 'train', parameters: {}, gpus: [] });
    const finish = (id: string, status: 'succeeded' | 'failed'): RunEvent => ({ type: 'execution:finish', runId: '9', at, node: 'sweep', executionId: id, status, exitCode: status === 'failed' ? 1 : 0, outputsDir: '/o' });
    for (const e of [
      { type: 'run:start', runId: '9', at, pipeline: 'p', resumed: false, nodes: ['sweep'] },
      { type: 'node:start', runId: '9', at, node: 'sweep', children: 5 },
      start('9.1', 0),
      start('9.2', 1),
      finish('9.1', 'succeeded'),
      start('9.3', 2),
      finish('9.2', 'failed'),
    ] satisfies RunEvent[])
      reporter.onEvent(e);
    reporter.close();
    expect(screen(text())).toMatch(/▶ sweep +running +\S+ +5 executions · 1 running · 1 done · 1 failed\n/);
    // A resumed sweep starts from the children done before.
    const resumed = capture();
    const again = ttyReporter(resumed.io);
    again.onEvent({ type: 'run:start', runId: '9', at, pipeline: 'p', resumed: true, nodes: ['sweep'] });
    again.onEvent({ type: 'node:start', runId: '9', at, node: 'sweep', children: 5, done: 3 });
    again.close();
    expect(screen(resumed.text())).toMatch(/▶ sweep +running +\S+ +5 executions · 3 done\n/);
  });

  it('draws a pipeline taller than the terminal as counts and the nodes that matter now, within the screen', () => {
    const { io, text } = capture();
    const reporter = ttyReporter(io, () => 10);
    const nodes = Array.from({ length: 60 }, (_, i) => `n${i}`);
    reporter.onEvent({ type: 'run:start', runId: '9', at, pipeline: 'p', resumed: false, nodes });
    for (const node of nodes.slice(0, 50)) {
      reporter.onEvent({ type: 'node:start', runId: '9', at, node, children: 1 });
      reporter.onEvent({ type: 'node:finish', runId: '9', at, node, status: node === 'n7' ? 'failed' : 'succeeded', ...(node === 'n7' ? { error: 'exit code 1' } : {}) });
    }
    reporter.onEvent({ type: 'node:start', runId: '9', at, node: 'n50', children: 1 });
    reporter.close();
    const table = screen(text()).trimEnd().split('\n');
    expect(table.length).toBeLessThanOrEqual(10);
    expect(table[0]).toBe('run 9  60 nodes: 49 succeeded · 1 failed · 1 running · 9 pending');
    expect(table[1]).toMatch(/^ {2}✘ n7 +failed .*exit code 1$/);
    expect(table[2]).toMatch(/^ {2}▶ n50 +running/);
    expect(table.at(-1)).toBe('  (58 more: pipewright show 9)');
  });

  it('prints plain lines when not on a terminal, with how long each node took', () => {
    const { io, text } = capture();
    const reporter = lineReporter(io, false);
    for (const e of events) reporter.onEvent(e);
    expect(text()).toBe('run 7: starting pipeline "p"\n  ▶ prep\n  ✔ prep succeeded (1.5s)\n  ⏸ train waits for approval: pipewright approve 7 train   (or reject)\n');
  });

  const fetching = (received: number, done: boolean, t = at): RunEvent => ({ type: 'input:fetching', runId: '5', at: t, node: 'train', input: 'data', url: 'https://example.com/data.zip', received, total: 4 * 1024 * 1024, done });

  it('says when an input download begins and ends, with its size and time, and not each step between', () => {
    const { io, text } = capture();
    const reporter = lineReporter(io, false);
    for (const e of [fetching(0, false), fetching(1024 * 1024, false, at + 500), fetching(4 * 1024 * 1024, true, at + 2000)]) reporter.onEvent(e);
    expect(text()).toBe('  ↓ train: fetching https://example.com/data.zip (input "data", 4.0 MiB)\n  ↓ train: fetched https://example.com/data.zip (4.0 MiB in 2.0s)\n');
  });

  it('shows beside a running node how far its input download has come, and nothing once it is done', () => {
    const { io, text } = capture();
    const reporter = ttyReporter(io);
    reporter.onEvent({ type: 'run:start', runId: '5', at, pipeline: 'p', resumed: false, nodes: ['train'] });
    reporter.onEvent({ type: 'node:start', runId: '5', at, node: 'train', children: 2 });
    reporter.onEvent(fetching(1024 * 1024, false));
    reporter.close();
    expect(screen(text())).toMatch(/▶ train +running +\S+ +2 executions · fetching data: 25% of 4\.0 MiB\n/);
    const after = capture();
    const again = ttyReporter(after.io);
    for (const e of [{ type: 'run:start', runId: '5', at, pipeline: 'p', resumed: false, nodes: ['train'] }, { type: 'node:start', runId: '5', at, node: 'train', children: 2 }, fetching(1024 * 1024, false), fetching(4 * 1024 * 1024, true)] satisfies RunEvent[]) again.onEvent(e);
    again.close();
    expect(screen(after.text())).toMatch(/▶ train +running +\S+ +2 executions\n/);
  });

  const failing: RunEvent[] = [
    { type: 'run:start', runId: '8', at, pipeline: 'p', resumed: false, nodes: ['ok', 'bad'] },
    { type: 'node:start', runId: '8', at, node: 'ok', children: 1 },
    { type: 'node:log', runId: '8', at, node: 'ok', executionId: '8.1', lines: [{ t: at, stream: 'stdout', text: 'fine' }] },
    { type: 'execution:finish', runId: '8', at, node: 'ok', executionId: '8.1', status: 'succeeded', exitCode: 0, outputsDir: '/o' },
    { type: 'node:finish', runId: '8', at, node: 'ok', status: 'succeeded' },
    { type: 'node:start', runId: '8', at, node: 'bad', children: 1 },
    {
      type: 'node:log',
      runId: '8',
      at,
      node: 'bad',
      executionId: '8.2',
      lines: Array.from({ length: 12 }, (_, i) => ({ t: at, stream: 'stderr' as const, text: `line ${i + 1}` })),
    },
    { type: 'execution:finish', runId: '8', at, node: 'bad', executionId: '8.2', status: 'failed', exitCode: 2, error: 'exit code 2', outputsDir: '/o' },
    { type: 'node:finish', runId: '8', at, node: 'bad', status: 'failed', error: 'exit code 2' },
  ];

  it('shows the last lines of a step that failed, right under it, and nothing of those that did not', () => {
    const { io, text } = capture();
    const reporter = lineReporter(io, false);
    for (const e of failing) reporter.onEvent(e);
    const tail = Array.from({ length: 10 }, (_, i) => `    │ line ${i + 3}\n`).join('');
    expect(text()).toBe(`run 8: starting pipeline "p"\n  ▶ ok\n  ✔ ok succeeded (0.0s)\n  ▶ bad\n${tail}  ✘ bad failed: exit code 2 (0.0s)\n`);
  });

  it('adds the way out when a step failed writing into a file it was handed (read-only)', () => {
    const { io, text } = capture();
    const reporter = lineReporter(io, false);
    const denied = "PermissionError: [Errno 13] Permission denied: '/p/.pipewright/executions/8.2/outputs/model.pt'";
    for (const e of failing) reporter.onEvent(e.type === 'node:log' && e.node === 'bad' ? { ...e, lines: [{ t: at, stream: 'stderr', text: denied }] } : e);
    expect(text()).toContain(`    │ ${denied}\n    hint: files from upstream nodes are read-only (each is the upstream output itself); copy one without its mode (shutil.copyfile, cp --no-preserve=mode) to change it\n  ✘ bad failed`);
  });

  it('keeps a failed step\'s last lines above the live table', () => {
    const { io, text } = capture();
    const reporter = ttyReporter(io);
    for (const e of failing) reporter.onEvent(e);
    reporter.close();
    const seen = screen(text());
    expect(seen).toContain('  bad (8.2) failed: exit code 2; its last lines:\n    │ line 3\n');
    expect(seen).toMatch(/│ line 12\nrun 8\n {2}✔ ok +succeeded.*\n {2}✘ bad +failed/);
    expect(seen).not.toContain('│ fine');
  });
});
