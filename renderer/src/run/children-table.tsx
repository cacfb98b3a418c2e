/**
 * Executions side by side in the inspector: each one's status, the parameters that differ between
 * them, its metrics (metadata) and its peak memory, the best one marked when an edge out of the node picks by a
 * metric; a header sorts by its column. A sweep's children (refreshed while the node runs), and a
 * node's executions over its runs (node-history.tsx) are shown with it.
 */
import { useMemo, useState } from 'react';
import type { ApiResult } from '../../../shared/api/contract.ts';
import { pickBest, type PickRule } from '../../../shared/run/pick.ts';
import { mib } from '../../../shared/run/usage.ts';
import { varyingKeys } from '../../../shared/run/varying-keys.ts';
import { statusWords } from './run-store.ts';

type Execution = ApiResult<'executions.list'>['executions'][number];

/** How the first column names a row, and orders by it. */
export interface RowLabel<E extends Execution> {
  readonly title: string;
  readonly text: (e: E) => string;
  readonly order: (e: E) => number;
}

const CHILD: RowLabel<Execution> = { title: '#', text: (e) => String(e.child + 1), order: (e) => e.child };

const MAX_METRICS = 4;
/** The column of each execution's peak memory, shown when some were read. */
const MEMORY = 'peak memory';
const NONE: Execution[] = [];

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : typeof value === 'string' ? value : JSON.stringify(value);
}

/** A sweep's children side by side (`executions`: the node's, as `executions.list` gives them). */
export function ChildrenTable({ executions = NONE, pick }: { executions: readonly Execution[] | undefined; pick: PickRule | undefined }) {
  if (executions.length < 2) return null;
  return <ExecutionsTable executions={executions} pick={pick} label={CHILD} testId="children-table" />;
}

export function ExecutionsTable<E extends Execution>({ executions, pick, label, testId }: { executions: readonly E[]; pick: PickRule | undefined; label: RowLabel<E>; testId: string }) {
  const [sort, setSort] = useState<{ column: string; descending: boolean } | undefined>(undefined);

  const { varying, metrics, best, memory } = useMemo(() => {
    const varying = varyingKeys(executions.map((e) => e.parameters));
    // A metric every child reports alike (the epoch count) says nothing about which is better.
    // The one an edge picks by comes first, alike or not.
    const picked = pick && executions.some((e) => pick.by in e.metadata) ? [pick.by] : [];
    const chosen = [...picked, ...varyingKeys(executions.map((e) => e.metadata)).filter((k) => k !== pick?.by)];
    const winner = pick ? pickBest(executions, pick, (e) => e.metadata) : undefined;
    const memory = executions.some((e) => e.usage?.memoryPeakMb != null);
    return { varying, metrics: chosen.slice(0, MAX_METRICS), best: winner?.id, memory };
  }, [executions, pick]);

  const rows = useMemo(() => {
    if (!sort) return executions;
    const value = (e: E): unknown =>
      sort.column === label.title ? label.order(e) : sort.column === MEMORY ? (e.usage?.memoryPeakMb ?? undefined) : sort.column in e.metadata ? e.metadata[sort.column] : e.parameters[sort.column];
    const order = (a: E, b: E): number => {
      const [x, y] = [value(a), value(b)];
      if (x === undefined || y === undefined) return x === undefined ? 1 : -1; // missing values last
      const diff = typeof x === 'number' && typeof y === 'number' ? x - y : show(x).localeCompare(show(y));
      return sort.descending ? -diff : diff;
    };
    return [...executions].sort(order);
  }, [executions, sort, label]);

  const header = (column: string) => (
    <th key={column}>
      <button type="button" className="link" onClick={() => setSort({ column, descending: sort?.column === column ? !sort.descending : true })}>
        {column}
        {sort?.column === column ? (sort.descending ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  );
  return (
    <table className="children" data-testid={testId}>
      {best && pick && <caption>★ passed on: the {pick.pick === 'max' ? 'highest' : 'lowest'} {pick.by}</caption>}
      <thead>
        <tr>
          {header(label.title)}
          <th>status</th>
          {varying.map(header)}
          {metrics.map(header)}
          {memory && header(MEMORY)}
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.id} className={e.id === best ? 'best' : undefined} title={e.error ?? e.id}>
            <td>
              {e.id === best ? '★ ' : ''}
              {label.text(e)}
            </td>
            <td className={`run-${e.status}`}>{statusWords(e.status)}</td>
            {varying.map((k) => (
              <td key={k}>{show(e.parameters[k])}</td>
            ))}
            {metrics.map((k) => (
              <td key={k}>{show(e.metadata[k])}</td>
            ))}
            {memory && <td>{e.usage?.memoryPeakMb != null ? mib(e.usage.memoryPeakMb) : ''}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
