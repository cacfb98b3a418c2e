/**
 * A step run alone from its panel, as `vh exec run STEP` (and `pipewright run --step`) runs it:
 * most valohai.yaml files define steps and no pipeline. The run is `step:NAME`; its one node's
 * state, log, metadata and outputs are shown here as a pipeline node's are in the inspector.
 */
import { useEffect } from 'react';
import { stepNodeName, stepRunName } from '../../../shared/run/step-run.ts';
import { useApi } from '../api/api-context.ts';
import { NodeRunPanel } from './node-run-panel.tsx';
import { showRun } from './run-picker.tsx';
import { statusWords, useRun } from './run-store.ts';
import { startRun } from './start-run.ts';

export function StepRunSection({ step }: { step: string }) {
  const api = useApi();
  const name = stepRunName(step);
  const mine = useRun((s) => s.pipeline === name);
  const status = useRun((s) => s.status);
  const runId = useRun((s) => s.runId);
  const busy = status === 'running' || status === 'starting';

  // The step's latest run alone (one from the CLI, say) is shown when its panel opens, unless a run is under way.
  useEffect(() => {
    if (useRun.getState().pipeline === name) return;
    let live = true;
    api.call('runs.list', { limit: 50 }).then((r) => {
      const latest = r.runs.find((x) => x.pipeline === name);
      const now = useRun.getState().status;
      if (live && latest && now !== 'running' && now !== 'starting') void showRun(api, latest.id).catch(() => undefined);
    }, () => undefined);
    return () => {
      live = false;
    };
  }, [api, name]);

  return (
    <section className="step-run" data-testid="step-run">
      <h3>Run alone</h3>
      <p className="muted">Runs this step once on this machine with its defaults, as “vh exec run” does on Valohai.</p>
      <div className="row">
        <button type="button" className="run" disabled={busy} onClick={() => void startRun(api, name, { runWith: false })} title={busy ? 'Another run is under way' : `Save and run step ${step} alone`}>
          ▶ Run this step
        </button>
        {mine && status && (
          <span className={`run-status run-${status}`} data-testid="step-run-status">
            {runId ? `run ${runId} · ` : ''}
            {statusWords(status)}
          </span>
        )}
      </div>
      <NodeRunPanel pipeline={name} node={stepNodeName(step)} sweep={false} />
    </section>
  );
}
