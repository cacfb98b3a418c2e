/**
 * One step run alone, as `vh exec run STEP` runs it on Valohai: most valohai.yaml files in the wild
 * define steps and no pipeline. Such a run is a one-node pipeline named `step:STEP` whose node is
 * named after the step (dots made underscores), so the engine, the store (`runs`, `show`,
 * `logs RUN STEP`, `resume`), the editor and the export treat it as any other run. A pipeline of
 * the file that is itself named `step:…` wins.
 *
 * A top-level `task` (a sweep or distributed recipe over a step, as Valohai's "create task" runs
 * it) runs alone the same way: a pipeline named `task:TASK` of one task node built from it.
 */
import { findByName, type ValohaiConfig } from '../valohai/model/config.ts';
import { takesOneValue, type Parameter } from '../valohai/model/parameter.ts';
import type { Pipeline } from '../valohai/model/pipeline.ts';
import { choices } from '../nearest-name.ts';

const STEP_RUN_PREFIX = 'step:';
const TASK_RUN_PREFIX = 'task:';

export function stepRunName(step: string): string {
  return `${STEP_RUN_PREFIX}${step}`;
}

export function taskRunName(task: string): string {
  return `${TASK_RUN_PREFIX}${task}`;
}

/** The node a step run alone runs: a node's name is the first part of `node.parameter.name`, so no dots. */
export function stepNodeName(step: string): string {
  return step.replaceAll('.', '_');
}

export type Alone = { readonly kind: 'step' | 'task'; readonly name: string };

/** The step or task a run name stands for, when it names one run alone (and no pipeline has that name). */
function aloneOf(config: ValohaiConfig, name: string): Alone | undefined {
  return config.pipelines.some((p) => p.name === name) ? undefined : aloneInRunName(name);
}

/** Whether a name given as a pipeline's is a step's or a task blueprint's (to say `--step`/`--task` names it). */
export function namedAlone(config: ValohaiConfig, name: string): Alone['kind'] | undefined {
  return config.steps.some((s) => s.name === name) ? 'step' : config.tasks.some((t) => t.name === name) ? 'task' : undefined;
}

/** The one-node pipelines made here, with what each runs: their problems are said in a step's or task's words (`--param`, `--input`). */
const made = new WeakMap<Pipeline, Alone>();

/** What a one-node pipeline made here runs, as its problems name it: `step "train"`, `task "sweep"`. */
export function aloneSubject(pipeline: Pipeline): string | undefined {
  const alone = made.get(pipeline);
  return alone && `${alone.kind} "${alone.name}"`;
}

/** The step or task a run's name says it ran alone (`step:train`, `task:sweep`), by its name alone. */
export function aloneInRunName(name: string): Alone | undefined {
  if (name.startsWith(STEP_RUN_PREFIX)) return { kind: 'step', name: name.slice(STEP_RUN_PREFIX.length) };
  if (name.startsWith(TASK_RUN_PREFIX)) return { kind: 'task', name: name.slice(TASK_RUN_PREFIX.length) };
  return undefined;
}

/** How a run's name is said: `pipeline "p"`, `step "train" alone` or `task "sweep" alone`. */
export function runSubject(name: string): string {
  const alone = aloneInRunName(name);
  return alone ? `${alone.kind} "${alone.name}" alone` : `pipeline "${name}"`;
}

export type WithStepRun = { readonly ok: true; readonly config: ValohaiConfig } | { readonly ok: false; readonly message: string };

/**
 * The config with the one-node pipeline a step run needs added; as it was for a pipeline's name.
 * Several values given for a one-value parameter (`--param lr=0.1 --param lr+=0.2`) make the node
 * a task, one execution per combination, as `vh exec run` makes a task of them.
 */
export function withStepRun(config: ValohaiConfig, name: string, given: Readonly<Record<string, readonly string[]>> = {}): WithStepRun {
  const alone = aloneOf(config, name);
  if (alone === undefined) return { ok: true, config };
  // One node named after what it runs; `--param NAME=VALUE` sets the step's parameter, as
  // `vh exec run STEP --NAME=VALUE` does (into a task: every child's value, as a pipeline parameter).
  const onePipeline = (path: Pipeline['path'], node: Pipeline['nodes'][number], parameters: readonly Parameter[]): Pipeline => ({
    path,
    name,
    nodes: [node],
    edges: [],
    parameters: parameters.map((p) => ({ path: p.path, name: p.name, targets: [`${node.name}.parameter.${p.name}`], targetPaths: [], ...(p.description === undefined ? {} : { description: p.description }) })),
    reuseExecutions: false,
    legacyKey: false,
  });
  let pipeline: Pipeline;
  if (alone.kind === 'task') {
    const task = findByName(config.tasks, alone.name);
    if (!task) return { ok: false, message: `no task named "${alone.name}"${choices(alone.name, config.tasks.map((t) => t.name), 'tasks')}` };
    const node = { path: task.path, name: stepNodeName(task.name), actions: [], onError: 'stop-all', edgeMergeMode: 'replace', type: 'task', source: { kind: 'blueprint', task: task.name } } as const;
    pipeline = onePipeline(task.path, node, findByName(config.steps, task.step)?.parameters ?? []);
  } else {
    const step = findByName(config.steps, alone.name);
    if (!step) return { ok: false, message: `no step named "${alone.name}"${choices(alone.name, config.steps.map((s) => s.name), 'steps')}` };
    const sweep = step.parameters.some((p) => takesOneValue(p) && (given[p.name]?.length ?? 0) > 1);
    const common = { path: step.path, name: stepNodeName(step.name), actions: [], onError: 'stop-all', edgeMergeMode: 'replace' } as const;
    pipeline = onePipeline(step.path, sweep ? { ...common, type: 'task', source: { kind: 'step', step: step.name } } : { ...common, type: 'execution', step: step.name }, step.parameters);
  }
  made.set(pipeline, alone);
  return { ok: true, config: { ...config, pipelines: [...config.pipelines, pipeline] } };
}
