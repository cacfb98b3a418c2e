import { describe, expect, it } from 'vitest';
import { makeProject, run, step } from '../../../test-support/runner.ts';
import { openStore } from '../stored-runs.ts';
import { MAX_SERIES_POINTS, metadataSeries } from './run-queries.ts';

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
