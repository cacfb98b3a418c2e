import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import type { Io } from './output.ts';
import { lineReporter, ttyReporter } from './progress.ts';

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

  it('prints plain lines when not on a terminal', () => {
    const { io, text } = capture();
    const reporter = lineReporter(io, false);
    for (const e of events) reporter.onEvent(e);
    expect(text()).toBe('run 7: starting pipeline "p"\n  ▶ prep\n  ✔ prep succeeded\n  ⏸ train waits for approval: pipewright approve 7 train   (or reject)\n');
  });
});
