/**
 * Run the shown pipeline on this machine: saves first (the runner reads the file on disk), then
 * starts it and shows its state, with Cancel while it runs.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { grouped } from '../../../shared/run/grouped-warnings.ts';
import { RunDialog } from './run-dialog.tsx';
import { RunPicker } from './run-picker.tsx';
import { useNamedData } from './named-data.tsx';
import { useApi } from '../api/api-context.ts';
import { useEditor } from '../store/editor-store.ts';
import { statusWords, useRun } from './run-store.ts';
import { adoptLatest, RESUMABLE, resumeRun, startRun } from './start-run.ts';

export function RunBar({ pipeline, parameters }: { pipeline: string | undefined; parameters: Pipeline | undefined }) {
  const api = useApi();
  const [asking, setAsking] = useState(false);
  // Only what the bar shows: log lines arriving must not redraw it.
  const runId = useRun((s) => s.runId);
  const status = useRun((s) => s.status);
  const ran = useRun((s) => s.pipeline);
  const warnings = useRun((s) => s.warnings);
  // Said alike of several nodes: once, naming them.
  const said = useMemo(() => grouped(warnings), [warnings]);
  const active = status === 'running' || status === 'starting';
  // The nodes waiting for a person, as one string: the bar redraws only when that set changes.
  const waiting = useRun((s) => Object.keys(s.nodes).filter((name) => s.nodes[name]?.status === 'awaiting-approval').join('\n'));
  // The names runs gave outputs, read now so that Run with… opens with them in place.
  useNamedData();

  useEffect(() => {
    if (!pipeline) return;
    if (useRun.getState().pipeline !== pipeline) void adoptLatest(api, pipeline).catch(() => undefined);
    // A run started elsewhere later (the CLI, another window) is picked up too.
    const timer = setInterval(() => {
      const { status: now, runId: shown } = useRun.getState();
      if (now === 'running' || now === 'starting') return;
      api.call('runs.list', { limit: 5 }).then((r) => {
        const latest = r.runs.find((x) => x.pipeline === pipeline);
        if (latest && latest.id !== shown && latest.status === 'running') void adoptLatest(api, pipeline).catch(() => undefined);
      }, () => undefined);
    }, 3000);
    return () => clearInterval(timer);
  }, [api, pipeline]);

  // A run under way is also read from the store each second: events reach only the window that
  // started it, and a run started elsewhere (the CLI, another window) must light up here too.
  useEffect(() => {
    if (status !== 'running' || !runId) return;
    const timer = setInterval(() => {
      api.call('run.show', { runId }).then((shown) => useRun.getState().merge(shown), () => undefined);
    }, 1000);
    return () => clearInterval(timer);
  }, [api, status, runId]);

  return (
    <div className="run-bar" data-testid="run-bar">
      {status && ran === pipeline && (
        <span className={`run-status run-${status}`} data-testid="run-status">
          {runId ? `run ${runId} · ` : ''}
          {/* (Refused before it started, a run has no number: it did not fail, it never ran.) */}
          {!runId && status === 'failed' ? 'not started' : statusWords(status)}
        </span>
      )}
      {pipeline && ran === pipeline && <RunPicker pipeline={pipeline} />}
      {ran === pipeline && said.length > 0 && (
        <details className="run-warnings-list" data-testid="run-warnings">
          <summary title="What this run said it does not do here, or could not">
            ⚠ {said.length} {said.length === 1 ? 'warning' : 'warnings'}
          </summary>
          <ul>
            {said.map((w, i) => (
              <li key={i}>{w.node && !w.message.includes(`"${w.node}"`) ? `${w.node}: ${w.message}` : w.message}</li>
            ))}
          </ul>
        </details>
      )}
      {ran === pipeline &&
        waiting &&
        waiting.split('\n').map((name) => (
          <button key={name} type="button" className="awaiting" data-testid={`awaiting-${name}`} onClick={() => useEditor.getState().select({ kind: 'nodes', names: [name] })} title={`Show ${name} to approve or reject it`}>
            {name} awaits approval
          </button>
        ))}
      {active && runId ? (
        <button type="button" className="danger" onClick={() => void api.call('run.cancel', { runId }).catch((e: unknown) => useEditor.getState().toast('error', String(e)))}>
          Cancel
        </button>
      ) : (
        <>
          <button type="button" className="run" disabled={!pipeline || active} onClick={() => pipeline && void startRun(api, pipeline)} title="Save and run this pipeline on this machine">
            ▶ Run
          </button>
          {runId && ran === pipeline && status && RESUMABLE.has(status) && (
            <button type="button" onClick={() => void resumeRun(api, runId)} title={`Continue run ${runId} from its last finished nodes; what finished is not run again`}>
              ↻ Resume
            </button>
          )}
          {parameters && (
            <button type="button" disabled={active} onClick={() => setAsking(true)} title="Run with other pipeline parameter values, or reusing unchanged nodes, for this run only">
              Run with…
            </button>
          )}
        </>
      )}
      {asking && parameters && (
        <RunDialog
          pipeline={parameters}
          onClose={() => setAsking(false)}
          onRun={(values, how, inputs) => {
            setAsking(false);
            void startRun(api, parameters.name, { parameters: values, ...how, inputs });
          }}
        />
      )}
    </div>
  );
}
