import { describe, expect, it } from 'vitest';
import { makeProject, run, step } from '../../../test-support/runner.ts';
import { openStore, withStore } from '../stored-runs.ts';
import { hasRunDatabase } from '../store/database.ts';
import { MAX_SERIES_POINTS, metadataSeries, runDetails } from './run-queries.ts';

describe('metric series for charts', () => {
  it('sends every point of a short series, and a long one thinned to evenly spaced points with both ends', async () => {
    const dir = makeProject(
      [
        step('fit', 'for i in $(seq 1 2500); do echo "{\\"step\\": $i, \\"loss\\": $i}"; done'),
        step('once', 'echo \'{"acc": 0.5}\''),
        '- pipeline:\n    name: p\n    nodes: [{name: fit, type: execution, step: fit}, {name: once, type: execution, step: once}]\n    edges: []\n',
      ].join(''),
    );
    const result = await run(dir, 'p');
    const store = openStore(dir);
    const long = metadataSeries(store, result.runId, 'fit');
    expect(long.thinned).toBe(true);
    const points = long.executions[0]?.points ?? [];
    expect(points).toHaveLength(MAX_SERIES_POINTS);
    expect(points[0]?.values).toEqual({ step: 1, loss: 1 });
    expect(points.at(-1)?.values).toEqual({ step: 2500, loss: 2500 });
    const steps = points.map((p) => p.values['step'] as number);
    expect(steps.every((s, i) => i === 0 || s > (steps[i - 1] as number))).toBe(true);
    expect(metadataSeries(store, result.runId, 'once')).toMatchObject({ thinned: false, executions: [{ child: 0, points: [{ values: { acc: 0.5 } }] }] });
    expect(() => metadataSeries(store, result.runId, 'ghost')).toThrow(/has no node "ghost"/);
  });
});

describe('a run looked at while it goes', () => {
  it("gives a running sweep's count (running, done, failed of how many) to a window that missed its events", async () => {
    const dir = makeProject(`${step('s', 'if [ {parameter-value:i} = 1 ]; then exit 0; elif [ {parameter-value:i} = 2 ]; then exit 3; else sleep 30; fi', '    parameters: [{name: i, type: integer, default: 1}]\n')}- task:
    name: sweep
    step: s
    maximum-queued-executions: 1
    on-child-error: continue-and-complete
    parameters: [{name: i, style: multiple, rules: {items: [1, 2, 3, 4]}}]
- pipeline:
    name: p
    nodes: [{name: t, type: task, task: sweep}]
    edges: []
`);
    let cancel: (() => void) | undefined;
    const finished = run(dir, 'p', { jobs: 4, onStarted: (started) => (cancel = () => started.cancel()) });
    // As the editor's host reads it: a connection of its own, another than the runner's.
    const shown = () => withStore(dir, (store) => (hasRunDatabase(dir) ? runDetails(store, '1').nodes[0] : undefined));
    try {
      await expect.poll(() => shown()?.sweep, { timeout: 15_000 }).toEqual({ total: 4, running: 1, done: 1, failed: 1 });
      expect(shown()?.status).toBe('running');
    } finally {
      cancel?.();
    }
    await finished;
    expect(shown()?.sweep).toBeUndefined(); // over: no count to show
  });
});
