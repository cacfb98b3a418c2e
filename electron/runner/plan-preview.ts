/**
 * `pipewright plan`: before a run, each node's fate (run, or reuse) and why. Node order is the
 * dependency levels. Default input files are hashed and compared now; files from upstream are
 * known only once upstream has run: for nodes fed by nodes that will run, the answer is "runs,
 * unless those outputs come out identical".
 */
import type { ParameterValue } from '../../shared/valohai/model/parameter.ts';
import { join } from 'node:path';
import { buildCommand, toRunnable } from '../../shared/run/build-command.ts';
import { planChildren } from '../../shared/run/children.ts';
import { copiedValues } from '../../shared/run/copied-values.ts';
import { pickRuleOf } from '../../shared/run/pick.ts';
import { edgesByTarget, isDownloaded, type PlanOptions, type PlannedExecution, type PlannedNode, type PlannedTask, type RunPlan } from '../../shared/run/plan.ts';
import type { Edge } from '../../shared/valohai/model/edge.ts';
import { canonical, codeChanges, codeState, type CacheMaterial } from './cache-key.ts';
import { inputHashes, resolveInput } from './files/inputs.ts';
import { detectMachine } from './resources.ts';
import { checkFits, loadPlanSaying, resolveReuse } from './runner.ts';
import { openStore } from './stored-runs.ts';
import { fetchNotes } from './plan-fetches.ts';
import { STATE_DIR } from './store/database.ts';
import { namedInputs, namedResolutions, pinNamedData } from './store/datum-index.ts';
import { templatedNameNotes } from './store/templated-names.ts';
import type { RunStore } from './store/run-store.ts';

export type NodeFate = 'run' | 'reuse';

export interface NodePreview {
  readonly node: string;
  readonly level: number;
  readonly fate: NodeFate;
  readonly reason: string;
  /** How many executions it runs, where that is known before the run (a task fed lists by edges is not). */
  readonly executions?: number;
  /** What its actions will do, as the user will meet them (`waits for approval before it starts`, `stops the pipeline after it finishes, if …`). */
  readonly actions?: readonly string[];
  /** What its datum:// and dataset:// inputs name now (store/datum-index.ts), which the run takes. */
  readonly takes?: readonly string[];
  /** Its inputs from the network: fetched as it starts, or kept from an earlier fetch (plan-fetches.ts). */
  readonly fetches?: readonly string[];
}

const DOES: Readonly<Record<string, string>> = { 'require-approval': 'waits for approval', 'stop-pipeline': 'stops the pipeline', 'error-pipeline': 'fails the pipeline' };
const AT: Readonly<Record<string, string>> = { 'node-starting': 'before it starts', 'node-complete': 'after it finishes', 'node-error': 'if it fails' };

/** What a node's actions will do and how many executions it runs, known from the plan alone. */
function shape(node: PlannedNode, incoming: readonly Edge[], values: Readonly<Record<string, ParameterValue>>): Pick<NodePreview, 'executions' | 'actions'> {
  const said = node.actions.flatMap((action) =>
    action.then.flatMap((then) =>
      action.when.flatMap((when) => {
        const does = DOES[then];
        const at = AT[when];
        return does && at ? [`${does} ${at}${action.if.length > 0 ? `, if ${action.if.join(' and ')}` : ''}`] : [];
      }),
    ),
  );
  if (node.kind !== 'deployment' && node.step.stopCondition) said.push(`stops early (finished) once ${node.step.stopCondition}`);
  if (node.kind === 'task' && node.stopCondition) said.push(`starts no more children once a child has ${node.stopCondition}`);
  if (node.kind === 'task' && node.distributed) said.push('its workers start together, as one distributed group (each reads config/distributed.json)');
  // (A parameter another node's parameter copies is known now, copiedValues; a metadata value, or a sweep's pick, only as it starts.)
  const unknown = incoming.filter((e) => e.target.type === 'parameter' && (e.source.type === 'metadata' || (pickRuleOf(e) ?? 'needs-by') !== 'needs-by'));
  if (node.kind === 'task' && unknown.length > 0) {
    const from = [...new Set(unknown.map((e) => `${e.source.node}'s ${e.source.type} ${e.source.key}`))].join(', ');
    said.push(`how many children it runs follows from ${from}, known as it starts (a list gives one child per value)`);
  }
  const actions = said.length > 0 ? { actions: said } : {};
  if (node.kind === 'deployment') return actions;
  const children = planChildren(node, values);
  return unknown.length > 0 || !children.ok ? actions : { executions: children.children.length, ...actions };
}

/** `codeDetail`: which files changed, when known (see codeChanges). */
function differences(previous: CacheMaterial, current: Omit<CacheMaterial, 'inputs' | 'environment'>, codeDetail: string | null): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(JSON.parse(JSON.stringify(b ?? null))));
  const prevParams = previous.parameters as Record<string, unknown>;
  const params = current.parameters as Record<string, unknown>;
  const changed = [...new Set([...Object.keys(prevParams), ...Object.keys(params)])].filter((k) => JSON.stringify(prevParams[k]) !== JSON.stringify(params[k]));
  if (changed.length > 0) out.push(`parameters changed: ${changed.map((k) => `${k} ${JSON.stringify(prevParams[k])} → ${JSON.stringify(params[k])}`).join(', ')}`);
  if (previous.code !== current.code) out.push(codeDetail ? `the project code changed (${codeDetail})` : 'the project code changed');
  if (!same(previous.step, current.step)) out.push('the step definition changed');
  else if (previous.command !== current.command) out.push('the command changed');
  if (previous.image !== current.image) out.push('the image changed');
  return out;
}

/**
 * How the node's default input files differ from what the cached execution read. Inputs fed by
 * edges, and downloads (not fetched for a preview), are compared when the run starts.
 */
async function inputChanges(incoming: readonly Edge[], node: PlannedExecution | PlannedTask, previous: CacheMaterial, projectDir: string): Promise<{ changes: string[]; deferred: Set<string> }> {
  const fed = new Set(incoming.filter((e) => e.target.type === 'input').map((e) => e.target.key));
  const context = { projectDir, downloadsDir: join(projectDir, STATE_DIR, 'downloads') };
  const changes: string[] = [];
  const deferred = new Set<string>();
  for (const input of node.step.inputs) {
    const downloads = input.defaults.some(isDownloaded);
    if (fed.has(input.name)) deferred.add('files from upstream nodes');
    if (downloads) deferred.add('downloads');
    if (fed.has(input.name) || downloads) continue;
    const before = Object.entries(previous.inputs).filter(([key]) => key.startsWith(`${input.name}/`));
    let now: Record<string, string>;
    try {
      now = await inputHashes(await resolveInput(input, [], true, join(projectDir, STATE_DIR, 'preview', 'inputs'), context));
    } catch (error) {
      changes.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    const differ = [...new Set([...before.map(([key]) => key), ...Object.keys(now)])].filter((key) => previous.inputs[key] !== now[key]);
    if (differ.length > 0) changes.push(`input files changed: ${differ.slice(0, 5).join(', ')}${differ.length > 5 ? `, and ${differ.length - 5} more` : ''}`);
  }
  return { changes, deferred };
}

/** A preview's warnings as the run says them (`run:warning`): each message whole, with the node it is about. */
export function previewWarnings(warnings: readonly (string | readonly [string, string])[]): { node?: string; message: string }[] {
  return warnings.map((w) => (typeof w === 'string' ? { message: w } : { node: w[0], message: w[1] }));
}

/** `jobs`: the cores the run would be given (`--jobs`), which decide what fits. */
/** `warnings`: what the run would say as it starts, each `[node, message]` or a message of the run. */
export async function previewRun(request: {
  projectDir: string;
  pipeline: string;
  planOptions: PlanOptions;
  cache: boolean;
  reuse?: string;
  jobs?: number;
  /** `--container`: steps with an image would run in it (what it would say is said). */
  container?: boolean;
}): Promise<{ cache: boolean; nodes: NodePreview[]; warnings: (string | readonly [string, string])[] }> {
  const machine = detectMachine(request.jobs);
  const { plan, warnings } = await loadPlanSaying(request.projectDir, request.pipeline, request.planOptions, machine, request.container);
  checkFits(plan, machine); // what `run` would refuse, `plan` refuses with the same words
  const store = openStore(request.projectDir);
  try {
    const resolved = namedResolutions(store.db, plan);
    const previewed = await preview(store, pinNamedData(plan, resolved), request);
    const named = namedInputs(plan, resolved);
    for (const [node, lines] of templatedNameNotes(store.db, plan)) named.set(node, [...(named.get(node) ?? []), ...lines]);
    const fetches = fetchNotes(plan, request.projectDir, (node) => previewed.nodes.some((n) => n.node === node && n.fate === 'run'));
    const nodes = previewed.nodes.map((n) => ({ ...n, ...(named.has(n.node) ? { takes: named.get(n.node) ?? [] } : {}), ...(fetches.has(n.node) ? { fetches: fetches.get(n.node) ?? [] } : {}) }));
    return { ...previewed, nodes, warnings };
  } finally {
    store.close();
  }
}

async function preview(store: RunStore, plan: RunPlan, request: { projectDir: string; pipeline: string; cache: boolean; reuse?: string }): Promise<{ cache: boolean; nodes: NodePreview[] }> {
  const reuse = resolveReuse(store, request.reuse, request.pipeline);
  const cache = request.cache || plan.reuseExecutions;
  const level = new Map(plan.levels.flatMap((names, i) => names.map((n) => [n, i + 1] as const)));
  const fates = new Map<string, NodeFate>();
  const anyCached = cache || plan.nodes.some((n) => n.kind === 'task' && n.reuseChildren);
  const codeNow = anyCached ? await codeState(request.projectDir) : { hash: '', entries: [] };
  const code = codeNow.hash;
  /** Which files changed since a cached execution's code state, said once per state. */
  const codeSaid = new Map<string, Promise<string | null>>();
  const codeChanged = (before: string): Promise<string | null> => {
    let said = codeSaid.get(before);
    if (!said) codeSaid.set(before, (said = codeChanges(join(request.projectDir, STATE_DIR), before, codeNow.entries)));
    return said;
  };
  const into = edgesByTarget(plan.edges);
  const copied = copiedValues(plan).values;
  const byName = new Map<string, PlannedNode>(plan.nodes.map((n) => [n.name, n]));
  const previews: NodePreview[] = [];
  for (const name of plan.levels.flat()) {
    const node = byName.get(name) as PlannedNode;
    const decide = (fate: NodeFate, reason: string): void => {
      fates.set(name, fate);
      previews.push({ node: name, level: level.get(name) ?? 0, fate, reason, ...(fate === 'run' ? shape(node, into.get(name) ?? [], copied.get(name) ?? {}) : {}) });
    };
    if (reuse?.nodes.has(name)) {
      decide('reuse', `--reuse: the results of run ${reuse.runId}`);
      continue;
    }
    if (node.kind === 'deployment') {
      decide('run', 'a deployment here makes its endpoints ready to serve (pipewright endpoint RUN NODE serves one), and finishes at once');
      continue;
    }
    if (!cache && !(node.kind === 'task' && node.reuseChildren)) {
      decide('run', 'caching is off (set reuse-executions: true on the pipeline, or pass --cache)');
      continue;
    }
    if (node.kind === 'task' && node.distributed) {
      decide('run', 'a distributed group is never taken from the cache (its workers wait for each other)');
      continue;
    }
    const incoming = into.get(name) ?? [];
    const dataUpstream = incoming.filter((e) => e.source.type !== 'dependency').map((e) => e.source.node);
    const running = [...new Set(dataUpstream.filter((u) => fates.get(u) === 'run'))];
    if (running.length > 0) {
      decide('run', `it takes data from ${running.map((u) => `"${u}"`).join(', ')}, which will run; reused only if what they deliver comes out identical`);
      continue;
    }
    const previous = store.lastCachedExecution(name, plan.pipeline);
    if (!previous?.cacheMaterialJson) {
      decide('run', 'it has never run with caching on');
      continue;
    }
    const material = JSON.parse(previous.cacheMaterialJson) as CacheMaterial;
    // A task's children differ in their parameters: its command is compared as that child's.
    const runnable = toRunnable(buildCommand(node.step, node.kind === 'task' ? { ...node.values, ...(material.parameters as Record<string, ParameterValue>) } : node.values));
    const { name: _name, ...definition } = node.step;
    const current = {
      step: definition,
      command: runnable.kind === 'shell' ? runnable.command : runnable.script,
      parameters: node.values,
      code,
      image: node.step.image,
    };
    // Values that edges deliver are known only at run time; compare the rest.
    const fromEdges = new Set(incoming.filter((e) => e.target.type === 'parameter').map((e) => e.target.key));
    const without = (values: unknown): Record<string, unknown> => Object.fromEntries(Object.entries(values as Record<string, unknown>).filter(([k]) => !fromEdges.has(k)));
    const codeDetail = material.code !== code ? await codeChanged(material.code) : null;
    const why =
      node.kind === 'task'
        ? differences(material, { ...current, parameters: material.parameters }, codeDetail)
        : differences({ ...material, parameters: without(material.parameters) }, { ...current, parameters: without(current.parameters) }, codeDetail);
    const inputs = await inputChanges(incoming, node, material, request.projectDir);
    why.push(...inputs.changes);
    const same = node.step.inputs.length > 0 ? 'step, command, parameters, input files and code' : 'step, command, parameters and code';
    if (why.length > 0) decide('run', why.join('; '));
    else decide('reuse', `cache: same ${same} as execution ${previous.sourceExecution ?? previous.id}${inputs.deferred.size > 0 ? ` (${[...inputs.deferred].join(' and ')} are compared when the run starts)` : ''}`);
  }
  return { cache, nodes: previews };
}
