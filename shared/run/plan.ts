/**
 * The run plan: a pipeline resolved for running here, with every node's step (override applied),
 * its parameter values before edges deliver theirs, and task children. Everything that would make
 * the run fail for a reason known up front is refused here, before anything starts.
 */
import { pipelineLevels } from '../graph/levels.ts';
import { stepOfNode } from '../graph/ports.ts';
import type { Action } from '../valohai/model/action.ts';
import type { ValohaiConfig } from '../valohai/model/config.ts';
import { findByName } from '../valohai/model/config.ts';
import type { Edge } from '../valohai/model/edge.ts';
import type { Endpoint } from '../valohai/model/endpoint.ts';
import { parseSocket } from '../valohai/model/edge.ts';
import type { EdgeMergeMode, OnError } from '../valohai/model/nodes/node.ts';
import { takesOneValue, type ParameterValue } from '../valohai/model/parameter.ts';
import type { OnChildError } from '../valohai/model/task-blueprint.ts';
import { coerceParameter } from './parameter-values.ts';
import { aloneSubject } from './step-run.ts';
import { publicHttpsOf } from './bucket-https.ts';
import { inputUrlWith, parametersIn, urlsPerChild, VALOHAI_DATUM_ID } from './input-url.ts';
import { resolveStep, type ResolvedStep } from './resolve-step.ts';
import { withRunEnvironment } from './run-environment.ts';
import { blueprintChildren, type BayesianSearch } from './blueprint-children.ts';
import type { ChildValues } from './variants.ts';
import { choices, nearestName } from '../nearest-name.ts';

/** `--param name=value` (repeat or `name+=value` for lists) and `--node-param node.name=value`. */
export interface PlanOptions {
  readonly pipelineParams: Readonly<Record<string, readonly string[]>>;
  readonly nodeParams: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** `--node-input node.name=URL` (repeat, or `name+=URL`, for several): replaces the input's defaults. */
  readonly nodeInputs?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /**
   * Why an input default cannot be fetched where the plan will run, or undefined when it can:
   * by default, what Pipewright fetches here (a local path, file://, http(s)://).
   */
  readonly unfetchable?: (url: string) => string | undefined;
  /**
   * The environment the run's executions start from, where a required environment variable
   * (`optional: false`) without a default can take its value; unchecked when not given (an export).
   */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** `--env NAME=VALUE`: this run's environment variables, for every step (run-environment.ts). */
  readonly environmentValues?: Readonly<Record<string, string>>;
  /** What the plan is for, as its refusals name the flags that mend them ("for one run: --param …"); a run when not given. */
  readonly occasion?: 'run' | 'export';
}

export const LOCAL_FETCH = (url: string): string | undefined => {
  if (isLocallyFetchable(url)) return undefined;
  const https = publicHttpsOf(url);
  return `which Pipewright cannot fetch (it fetches local paths, file://, http(s)://, gs:// and azure:// URLs, s3:// ones where the AWS CLI is installed, and the datum:// and dataset:// names its own runs gave outputs)${https ? `; if it is public, the file is also at ${https}` : ''}`;
};

interface PlannedCommon {
  readonly name: string;
  readonly actions: readonly Action[];
  readonly onError: OnError;
  /** Nodes that must finish first, from every edge kind. */
  readonly upstream: readonly string[];
}

export interface PlannedExecution extends PlannedCommon {
  readonly kind: 'execution';
  readonly step: ResolvedStep;
  readonly values: Readonly<Record<string, ParameterValue>>;
  readonly edgeMergeMode: EdgeMergeMode;
}

export interface PlannedTask extends PlannedCommon {
  readonly kind: 'task';
  readonly step: ResolvedStep;
  readonly values: Readonly<Record<string, ParameterValue>>;
  /** Per-child values from the blueprint; empty means one child per list-valued parameter combination. */
  readonly children: readonly ChildValues[];
  readonly maxQueued?: number;
  readonly onChildError: OnChildError;
  readonly edgeMergeMode: EdgeMergeMode;
  /** The blueprint's early-stop rule: once a finished child's metadata meets it, no more children start. */
  readonly stopCondition?: string;
  /** Its children are one distributed group (blueprint-children.ts): they start together. */
  readonly distributed: boolean;
  /** What a run here does differently from Valohai for its blueprint, said when the run starts. */
  readonly notes: readonly string[];
  /** The blueprint's `reuse-children`: its children are taken from the cache when they can be, as with --cache. */
  readonly reuseChildren: boolean;
  /** A Bayesian task's optimiser (blueprint-children.ts), less the parameters this run gives one value. */
  readonly optimizer?: BayesianSearch;
}

export interface PlannedDeployment extends PlannedCommon {
  readonly kind: 'deployment';
  readonly deployment: string;
  /** The endpoints it lists that the file defines. */
  readonly endpointSpecs: readonly Endpoint[];
  readonly endpoints: readonly string[];
}

export type PlannedNode = PlannedExecution | PlannedTask | PlannedDeployment;

export interface RunPlan {
  readonly pipeline: string;
  readonly nodes: readonly PlannedNode[];
  readonly edges: readonly Edge[];
  readonly levels: readonly (readonly string[])[];
  readonly reuseExecutions: boolean;
}

export type PlanResult = { readonly ok: true; readonly plan: RunPlan } | { readonly ok: false; readonly problems: readonly string[] };

/** Whether a default is fetched over the network (not read from this machine, nor a name its runs gave). */
export function isDownloaded(url: string): boolean {
  return /^(https?|s3|gs|azure):\/\//i.test(url);
}

/** Whether Pipewright can fetch an input default itself: a local path, file://, http(s)://, gs:// or azure:// (s3:// needs the AWS CLI: inputs.ts). */
export function isLocallyFetchable(url: string): boolean {
  return /^(file|https?|gs|azure):\/\//i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url);
}

/**
 * Each parameter's default. A flag without one is false, as on Valohai, whose form's switch for it
 * starts off: so `parameters.json` holds it for valohai-utils and an edge from it carries false;
 * the command is the same as upstream builds for a flag given no value (`pass-false-as`, or nothing).
 */
function stepValues(step: ResolvedStep): Record<string, ParameterValue> {
  const values: Record<string, ParameterValue> = {};
  for (const p of step.parameters) {
    if (p.default !== undefined && p.default !== null) values[p.name] = p.default;
    else if (p.type === 'flag') values[p.name] = false;
  }
  return values;
}

/** Each node's incoming edges, by target node: found once, not by a scan of all edges per node. */
export function edgesByTarget(edges: readonly Edge[]): Map<string, Edge[]> {
  const into = new Map<string, Edge[]>();
  for (const edge of edges) {
    const list = into.get(edge.target.node);
    if (list) list.push(edge);
    else into.set(edge.target.node, [edge]);
  }
  return into;
}

/**
 * The step with the inputs `--node-input` gave: those URLs in place of the defaults. An empty one
 * (`--input data=`) gives an optional input no files, its defaults left out.
 */
function withGivenInputs(node: string, step: ResolvedStep, given: Readonly<Record<string, readonly string[]>>, problems: string[], alone: boolean): ResolvedStep {
  const refused = new Set<string>();
  for (const [name, urls] of Object.entries(given)) {
    const flag = alone ? `--input ${name}=` : `--node-input ${node}.${name}=`;
    const input = step.inputs.find((i) => i.name === name);
    if (!input) problems.push(`${flag.slice(0, -1)}: ${alone ? 'step' : 'node'} "${node}" has no input "${name}"${choices(name, step.inputs.map((i) => i.name), 'it has')}`);
    else if (urls.every((url) => url === '') && !input.optional) {
      refused.add(name);
      problems.push(`${flag} gives input "${name}" no files, but it is not optional: give it a path or URL`);
    }
  }
  if (Object.keys(given).length === 0) return step;
  const place = (input: ResolvedStep['inputs'][number]): ResolvedStep['inputs'][number] => {
    const urls = given[input.name];
    return urls && !refused.has(input.name) ? { ...input, defaults: urls.filter((url) => url !== ''), defaultSet: true } : input;
  };
  return { ...step, inputs: step.inputs.map(place) };
}

export function planRun(config: ValohaiConfig, pipelineName: string, options: PlanOptions): PlanResult {
  const pipeline = findByName(config.pipelines, pipelineName);
  if (!pipeline) return { ok: false, problems: [`no pipeline named "${pipelineName}"`] };
  const problems: string[] = [];
  const forThis = options.occasion === 'export' ? 'for this export' : 'for one run';
  const { levels, cycles } = pipelineLevels(pipeline);
  for (const cycle of cycles) problems.push(`the pipeline has a cycle (${cycle.join(' → ')}): it can never finish`);
  const upstream = new Map<string, Set<string>>(pipeline.nodes.map((n) => [n.name, new Set()]));
  for (const edge of pipeline.edges) upstream.get(edge.target.node)?.add(edge.source.node);
  const into = edgesByTarget(pipeline.edges);

  const pipelineValues = new Map<string, { param: string; texts: readonly string[]; origin: string; flag?: string }[]>();
  /** `node.parameter` → the pipeline parameter that sets it (to name it when it has no value). */
  const targetedBy = new Map<string, string>();
  const knownPipelineParams = new Set(pipeline.parameters.map((p) => p.name));
  /** One step (or task) run alone: its `--param` are the step's parameters, its `--input` the step's inputs. */
  const aloneAs = aloneSubject(pipeline);
  const alone = aloneAs !== undefined;
  for (const name of Object.keys(options.pipelineParams)) {
    const which = aloneAs ?? 'the pipeline';
    if (knownPipelineParams.has(name)) continue;
    // A node's own parameter of that name is set with --node-param (on Valohai, in the node's own settings).
    const owners = alone ? [] : pipeline.nodes.filter((n) => n.type !== 'deployment' && stepOfNode(config, n)?.parameters.some((p) => p.name === name)).map((n) => n.name);
    const nodeParam = owners.length === 0 ? '' : `; a node's own parameter is set with --node-param: ${owners.map((n) => `--node-param ${n}.${name}=VALUE`).join(', ')}`;
    problems.push(`--param ${name}: ${which} has no parameter "${name}"${choices(name, [...knownPipelineParams], 'it has')}${nodeParam}`);
  }
  for (const param of pipeline.parameters) {
    const given = options.pipelineParams[param.name];
    const texts = given ?? (param.default === undefined ? undefined : (Array.isArray(param.default) ? param.default : [param.default]).map((v) => String(v)));
    for (const target of param.targets) {
      const socket = parseSocket(target);
      if (!socket.ok) continue;
      targetedBy.set(`${socket.socket.node}.${socket.socket.key}`, param.name);
      if (!texts) continue;
      const list = pipelineValues.get(socket.socket.node) ?? [];
      // Said by the name the user gives it (on the command line or in the editor), and where it goes.
      const origin = alone ? `--param ${param.name}` : `pipeline parameter "${param.name}" (into node "${socket.socket.node}")`;
      list.push({ param: socket.socket.key, texts, origin, ...(given ? { flag: `--param ${param.name}` } : {}) });
      pipelineValues.set(socket.socket.node, list);
    }
  }
  for (const [flag, byNode] of [['--node-param', options.nodeParams], ['--node-input', options.nodeInputs ?? {}]] as const) {
    for (const [node, given] of Object.entries(byNode)) {
      if (pipeline.nodes.some((n) => n.name === node)) continue;
      const names = Object.keys(given).map((name) => `${node}.${name}`).join(', ');
      problems.push(`${flag} ${names}: the pipeline has no node "${node}"${choices(node, pipeline.nodes.map((n) => n.name), 'it has')}`);
    }
  }

  const nodes: PlannedNode[] = [];
  for (const node of pipeline.nodes) {
    const common = { name: node.name, actions: node.actions, onError: node.onError, upstream: [...(upstream.get(node.name) ?? [])] };
    if (node.type === 'deployment') {
      const endpointSpecs = node.endpoints.flatMap((name) => config.endpoints.filter((e) => e.name === name));
      nodes.push({ ...common, kind: 'deployment', deployment: node.deployment, endpoints: node.endpoints, endpointSpecs });
      continue;
    }
    const step = stepOfNode(config, node);
    if (!step || node.commit !== undefined) {
      problems.push(`node "${node.name}" runs a step that is not defined in this valohai.yaml${node.commit ? ` (commit ${node.commit})` : ''}: it cannot run here`);
      continue;
    }
    const resolved = withRunEnvironment(withGivenInputs(node.name, resolveStep(step, node.override), options.nodeInputs?.[node.name] ?? {}, problems, alone), options.environmentValues);
    const values = stepValues(resolved);
    const incoming = into.get(node.name) ?? [];
    const edgeFilled = new Set(incoming.filter((e) => e.target.type === 'parameter').map((e) => e.target.key));
    /** Parameters given a value for this run (pipeline parameters, --node-param): a sweep no longer varies them. */
    const given = new Set<string>();
    /** Who gave each its value, to say so. */
    const givenBy = new Map<string, string>();
    /** Those the command line (or the editor's run) gave one value, by the flag that gave it. */
    const oneByFlag = new Map<string, string>();
    const assign = (param: string, texts: readonly string[], origin: string): void => {
      given.add(param);
      givenBy.set(param, origin);
      const declared = resolved.parameters.find((p) => p.name === param);
      if (!declared) {
        return void problems.push(`${origin}: node "${node.name}" has no parameter "${param}"${choices(param, resolved.parameters.map((p) => p.name), 'it has')}`);
      }
      const coerced = coerceParameter(declared, texts);
      if (coerced.ok) values[param] = coerced.value;
      // (`--param lr: "x" is not a number`, not `--param lr: lr: …`: the flag already names it.)
      else problems.push(`${origin}: ${origin.endsWith(param) ? coerced.problem : coerced.message}`);
    };
    for (const { param, texts, origin, flag } of pipelineValues.get(node.name) ?? []) {
      assign(param, texts, origin);
      if (flag !== undefined && texts.length === 1) oneByFlag.set(param, flag);
    }
    for (const [param, texts] of Object.entries(options.nodeParams[node.name] ?? {})) {
      assign(param, texts, `--node-param ${node.name}.${param}`);
      if (texts.length === 1) oneByFlag.set(param, `--node-param ${node.name}.${param}`);
      else oneByFlag.delete(param);
    }
    if (node.type === 'execution') {
      // Known now, so refused now rather than when the node would start (a list from an edge is known only then).
      for (const p of resolved.parameters) {
        const value = values[p.name];
        if (takesOneValue(p) && Array.isArray(value) && given.has(p.name)) {
          const by = givenBy.get(p.name) ?? '';
          const setter = targetedBy.get(`${node.name}.${p.name}`);
          const oneValue = setter !== undefined && by.startsWith('pipeline parameter') ? `, or give the pipeline parameter one value: --param ${setter}=VALUE` : '';
          problems.push(`node "${node.name}": parameter "${p.name}" is given ${value.length} values by ${by.replace(/ \(into node "[^"]*"\)$/, '')}, but it takes one (make the node a task to run one execution per value${oneValue})`);
        }
      }
    }

    let children: ChildValues[] = [];
    let maxQueued: number | undefined;
    let stopCondition: string | undefined;
    let onChildError: OnChildError = 'stop-all-and-error';
    let distributed = false;
    let reuseChildren = false;
    let optimizer: BayesianSearch | undefined;
    let notes: readonly string[] = [];
    if (node.type === 'task' && node.source.kind === 'blueprint') {
      const blueprint = findByName(config.tasks, node.source.task);
      if (blueprint) {
        const made = blueprintChildren(blueprint);
        reuseChildren = blueprint.reuseChildren;
        optimizer = made.optimizer && { ...made.optimizer, space: Object.fromEntries(Object.entries(made.optimizer.space).filter(([name]) => !given.has(name))) };
        ({ distributed, notes } = made);
        // A distributed group's workers are identical on purpose: given values do not merge them.
        children = distributed ? made.children.map((c) => Object.fromEntries(Object.entries(c).filter(([key]) => !given.has(key)))) : withGiven(made.children, given);
        // (A list given to another parameter spreads into more children as the node starts: no count then.)
        const spreads = [...given].some((param) => Array.isArray(values[param]));
        if (!distributed) notes = [...notes, ...sweepNarrowed(made.children, spreads ? undefined : children.length, oneByFlag)];
        // A Bayesian task runs its children in batches of execution-batch-size.
        maxQueued = blueprint.maximumQueuedExecutions ?? (blueprint.type === 'bayesian_tpe' ? blueprint.executionBatchSize : undefined);
        stopCondition = blueprint.stopCondition;
        if (blueprint.onChildError === 'continue-and-complete' || blueprint.onChildError === 'continue-and-error') onChildError = blueprint.onChildError;
      }
    }
    const childParams = new Set(children.flatMap((c) => Object.keys(c)));
    for (const p of resolved.parameters) {
      const hasValue = values[p.name] !== undefined || edgeFilled.has(p.name) || childParams.has(p.name);
      // (One given a value it cannot take was said so, by the flag that gave it.)
      if (hasValue || given.has(p.name) || p.type === 'flag' || p.optional) continue;
      const setter = targetedBy.get(`${node.name}.${p.name}`);
      problems.push(
        setter && alone
          ? `${aloneAs}: parameter "${p.name}" has no value (give it a default in the file, or ${forThis}: --param ${p.name}=VALUE)`
          : setter
          ? `node "${node.name}": parameter "${p.name}" has no value: pipeline parameter "${setter}" sets it and has no default (give it one, or ${forThis}: --param ${setter}=VALUE)`
          : `node "${node.name}": parameter "${p.name}" has no value (${misnamedFeed(edgeFilled, resolved.parameters, p.name)}give it a default or an edge, or ${forThis}: --node-param ${node.name}.${p.name}=VALUE)`,
      );
    }
    const fedInputs = new Set(incoming.filter((e) => e.target.type === 'input').map((e) => e.target.key));
    const who = aloneAs ?? `node "${node.name}"`;
    for (const input of resolved.inputs) {
      if (fedInputs.has(input.name) && node.edgeMergeMode === 'replace') continue;
      // Given no files but not optional: said once, by withGivenInputs.
      if (options.nodeInputs?.[node.name]?.[input.name]?.every((url) => url === '') && !input.optional) continue;
      const flag = alone ? `--input ${input.name}` : `--node-input ${node.name}.${input.name}`;
      const remedy = `${forThis}: ${flag}=PATH or URL${input.optional ? ` (or none: ${flag}=)` : ''}`;
      if (input.defaults.length === 0 && !input.optional && !fedInputs.has(input.name)) {
        problems.push(`${who}: input "${input.name}" has no default${alone ? '' : ' and no edge feeding it'} (${misnamedFeed(fedInputs, resolved.inputs, input.name)}give it one in the file, or ${remedy})`);
      }
      // Defaults refused for one reason are said in one line (a list of five Valohai datum ids: one line, not five).
      const refused = new Map<string, { why: string; urls: string[] }>();
      for (const written of input.defaults) {
        // A URL naming a parameter is checked with its value; one set only as the run goes (by an edge, a sweep) when it is known.
        // A task's children each fill it with their own value of a parameter given a list.
        let urls = node.type === 'task' ? urlsPerChild(written, values, resolved.parameters) : [inputUrlWith(written, values, resolved.parameters)];
        const check = options.unfetchable ?? LOCAL_FETCH;
        // A name (datum://, dataset://) is looked up as its node starts, as Valohai does when it creates the
        // node's execution: a node before it in the run may give it (datum-index.ts, pinNamedData).
        // (A Valohai datum id is no name a run here gives: said now.)
        if (common.upstream.length > 0 && /^(datum|dataset):/i.test(written) && !VALOHAI_DATUM_ID.test(written)) continue;
        if (parametersIn(written).some((name) => edgeFilled.has(name) || childParams.has(name))) {
          // Which file a local path or a name (datum://, dataset://) gives is known only then; a URL's kind (s3://…) is known now.
          if (!/^[a-z][a-z0-9+.-]*:/i.test(written) || /^(file|datum|dataset):/i.test(written)) continue;
          urls = [written];
        }
        for (const url of urls) {
          const why = check(url.replace(/\{parameter(?:-value)?:[^{}]+\}/g, 'x'));
          if (why === undefined) continue;
          // Names no run gave (two datasets a Valohai project made) are one reason, said with NAME for each name.
          const nameless = namelessWhy(url, why);
          refused.set(nameless, { why, urls: [...(refused.get(nameless)?.urls ?? []), url] });
        }
      }
      const given = options.nodeInputs?.[node.name]?.[input.name] !== undefined;
      const way = alone ? '' : fedInputs.has(input.name) ? 'its edge takes its place with edge-merge-mode: replace (append keeps the defaults too), or ' : 'feed it with an edge, or ';
      for (const [nameless, { why: first, urls }] of refused) {
        const why = urls.length === 1 ? first : nameless;
        const which = urls.length === 1 ? `${urls.join('')}, ${why}` : `${listed(urls)}, ${why.startsWith('which ') ? `each of ${why}` : `each ${why}`}`;
        problems.push(`${who}: input "${input.name}" ${given ? 'is given' : 'defaults to'} ${which}; ${way}${remedy}`);
      }
    }
    const fedEnv = new Set(incoming.filter((e) => e.target.type === 'environment-variable').map((e) => e.target.key));
    for (const variable of options.environment ? resolved.environmentVariables : []) {
      if (variable.optional || variable.default !== undefined || fedEnv.has(variable.name) || options.environment?.[variable.name] !== undefined) continue;
      problems.push(`${who}: environment variable ${variable.name} is required (optional: false) and has no default: give it for this run (--env ${variable.name}=…, or in Run with…), set it in the shell that starts the run (export ${variable.name}=…) or in the project's .env (${variable.name}=…, kept out of git), or give it a default in the file`);
    }
    const base = { ...common, step: resolved, values, edgeMergeMode: node.edgeMergeMode };
    nodes.push(node.type === 'task' ? { ...base, kind: 'task', children, maxQueued, onChildError, distributed, notes, reuseChildren, ...(optimizer ? { optimizer } : {}), ...(stopCondition ? { stopCondition } : {}) } : { ...base, kind: 'execution' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, plan: { pipeline: pipeline.name, nodes, edges: pipeline.edges, levels, reuseExecutions: pipeline.reuseExecutions } };
}

/** A refusal of a `datum://` or `dataset://` name with the name written NAME in its advice, so that refusals of names alike group. */
function namelessWhy(url: string, why: string): string {
  const name = /^dataset:\/\/([^/]+)\//i.exec(url)?.[1] ?? /^datum:\/\/(\S+)$/i.exec(url)?.[1];
  if (name === undefined) return why;
  const scheme = url.slice(0, url.indexOf('://'));
  const after = scheme.toLowerCase() === 'dataset' ? '/' : '';
  return why.replaceAll(`${scheme}://${name}${after}`, `${scheme}://NAME${after}`).replaceAll(`"valohai.alias": "${name}"`, '"valohai.alias": "NAME"');
}

/** `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/**
 * A flag (--param, --node-param) that gives a swept parameter one value narrows the sweep, as Valohai
 * does; said, with how to sweep values of one's own, since a smaller sweep is easy to miss.
 */
function sweepNarrowed(made: readonly ChildValues[], left: number | undefined, oneByFlag: ReadonlyMap<string, string>): string[] {
  if (left !== undefined && left >= made.length) return [];
  const swept = new Set(made.flatMap((c) => Object.keys(c)));
  const flags = [...oneByFlag].filter(([param]) => swept.has(param));
  const [first] = flags;
  if (first === undefined) return [];
  const names = flags.map(([param]) => param).join(', ');
  const runs = left === undefined ? `the task's variants of ${flags.length === 1 ? 'it' : 'them'} are not run` : `the task runs ${left} execution${left === 1 ? '' : 's'}, not the ${made.length} its variants make`;
  const [flag, key] = first[1].split(' ');
  return [`${flags.map(([, by]) => by).join(', ')} ${flags.length === 1 ? 'gives' : 'give'} ${names} one value: ${runs} (to sweep values of your own: ${flag} ${key}=A ${flag} ${key}+=B)`];
}

/**
 * A task's children once the run gives some of the swept parameters one value (as Valohai sends a
 * pipeline parameter: a single variant): those keys leave every child, and children left the same
 * run once.
 */
function withGiven(children: readonly ChildValues[], given: ReadonlySet<string>): ChildValues[] {
  if (given.size === 0) return [...children];
  const seen = new Set<string>();
  const kept: ChildValues[] = [];
  for (const child of children) {
    const rest = Object.fromEntries(Object.entries(child).filter(([key]) => !given.has(key)));
    const key = JSON.stringify(rest);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(rest);
  }
  return kept;
}

/** Where an edge feeds a name the step lacks, a letter or two from `name`: `an edge feeds "lrate", which the step lacks: the edge meant "lr"? `; else nothing. */
function misnamedFeed(fed: ReadonlySet<string>, declared: readonly { readonly name: string }[], name: string): string {
  const names = declared.map((d) => d.name);
  const slip = [...fed].find((key) => !names.includes(key) && nearestName(key, names) === name);
  return slip === undefined ? '' : `an edge feeds "${slip}", which the step lacks: did it mean "${name}"? Or `;
}
