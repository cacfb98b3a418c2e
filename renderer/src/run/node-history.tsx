/**
 * "Across runs": a node's executions over the runs of its pipeline, side by side, newest run first:
 * which run's parameters gave the best metric, without opening each run in turn. Read when opened,
 * and again when the shown run's state changes.
 */
import { useEffect, useState } from 'react';
import type { ApiResult } from '../../../shared/api/contract.ts';
import type { PickRule } from '../../../shared/run/pick.ts';
import { useApi } from '../api/api-context.ts';
import { ExecutionsTable, type RowLabel } from './children-table.tsx';

type Row = ApiResult<'executions.history'>['executions'][number];

/** The run, and which child of a sweep. */
const RUN: RowLabel<Row> = { title: 'run', text: (e) => e.runId, order: (e) => Number(e.runId) * 100_000 + e.child };
const RUN_AND_CHILD: RowLabel<Row> = { ...RUN, text: (e) => `${e.runId} #${e.child + 1}` };

export function NodeHistory({ pipeline, node, status, pick }: { pipeline: string; node: string; status: string; pick: PickRule | undefined }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<readonly Row[] | undefined>(undefined);
  useEffect(() => {
    if (!open) return;
    let live = true;
    api.call('executions.history', { pipeline, node }).then(
      (result) => live && setRows(result.executions),
      () => live && setRows(undefined),
    );
    return () => {
      live = false;
    };
  }, [api, open, pipeline, node, status]);
  const sweep = rows?.some((e) => e.child > 0) ?? false;
  const label = sweep ? RUN_AND_CHILD : RUN;
  return (
    <details className="node-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Across runs</summary>
      {rows === undefined ? null : rows.length < 2 ? (
        <p className="muted">{rows.length === 0 ? 'No finished runs of this node yet.' : 'One run so far: run it again to compare.'}</p>
      ) : (
        <ExecutionsTable executions={rows} pick={pick} label={label} testId="node-history" />
      )}
    </details>
  );
}
