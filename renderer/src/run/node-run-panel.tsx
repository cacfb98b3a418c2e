/** A node's part of the current run in the inspector: state, approval, metadata, log, inputs, outputs. */
import { useEffect, useState } from 'react';
import type { ApiResult } from '../../../shared/api/contract.ts';
import { useApi } from '../api/api-context.ts';
import { useEditor } from '../store/editor-store.ts';
import type { PickRule } from '../../../shared/run/pick.ts';
import { ChildrenTable } from './children-table.tsx';
import { NodeHistory } from './node-history.tsx';
import { MetricsChart } from './metrics-chart.tsx';
import { UsageChart } from './usage-chart.tsx';
import { RunFromHere } from './run-from-here.tsx';
import { InputFiles } from './input-files.tsx';
import { OutputFiles } from './output-preview.tsx';
import { MAX_LINES, statusWords, storeFor, useNodeRun } from './run-store.ts';
import { hintsFor } from '../../../shared/run/failure-hints.ts';
import { inEditorWords } from './refusal-text.ts';
import { NodeLog } from './node-log.tsx';
import { useNodeQuery } from './use-node-query.ts';

const FINISHED = ['succeeded', 'reused', 'failed', 'skipped', 'stopped', 'cancelled', 'interrupted'];
const FAILED = ['failed', 'timed-out'];
/** The last lines a failure's hints are read from. */
const HINT_LINES = 30;

/** `step`: the step the node runs, when its measured use may size that step's `resources`. */
export function NodeRunPanel({ pipeline, node, sweep, pick, step }: { pipeline: string; node: string; sweep: boolean; pick?: PickRule | undefined; step?: string | undefined }) {
  const api = useApi();
  const run = useNodeRun(pipeline, node);
  const store = storeFor(pipeline);
  const runId = store((s) => s.runId);
  const allWarnings = store((s) => s.warnings);
  // Once each: a run resumed says its warnings again.
  const warnings = allWarnings.filter((w, i) => w.node === node && allWarnings.findIndex((o) => o.node === node && o.message === w.message) === i);
  const [comment, setComment] = useState('');
  const [outputs, setOutputs] = useState<ApiResult<'outputs.list'>['files']>([]);
  const finished = run !== undefined && FINISHED.includes(run.status);
  const [stored, setStored] = useState<ApiResult<'logs.read'>['lines']>([]);
  useEffect(() => {
    setOutputs([]); // nothing of another run's
    if (!finished || !runId) return;
    let live = true; // an answer for a run no longer shown is dropped
    api.call('outputs.list', { runId, node }).then(
      (r) => live && setOutputs(r.files),
      () => live && setOutputs([]),
    );
    return () => {
      live = false;
    };
  }, [api, finished, runId, node]);
  // Lines this window saw arrive are in the store; a run found in the store (after a reload, or
  // started from the CLI) brings its log from the files.
  const seen = run?.lines.length ?? 0;
  useEffect(() => {
    if (!runId || seen > 0) return;
    let live = true;
    api.call('logs.read', { runId, node, limit: MAX_LINES }).then(
      (r) => live && setStored(r.lines),
      () => live && setStored([]),
    );
    return () => {
      live = false;
    };
  }, [api, runId, node, seen, finished]);
  // Asked once for the children table and the chart's line names, every second while it runs.
  const executions = useNodeQuery('executions.list', runId, node, run?.status ?? 'pending')?.executions;
  if (!run || !runId) return null;
  const decide = (decision: 'approved' | 'rejected'): void => {
    api.call('run.decide', { runId, node, decision, comment }).then(
      () => setComment(''),
      (error: unknown) => useEditor.getState().toast('error', error instanceof Error ? error.message : String(error)),
    );
  };
  const metadata = Object.entries(run.metadata);
  const lines = run.lines.length > 0 ? run.lines : stored;
  // A sweep's children, or a retried or resumed node's attempts: each line says whose it is.
  const fromMany = new Set(lines.map((l) => l.execution)).size > 1;
  // What the CLI says under a failure, here under the error (the last lines say why).
  const hints = FAILED.includes(run.status) ? hintsFor(lines.slice(-HINT_LINES).map((l) => l.text), undefined, run.inImage === true) : [];
  return (
    <section className="node-run" data-testid="node-run">
      <h3>
        This run <span className={`run-chip run-${run.status}`}>{statusWords(run.status)}</span>
      </h3>
      {run.error && <p className="field-error">{inEditorWords(run.error)}</p>}
      {FINISHED.includes(run.status) && <RunFromHere pipeline={pipeline} node={node} runId={runId} />}
      {hints.length > 0 && (
        <ul className="run-hints" data-testid="node-hints">
          {hints.map((hint) => (
            <li key={hint}>hint: {hint}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="run-warnings" data-testid="node-warnings">
          {warnings.map((w, i) => (
            <li key={i}>⚠ {w.message}</li>
          ))}
        </ul>
      )}
      {run.status === 'awaiting-approval' && (
        <div className="approval-box" role="group" aria-label="Approval">
          <p>{run.gate === 'complete' ? 'This node has run: its results wait for your approval before the pipeline goes on.' : run.gate === 'start' ? 'This node waits for your approval before it starts.' : 'This node waits for your approval.'}</p>
          <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder="comment (optional)" aria-label="Approval comment" />
          <div className="row">
            <button type="button" className="primary" onClick={() => decide('approved')}>
              Approve
            </button>
            <button type="button" className="danger" onClick={() => decide('rejected')}>
              Reject
            </button>
          </div>
        </div>
      )}
      {/* A sweep's metrics are its children's, side by side below; merged they would mislead. */}
      {metadata.length > 0 && !sweep && (
        <table className="metadata">
          <tbody>
            {metadata.map(([key, value]) => (
              <tr key={key}>
                <th>{key}</th>
                <td>{typeof value === 'number' ? String(Number(value.toPrecision(6))) : JSON.stringify(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ChildrenTable executions={executions} pick={pick} />
      <NodeHistory pipeline={pipeline} node={node} status={run.status} pick={pick} />
      <MetricsChart runId={runId} node={node} status={run.status} preferred={pick?.by} executions={executions} />
      <UsageChart runId={runId} node={node} status={run.status} step={step} />
      {lines.length > 0 && <NodeLog lines={lines} fromMany={fromMany} command={`pipewright logs ${runId} ${node}`} />}
      <InputFiles runId={runId} node={node} finished={finished} />
      <OutputFiles runId={runId} node={node} files={outputs} />
    </section>
  );
}
