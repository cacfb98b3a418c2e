/**
 * The runner's front door, used alike by the CLI, the browser host and the Electron main
 * process: plan, start and resume runs of a project's pipelines (finding, approving and cancelling
 * stored runs, which needs no engine, is stored-runs.ts).
 */
import { detectRuntime, runtimeOf, type ContainerRuntime, type RuntimeKind } from './exec/container.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent, RunStatus } from '../../shared/run/events.ts';
import { planRun, type PlanOptions, type RunPlan } from '../../shared/run/plan.ts';
import { runScope } from '../../shared/run/run-scope.ts';
import { namedAlone, withStepRun } from '../../shared/run/step-run.ts';
import { choices } from '../../shared/nearest-name.ts';
import { decodeYamlBytes } from './decode-yaml.ts';
import { RunEngine } from './engine/run-engine.ts';
import { warmSpawner } from './exec/spawner.ts';
import { unfetchableHere } from './files/inputs.ts';
import { hasWildcard, valohaiPattern } from '../../shared/run/valohai-glob.ts';
import { isAlive, processStart } from './liveness.ts';
import { detectMachine, neverFits, stepNeed, type Machine } from './resources.ts';
import { unappliedHere } from './unapplied-here.ts';
import { optionsRefused } from './script-options.ts';
import { dotenvValues } from './project-dotenv.ts';
import { projectEnvironment } from './project-venv.ts';
import { withPythonHook, writePythonHook } from './exec/python-paths.ts';
import { STATE_DIR, stateDir } from './store/database.ts';
import { importThroughCache } from './parsed-yaml.ts';
import { importValohaiYaml } from '../../shared/valohai/import.ts';
import { namedResolutions, pinNamedData } from './store/datum-index.ts';
import type { RunStore, RunRow } from './store/run-store.ts';
import { RunnerError } from './runner-error.ts';
import { findRun, openStore } from './stored-runs.ts';
import { removeDataAddLeftovers } from './data-add-leftovers.ts';
import { saidErrors, unreadableErrors } from '../../shared/valohai/diagnostic.ts';
import { watchProjectWrites } from './project-writes.ts';

export interface RunRequest {
  readonly projectDir: string;
  readonly pipeline: string;
  readonly planOptions: PlanOptions;
  readonly cache: boolean;
  /** `RUN:node1,node2` or `latest:node1`. */
  readonly reuse?: string;
  readonly jobs?: number;
  /** Run each step that names an image in it, with Docker or Podman (`--container`). */
  readonly container?: boolean;
  readonly onEvent: (event: RunEvent) => void;
  /** Called once the run exists, with its id and a way to cancel it (`reason`: what the nodes it stops say). */
  readonly onStarted?: (run: { id: string; cancel: (reason?: string) => void; leave: (reason: string) => void }) => void;
  /**
   * A file of Pipewright's own making to run in place of the project's valohai.yaml (`data add`'s
   * one step): planned as that file would be, neither parse-cached nor compared by a resume.
   */
  readonly yaml?: string;
}

/** `refusal` heads the list of problems when the plan is refused (a run's words by default). */
export async function loadPlan(projectDir: string, pipeline: string, options: PlanOptions, refusal = 'the run cannot start'): Promise<RunPlan> {
  return (await planFromFile(projectDir, pipeline, options, refusal)).plan;
}

/** The plan and what a run of it would say as it starts on `machine`: `[node, message]`, or a message of the run. */
export async function loadPlanSaying(projectDir: string, pipeline: string, options: PlanOptions, machine: Machine, container = false): Promise<{ plan: RunPlan; warnings: (string | readonly [string, string])[] }> {
  const { plan, warnings } = await planFromFile(projectDir, pipeline, options, 'the run cannot start');
  const runtime = container ? await containerRuntime() : null;
  const project = projectEnvironment(projectDir, process.env);
  return { plan, warnings: [...warnings, ...inImages(runtime), ...project.said, ...unappliedHere(plan, machine, project.env, runtime, projectDir), ...optionsRefused(plan, projectDir)] };
}

/** What a run in containers says first: with which runtime. */
function inImages(runtime: ContainerRuntime | null): string[] {
  if (!runtime) return [];
  return [`each step that names an image runs in it, with ${runtime.kind} ${runtime.version}: its folders at /valohai/…, its variables and nothing else of this machine's environment, on the host's network`];
}

/** The plan, and the fingerprint of the very text it was made from (a resume compares it). */
async function planFromFile(projectDir: string, pipeline: string, options: PlanOptions, refusal: string, own?: string): Promise<{ plan: RunPlan; fingerprint: string | null; warnings: string[]; keepParsed: () => void }> {
  let text: string;
  if (own === undefined) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(projectDir, 'valohai.yaml'));
    } catch {
      throw new RunnerError(`${projectDir} has no valohai.yaml`, 2);
    }
    const decoded = decodeYamlBytes(bytes);
    if (!decoded.ok) throw new RunnerError(`valohai.yaml cannot be read: ${decoded.message}`);
    text = decoded.text;
  } else text = own;
  const { config: file, diagnostics, keep: keepParsed } = own === undefined ? importThroughCache(join(projectDir, STATE_DIR), text) : { ...importValohaiYaml(text), keep: () => undefined };
  // A file that is not read as YAML (or not as a list) has no pipeline or step to name: say why.
  const unread = unreadableErrors(diagnostics);
  if (unread.length > 0) throw new RunnerError(saidErrors('valohai.yaml cannot be read; fix it first:', 'valohai.yaml', unread));
  const withStep = withStepRun(file, pipeline, options.pipelineParams);
  if (!withStep.ok) throw new RunnerError(withStep.message, 2);
  const { config } = withStep;
  if (!config.pipelines.some((p) => p.name === pipeline)) {
    // A step's or a task's name given as a pipeline's: say how to run it alone.
    const alone = namedAlone(config, pipeline);
    const instead = alone === undefined ? '' : `; "${pipeline}" is a ${alone}: name it with --${alone} "${pipeline}"`;
    throw new RunnerError(`no pipeline named "${pipeline}"${choices(pipeline, config.pipelines.map((p) => p.name), 'pipelines')}${instead}`, 2);
  }
  // What is wrong with the rest of the file does not stop this run; it is said as it starts.
  const concerns = runScope(config, pipeline);
  const errors = diagnostics.filter((d) => d.severity === 'error' && concerns(d.subject));
  if (errors.length > 0) throw new RunnerError(saidErrors('valohai.yaml has errors; fix them first:', 'valohai.yaml', errors));
  // (A variable the project's .env gives counts as given, as one the shell sets does.)
  const planned = planRun(config, pipeline, { unfetchable: unfetchableHere(projectDir), environment: { ...dotenvValues(projectDir), ...process.env }, ...options });
  if (!planned.ok) throw new RunnerError(`${refusal}:\n${planned.problems.map((p) => `  ${p}`).join('\n')}`);
  const warnings = diagnostics.filter((d) => d.severity === 'warning' && concerns(d.subject)).map((d) => `valohai.yaml:${d.line}:${d.column} ${d.message}`);
  const elsewhere = diagnostics.filter((d) => d.severity === 'error').length;
  if (elsewhere > 0) warnings.push(`valohai.yaml has ${elsewhere} error${elsewhere === 1 ? '' : 's'} in what this run does not use (${elsewhere === 1 ? 'it does' : 'they do'} not stop it; pipewright validate lists ${elsewhere === 1 ? 'it' : 'them'})`);
  return { plan: planned.plan, fingerprint: own === undefined ? fingerprintOf(text) : null, warnings, keepParsed };
}

/** Refuses, before anything starts, a step that needs more than this machine has. */
export function checkFits(plan: RunPlan, machine: Machine): void {
  const problems = plan.nodes.flatMap((node) => {
    if (node.kind === 'deployment') return [];
    const need = stepNeed(node.step, machine);
    const workers = node.kind === 'task' && node.distributed ? node.children.length : 1;
    if (workers > 1) {
      // A distributed task's workers wait for each other: all of them must fit at once.
      const why = neverFits({ cpus: need.cpus * workers, memoryMb: need.memoryMb * workers, gpus: need.gpus * workers }, machine);
      const more = need.cpus * workers > machine.cpus ? ` (--jobs ${Math.ceil(need.cpus * workers)} lets the run use that many, or lower its execution-count)` : '';
      return why ? [`node "${node.name}" (step "${node.step.name}") is a distributed task whose ${workers} workers run at the same time, so together it ${why}${more}`] : [];
    }
    const why = neverFits(need, machine);
    return why ? [`node "${node.name}" (step "${node.step.name}") ${why}`] : [];
  });
  if (problems.length > 0) throw new RunnerError(`the run cannot start on this machine:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

export function resolveReuse(store: RunStore, spec: string | undefined, pipeline: string): { runId: string; nodes: Set<string> } | undefined {
  if (!spec) return undefined;
  const colon = spec.indexOf(':');
  if (colon <= 0) throw new RunnerError(`--reuse must be RUN:node1,node2 or latest:node1 (got "${spec}")`, 2);
  const which = spec.slice(0, colon);
  const run = which === 'latest' ? store.latestRun(pipeline) : store.getRun(which);
  if (!run) throw new RunnerError(which === 'latest' ? `no earlier run of "${pipeline}" to reuse` : `no run ${which}`, 2);
  const finished = store.getNodes(run.id).filter((n) => n.status === 'succeeded' || n.status === 'reused').map((n) => n.name);
  const nodes = new Set<string>();
  // As Valohai's CLI takes them: names or globs (`latest:*`, `latest:prep*`); a glob takes the finished nodes it matches.
  for (const item of spec.slice(colon + 1).split(',').map((s) => s.trim()).filter(Boolean)) {
    const matched = hasWildcard(item) ? finished.filter((name) => valohaiPattern(item).test(name)) : finished.filter((name) => name === item);
    if (matched.length === 0) throw new RunnerError(`run ${run.id} has no finished node ${hasWildcard(item) ? `that ${item} matches` : `"${item}"`} to reuse`, 2);
    for (const name of matched) nodes.add(name);
  }
  return { runId: run.id, nodes };
}

/** A valohai.yaml's fingerprint, kept with a run so that a resume can say the file has changed since. */
function fingerprintOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The fingerprint of the file as it is now (null when it is gone). */
function currentFingerprint(projectDir: string): string | null {
  try {
    const decoded = decodeYamlBytes(readFileSync(join(projectDir, 'valohai.yaml')));
    return decoded.ok ? fingerprintOf(decoded.text) : null;
  } catch {
    return null;
  }
}

/** `work` on a store a request has just opened; should the request be refused, the connection goes with it. */
function orClose<T>(store: RunStore, work: () => T): T {
  try {
    return work();
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * The environment a run's executions start from, decided once as it starts: the runner's, with
 * the project's virtual environment (project-venv.ts) and the Python path hook (exec/python-paths.ts).
 */
function runEnvironment(projectDir: string): { env: Readonly<Record<string, string | undefined>>; said: string[] } {
  const project = projectEnvironment(projectDir, process.env);
  try {
    writePythonHook(stateDir(projectDir));
  } catch {
    return project; // (a full disk, say: Python code's /valohai/… paths stay unmapped, as before)
  }
  return { env: withPythonHook(stateDir(projectDir), project.env), said: project.said };
}

async function drive(
  store: RunStore,
  projectDir: string,
  plan: RunPlan,
  run: RunRow,
  request: { cache: boolean; reuse?: { runId: string; nodes: Set<string> }; machine: Machine; container: ContainerRuntime | null; onEvent: (e: RunEvent) => void; onStarted?: RunRequest['onStarted'] },
  resumed: boolean,
  warnings: readonly string[] = [],
): Promise<{ runId: string; status: RunStatus }> {
  const environment = runEnvironment(projectDir);
  const code = watchProjectWrites(projectDir);
  const engine = new RunEngine(plan, run.id, {
    closingWords: code.closingWords,
    codeAtStart: code.atStart,
    projectDir,
    environment: environment.env,
    stateDir: stateDir(projectDir),
    store,
    machine: request.machine,
    cache: request.cache,
    container: request.container,
    reuse: request.reuse,
    onEvent: request.onEvent,
  });
  request.onStarted?.({ id: run.id, cancel: (reason) => engine.cancel(reason), leave: (reason) => engine.leave(reason) });
  try {
    const status = await engine.run(resumed, [...inImages(request.container), ...warnings, ...environment.said, ...unappliedHere(plan, request.machine, environment.env, request.container, projectDir), ...optionsRefused(plan, projectDir)]);
    return { runId: run.id, status };
  } finally {
    store.close(); // (the run's own connection: everything it wrote is committed by now)
  }
}

export async function startRun(request: RunRequest): Promise<{ runId: string; status: RunStatus }> {
  void warmSpawner();
  const planned = await planFromFile(request.projectDir, request.pipeline, request.planOptions, 'the run cannot start', request.yaml);
  const { fingerprint, warnings } = planned;
  const machine = detectMachine(request.jobs);
  checkFits(planned.plan, machine);
  const container = request.container === true ? await containerRuntime() : null;
  const store = openStore(request.projectDir, 'write');
  planned.keepParsed(); // (a project's first run has just made .pipewright/)
  // The files datum:// and dataset:// inputs name now are the run's, resumed or not.
  const plan = orClose(store, () => pinNamedData(planned.plan, namedResolutions(store.db, planned.plan)));
  const reuse = orClose(store, () => resolveReuse(store, request.reuse, request.pipeline));
  const run = store.createRun({
    pipeline: plan.pipeline,
    planJson: JSON.stringify(plan),
    optionsJson: JSON.stringify({ cache: request.cache, reuse: reuse ? { runId: reuse.runId, nodes: [...reuse.nodes] } : null, jobs: request.jobs ?? null, yaml: fingerprint, container: container?.kind ?? null }),
    runnerPid: process.pid,
    runnerStart: processStart(process.pid),
    nodes: plan.nodes.map((n) => n.name),
  });
  return drive(store, request.projectDir, plan, run, { cache: request.cache || plan.reuseExecutions, reuse, machine, container, onEvent: request.onEvent, onStarted: request.onStarted }, false, warnings);
}

export async function resumeRun(request: { projectDir: string; runId: string; jobs?: number; onEvent: (e: RunEvent) => void; onStarted?: RunRequest['onStarted'] }): Promise<{ runId: string; status: RunStatus }> {
  void warmSpawner();
  const store = openStore(request.projectDir);
  const { run, plan, options, machine } = orClose(store, () => {
    const run = findRun(store, request.runId);
    if (run.status === 'running' && isAlive(run.runnerPid, run.runnerStart)) throw new RunnerError(`run ${run.id} is still running (runner pid ${run.runnerPid})`);
    if (run.status === 'succeeded') throw new RunnerError(`run ${run.id} already succeeded; nothing to resume`);
    const plan = JSON.parse(run.planJson) as RunPlan;
    const options = JSON.parse(run.optionsJson) as { cache: boolean; reuse: { runId: string; nodes: string[] } | null; jobs: number | null; yaml?: string | null };
    const machine = detectMachine(request.jobs ?? options.jobs ?? undefined);
    checkFits(plan, machine);
    return { run, plan, options, machine };
  });
  // Its steps run where they ran: in their images with the same runtime, or on this machine.
  const kind = runtimeOf(run.optionsJson);
  const container = kind
    ? await containerRuntime(kind).catch((error: unknown) => {
        store.close();
        throw error;
      })
    : null;
  store.claimRun(run.id, process.pid, processStart(process.pid));
  const reuse = options.reuse ? { runId: options.reuse.runId, nodes: new Set(options.reuse.nodes) } : undefined;
  // A resume finishes the run as planned: a file edited since (to fix what failed, say) is not what it runs.
  const edited = options.yaml && options.yaml !== currentFingerprint(request.projectDir);
  const warnings = edited
    ? [`valohai.yaml changed since run ${run.id} started: resume finishes the run as it was planned then (its commands, parameters and edges); to run the file as it is now, start a new run (--reuse ${run.id}:NODE,… takes finished nodes from this one)`]
    : [];
  const ended = await drive(store, request.projectDir, plan, run, { cache: options.cache || plan.reuseExecutions, reuse, machine, container, onEvent: request.onEvent, onStarted: request.onStarted }, true, warnings);
  // A data add finished by its resume no longer needs its names file.
  if (ended.status === 'succeeded') removeDataAddLeftovers(request.projectDir);
  return ended;
}

/** The container runtime a run uses (one kind, for a resume), or why there is none: the run does not start. */
async function containerRuntime(kind?: RuntimeKind): Promise<ContainerRuntime> {
  const found = await detectRuntime(kind ? { ...process.env, PIPEWRIGHT_CONTAINER_RUNTIME: kind } : process.env);
  if (!found.ok) throw new RunnerError(kind ? `this run ran its steps in their images with ${kind}, which it cannot now: ${found.why}` : found.why);
  return found.runtime;
}
