/**
 * One step run alone, as `vh exec run STEP` runs it on Valohai: most valohai.yaml files in the wild
 * define steps and no pipeline. Such a run is a one-node pipeline named `step:STEP` whose node is
 * named after the step (dots made underscores), so the engine, the store (`runs`, `show`,
 * `logs RUN STEP`, `resume`), the editor and the export treat it as any other run. A pipeline of
 * the file that is itself named `step:…` wins.
 */
import type { ValohaiConfig } from '../valohai/model/config.ts';
import { takesOneValue } from '../valohai/model/parameter.ts';
import type { Pipeline } from '../valohai/model/pipeline.ts';
import { choices } from '../nearest-name.ts';

export const STEP_RUN_PREFIX = 'step:';

export function stepRunName(step: string): string {
  return `${STEP_RUN_PREFIX}${step}`;
}

/** The node a step run alone runs: a node's name is the first part of `node.parameter.name`, so no dots. */
export function stepNodeName(step: string): string {
  return step.replaceAll('.', '_');
}

/** The step a run name stands for, when it names one run alone (and no pipeline has that name). */
function stepOfRun(config: ValohaiConfig, name: string): string | undefined {
  if (!name.startsWith(STEP_RUN_PREFIX) || config.pipelines.some((p) => p.name === name)) return undefined;
  return name.slice(STEP_RUN_PREFIX.length);
}

/** The one-node pipelines made here: their runs' problems are said in a step's words (`--param`, `--input`). */
const made = new WeakSet<Pipeline>();

export function isStepRun(pipeline: Pipeline): boolean {
  return made.has(pipeline);
}

/** How a run's name is said: `pipeline "p"`, or `step "train" alone`. */
export function runSubject(name: string): string {
  return name.startsWith(STEP_RUN_PREFIX) ? `step "${name.slice(STEP_RUN_PREFIX.length)}" alone` : `pipeline "${name}"`;
}

export type WithStepRun = { readonly ok: true; readonly config: ValohaiConfig } | { readonly ok: false; readonly message: string };

/**
 * The config with the one-node pipeline a step run needs added; as it was for a pipeline's name.
 * Several values given for a one-value parameter (`--param lr=0.1 --param lr+=0.2`) make the node
 * a task, one execution per combination, as `vh exec run` makes a task of them.
 */
export function withStepRun(config: ValohaiConfig, name: string, given: Readonly<Record<string, readonly string[]>> = {}): WithStepRun {
  const stepName = stepOfRun(config, name);
  if (stepName === undefined) return { ok: true, config };
  const step = config.steps.find((s) => s.name === stepName);
  if (!step) return { ok: false, message: `no step named "${stepName}"${choices(stepName, config.steps.map((s) => s.name), 'steps')}` };
  const node = stepNodeName(step.name);
  const sweep = step.parameters.some((p) => takesOneValue(p) && (given[p.name]?.length ?? 0) > 1);
  const common = { path: step.path, name: node, actions: [], onError: 'stop-all', edgeMergeMode: 'replace' } as const;
  const pipeline: Pipeline = {
    path: step.path,
    name,
    nodes: [sweep ? { ...common, type: 'task', source: { kind: 'step', step: step.name } } : { ...common, type: 'execution', step: step.name }],
    edges: [],
    // `--param NAME=VALUE` sets the step's parameter, as `vh exec run STEP --NAME=VALUE` does.
    parameters: step.parameters.map((p) => ({ path: p.path, name: p.name, targets: [`${node}.parameter.${p.name}`] })),
    reuseExecutions: false,
    legacyKey: false,
  };
  made.add(pipeline);
  return { ok: true, config: { ...config, pipelines: [...config.pipelines, pipeline] } };
}
