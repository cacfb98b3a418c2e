/**
 * A sweep's children side by side in the inspector: each child's status, the parameters that
 * differ between children and its metrics (metadata), the best one marked when an edge out of the
 * node picks by a metric. A header sorts by its column. Refreshed while the node runs.
 */
import { useMemo, useState } from 'react';
import type { ApiResult } from '../../../shared/api/contract.ts';
import { pickBest, type PickRule } from '../../../shared/run/pick.ts';
import { useNodeQuery } from './use-node-query.ts';
import { statusWords } from './run-store.ts';

type Execution = ApiResult<'executions.list'>['executions'][number];

const MAX_METRICS = 4;
const NONE: Execution[] = [];

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : typeof value === 'string' ? value : JSON.stringify(value);
}

export function ChildrenTable({ runId, node, status, pick }: { runId: string; node: string; status: string; pick: PickRule | undefined }) {
  const executions = useNodeQuery('executions.list', runId, node, status)?.executions ?? NONE;
  const [sort, setSort] = useState<{ column: string; descending: boolean } | undefined>(undefined);

  const { varying, metrics, best } = useMemo(() => {
    const keys = (of: (e: Execution) => Record<string, unknown>): string[] => [...new Set(executions.flatMap((e) => Object.keys(of(e))))];
    const differs = (of: (e: Execution) => Record<string, unknown>) => (k: string): boolean => new Set(executions.map((e) => JSON.stringify(of(e)[k]))).size > 1;
    const varyingKeys = keys((e) => e.parameters).filter(differs((e) => e.parameters));
    // A metric every child reports alike (the epoch count) says nothing about which is better.
    const metricKeys = keys((e) => e.metadata).filter((k) => k === pick?.by || differs((e) => e.metadata)(k));
    const chosen = pick && metricKeys.includes(pick.by) ? [pick.by, ...metricKeys.filter((k) => k !== pick.by)] : metricKeys;
    const winner = pick ? pickBest(executions, pick, (e) => e.metadata) : undefined;
    return { varying: varyingKeys, metrics: chosen.slice(0, MAX_METRICS), best: winner?.id };
  }, [executions, pick]);

  const rows = useMemo(() => {
    if (!sort) return executions;
    const value = (e: Execution): unknown => (sort.column === '#' ? e.child : sort.column in e.metadata ? e.metadata[sort.column] : e.parameters[sort.column]);
    const order = (a: Execution, b: Execution): number => {
      const [x, y] = [value(a), value(b)];
      if (x === undefined || y === undefined) return x === undefined ? 1 : -1; // missing values last
      const diff = typeof x === 'number' && typeof y === 'number' ? x - y : show(x).localeCompare(show(y));
      return sort.descending ? -diff : diff;
    };
    return [...executions].sort(order);
  }, [executions, sort]);

  if (executions.length < 2) return null;
  const header = (column: string) => (
    <th key={column}>
      <button type="button" className="link" onClick={() => setSort({ column, descending: sort?.column === column ? !sort.descending : true })}>
        {column}
        {sort?.column === column ? (sort.descending ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  );
  return (
    <table className="children" data-testid="children-table">
      {best && pick && <caption>★ passed on: the {pick.pick === 'max' ? 'highest' : 'lowest'} {pick.by}</caption>}
      <thead>
        <tr>
          {header('#')}
          <th>status</th>
          {varying.map(header)}
          {metrics.map(header)}
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.id} className={e.id === best ? 'best' : undefined} title={e.error ?? e.id}>
            <td>
              {e.id === best ? '★ ' : ''}
              {e.child + 1}
            </td>
            <td className={`run-${e.status}`}>{statusWords(e.status)}</td>
            {varying.map((k) => (
              <td key={k}>{show(e.parameters[k])}</td>
            ))}
            {metrics.map((k) => (
              <td key={k}>{show(e.metadata[k])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
