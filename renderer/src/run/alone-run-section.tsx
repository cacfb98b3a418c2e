/**
 * A step run alone from its panel, as `vh exec run STEP` (and `pipewright run --step`) runs it:
 * most valohai.yaml files define steps and no pipeline. The run is `step:NAME`; its one node's
 * state, log, metadata and outputs are shown here as a pipeline node's are in the inspector.
 * A top-level task runs alone from its panel the same way (`task:NAME`, `pipewright run --task`).
 */
import { useEffect, useMemo, useState } from 'react';
import { stepNodeName, stepRunName, taskRunName, withStepRun } from '../../../shared/run/step-run.ts';
import { takesOneValue } from '../../../shared/valohai/model/parameter.ts';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { useApi } from '../api/api-context.ts';
import { useImported } from '../store/imported.ts';
import { NodeRunPanel } from './node-run-panel.tsx';
import { RunDialog } from './run-dialog.tsx';
import { statusWords, useStepRun } from './run-store.ts';
import { adoptLatest, startRun } from './start-run.ts';
import { findByName } from '../../../shared/valohai/model/config.ts';

const SAID = {
  step: { intro: 'Runs this step once on this machine with its defaults, as “vh exec run” does on Valohai.', button: '▶ Run this step' },
  task: { intro: 'Runs this task’s executions on this machine, as Valohai runs the task.', button: '▶ Run this task' },
} as const;

/** `kind`: what runs alone, a step or a top-level task, named `name`. */
export function AloneRunSection({ kind, name: alone }: { kind: 'step' | 'task'; name: string }) {
  const api = useApi();
  const name = kind === 'step' ? stepRunName(alone) : taskRunName(alone);
  const mine = useStepRun((s) => s.pipeline === name);
  const status = useStepRun((s) => s.status);
  const runId = useStepRun((s) => s.runId);
  const busy = status === 'running' || status === 'starting';
  const [asking, setAsking] = useState(false);
  /** Whether the run shown is a sweep of the step (several values given to a one-value parameter). */
  const [sweeping, setSweeping] = useState(false);
  const { config } = useImported();
  const step = kind === 'step' ? alone : findByName(config.tasks, alone)?.step;
  /** A step's one-value parameters: several values make a sweep, one execution each, as `vh exec run` makes a task (a task makes its own children). */
  const oneValue = useMemo(() => new Set(kind === 'task' ? [] : findByName(config.steps, step)?.parameters.filter(takesOneValue).map((p) => p.name)), [config, kind, step]);
  // "Run with…" asks as for a pipeline: the step's parameters (its defaults shown) and its inputs' files, this run only.
  const asPipeline = useMemo((): Pipeline | undefined => {
    const made = withStepRun(config, name);
    const pipeline = made.ok ? findByName(made.config.pipelines, name) : undefined;
    const defaults = new Map(findByName(config.steps, step)?.parameters.map((p) => [p.name, p.default]));
    return pipeline && { ...pipeline, parameters: pipeline.parameters.map((p) => ({ ...p, default: defaults.get(p.name) })) };
  }, [config, name, step]);

  // The step's latest run alone (one from the CLI, say) is shown when its panel opens, unless a run is under way.
  useEffect(() => {
    if (useStepRun.getState().pipeline === name) return;
    let live = true;
    void adoptLatest(api, name, { unlessRunning: true, still: () => live }).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, name]);

  return (
    <section className="step-run" data-testid={`${kind}-run`}>
      <h3>Run alone</h3>
      <p className="muted">{SAID[kind].intro}</p>
      <div className="row">
        <button type="button" className="run" disabled={busy} onClick={() => void startRun(api, name)} title={busy ? 'Another run is under way' : `Save and run ${kind} ${alone} alone`}>
          {SAID[kind].button}
        </button>
        {asPipeline && (
          <button type="button" disabled={busy} onClick={() => setAsking(true)} title={`Run this ${kind} alone with other parameter values or input files, for this run only`}>
            Run with…
          </button>
        )}
        {mine && status && (
          <span className={`run-status run-${status}`} data-testid={`${kind}-run-status`}>
            {runId ? `run ${runId} · ` : ''}
            {statusWords(status)}
          </span>
        )}
      </div>
      {asking && asPipeline && (
        <RunDialog
          pipeline={asPipeline}
          sweepable={oneValue}
          onClose={() => setAsking(false)}
          onRun={(parameters, how, inputs) => {
            setAsking(false);
            setSweeping(Object.entries(parameters).some(([key, value]) => oneValue.has(key) && Array.isArray(value)));
            void startRun(api, name, { parameters, ...how, inputs });
          }}
        />
      )}
      <NodeRunPanel pipeline={name} node={stepNodeName(alone)} sweep={kind === 'task' || sweeping} step={step} />
    </section>
  );
}
