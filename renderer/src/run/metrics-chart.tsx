/**
 * A node's metrics over time (uPlot): every numeric metadata key a step printed more than once,
 * one line per execution (a sweep's children side by side), against the order they were printed
 * in, or against `epoch`/`step` when the step prints one. Refreshed while the node runs.
 */
import { useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { ApiResult } from '../../../shared/api/contract.ts';
import { LineChart } from './line-chart.tsx';
import { useNodeQuery } from './use-node-query.ts';
import { varyingKeys } from '../../../shared/run/varying-keys.ts';

type Series = ApiResult<'metadata.series'>['executions'];

const NONE: Series = [];
const AXIS_KEYS = ['epoch', 'step', 'iteration', 'iter'];
/** How many of the parameters that tell a sweep's children apart name each line. */
const LABEL_KEYS = 2;

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

/** Numeric keys printed at least twice by some execution: what is worth a line. */
function chartableKeys(series: Series): string[] {
  const counts = new Map<string, number>();
  for (const execution of series) {
    const seen = new Map<string, number>();
    for (const point of execution.points) for (const [key, value] of Object.entries(point.values)) if (typeof value === 'number') seen.set(key, (seen.get(key) ?? 0) + 1);
    for (const [key, n] of seen) counts.set(key, Math.max(counts.get(key) ?? 0, n));
  }
  return [...counts].filter(([key, n]) => n >= 2 && !AXIS_KEYS.includes(key)).map(([key]) => key);
}

/** One x axis for all lines: the steps' own epoch/step numbers where they print one, else 1, 2, 3… */
function aligned(series: Series, key: string): { data: uPlot.AlignedData; axis: string } {
  const axisKey = AXIS_KEYS.find((k) => series.some((e) => e.points.some((p) => typeof p.values[k] === 'number' && typeof p.values[key] === 'number')));
  const lines = series.map((e) => {
    const points: [number, number][] = [];
    let n = 0;
    let x = 0;
    for (const p of e.points) {
      if (axisKey && typeof p.values[axisKey] === 'number') x = p.values[axisKey];
      const y = p.values[key];
      if (typeof y !== 'number') continue;
      n += 1;
      points.push([axisKey ? x : n, y]);
    }
    return new Map(points);
  });
  const xs = [...new Set(lines.flatMap((line) => [...line.keys()]))].sort((a, b) => a - b);
  return { data: [xs, ...lines.map((line) => xs.map((x) => line.get(x) ?? null))], axis: axisKey ?? 'point' };
}

/** `executions`: the node's, as `executions.list` gives them (their parameters name a sweep's lines). */
export function MetricsChart({ runId, node, status, preferred, executions }: { runId: string; node: string; status: string; preferred: string | undefined; executions: ApiResult<'executions.list'>['executions'] | undefined }) {
  const series = useNodeQuery('metadata.series', runId, node, status)?.executions ?? NONE;
  const [chosen, setChosen] = useState<string | undefined>(undefined);

  const keys = useMemo(() => chartableKeys(series), [series]);
  const key = chosen !== undefined && keys.includes(chosen) ? chosen : preferred !== undefined && keys.includes(preferred) ? preferred : keys[0];
  const plotted = useMemo(() => (key === undefined ? undefined : aligned(series, key)), [series, key]);
  // A sweep's lines are named by child and by what sets it apart (`#2 learning_rate=0.01`).
  const names = useMemo(() => {
    const byId = new Map((executions ?? []).map((e) => [e.id, e.parameters]));
    const varying = varyingKeys([...byId.values()]).slice(0, LABEL_KEYS);
    const said = (id: string): string => varying.map((k) => `${k}=${shown(byId.get(id)?.[k])}`).join(' ');
    return series.map((e) => (series.length > 1 ? `#${e.child + 1}${varying.length > 0 && byId.has(e.id) ? ` ${said(e.id)}` : ''}` : e.id));
  }, [series, executions]);

  if (key === undefined || !plotted) return null;
  return (
    <div className="metrics-chart" data-testid="metrics-chart">
      <select aria-label="Metric to chart" value={key} onChange={(e) => setChosen(e.target.value)}>
        {keys.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <LineChart data={plotted.data} axis={plotted.axis} names={names} shape={`${key}|${names.join('|')}`} />
    </div>
  );
}
