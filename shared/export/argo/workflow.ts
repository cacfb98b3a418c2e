/**
 * A pipeline, planned with its parameter values, as an Argo Workflow: one DAG task per execution
 * (a sweep's children each their own), dependencies from every edge, approval gates as `suspend`
 * steps, files passed as artifacts, parameters and environment variables that edges copy resolved
 * now, `pick: max|min` on a sweep's files by a picker pod (picker.ts), actions at a node's end by a
 * check pod and `when` (action-check.ts), metadata values into parameters by a values pod before
 * the node (metadata-values.ts). What only a run can know otherwise (a sweep spread by a list of
 * values, stop conditions) cannot be compiled: each such thing is a warning that says what the
 * workflow does instead.
 */
import { buildCommand, joinCommand } from '../../run/build-command.ts';
import { planChildren } from '../../run/children.ts';
import { environmentGpus } from '../../run/environment-gpus.ts';
import { inputUrlWith, parametersIn, urlsPerChild } from '../../run/input-url.ts';
import { copiedValues } from '../../run/copied-values.ts';
import { pickRuleOf, type PickRule } from '../../run/pick.ts';
import { edgesByTarget, type PlannedExecution, type PlannedNode, type PlannedTask, type RunPlan } from '../../run/plan.ts';
import { gpuCount } from '../../valohai/model/environment.ts';
import type { KeepDirectories } from '../../valohai/model/input.ts';
import type { ParameterValue } from '../../valohai/model/parameter.ts';
import { stopWatchOf } from './stop-watch.ts';
import { checkTask, checkTemplate, completePlan, startDecision, unlessStopped, verdictOf } from './action-check.ts';
import { argoName, NameTable } from './argo-names.ts';
import { feedsOf, valuesTask, valuesTemplate, withPlaceholders, type FeedContext } from './metadata-values.ts';
import { commandKind, nodeTemplate, type Download, type TemplateDownload, type TemplateInputs } from './node-template.ts';
import { perChildDownload, type PerChild } from './per-child-inputs.ts';
import { pickerTask, pickerTemplate } from './picker.ts';
import { FETCHED, UPSTREAM, type Take } from './prelude.ts';
import { hasWildcard, wildcardRoot } from '../../run/valohai-glob.ts';
import { looksSecret } from '../../run/run-environment.ts';

export interface ArgoOptions {
  /** The git repository and revision the code is cloned from; without one the image must hold it. */
  readonly repository?: string;
  readonly revision?: string;
  readonly projectName: string;
  /** The project's folder inside the repository when it is not its root (a monorepo): `ml/churn`. */
  readonly subfolder?: string;
}

export interface ArgoExport {
  readonly workflow: Record<string, unknown>;
  readonly warnings: readonly string[];
}

type Runnable = PlannedExecution | PlannedTask;

interface Picker {
  readonly rule: PickRule;
  readonly task: string;
  readonly template: string;
}

/** Where an input default comes from in the cluster; undefined: from the repository (a relative path). */
export function downloadOf(url: string): Download | BucketMatches | { readonly unsupported: string } | undefined {
  if (/^https?:\/\//i.test(url)) return { kind: 'http', url };
  const bucket = /^(s3|gs):\/\/([^/]+)\/(.+)$/i.exec(url);
  if (bucket) {
    const key = bucket[3] as string;
    const kind = bucket[1]?.toLowerCase() === 's3' ? 's3' : 'gcs';
    if (hasWildcard(key)) return matches(url, key, (folder) => ({ kind, bucket: bucket[2] as string, key: folder }));
    return { kind, bucket: bucket[2] as string, key };
  }
  const azure = /^azure:\/\/([^/]+)\/([^/]+)\/(.+)$/i.exec(url);
  if (azure) {
    const blob = azure[3] as string;
    if (hasWildcard(blob)) return matches(url, blob, (folder) => ({ kind: 'azure', account: azure[1] as string, container: azure[2] as string, blob: folder }));
    return { kind: 'azure', account: azure[1] as string, container: azure[2] as string, blob };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^file:/i.test(url)) return { unsupported: `${url} is a Valohai data reference, which only Valohai resolves: give a URL` };
  if (url.replace(/^file:\/\//i, '').startsWith('/')) return { unsupported: `${url} is outside the repository the pods clone; give a path inside the project, or a URL` };
  return undefined;
}

/** A wildcard bucket URL: the folder before its first wildcard, fetched whole, and the pattern its files must match there. */
export interface BucketMatches {
  readonly kind: 'matches';
  readonly folder: Download;
  /** The folder's key with its trailing `/` (`data/train/`). */
  readonly root: string;
  /** The rest of the key (`*.csv`): `*` crosses folders, as on Valohai. */
  readonly pattern: string;
}

function matches(url: string, key: string, at: (folder: string) => Download): BucketMatches | { readonly unsupported: string } {
  const root = wildcardRoot(key);
  // (Argo would fetch the whole bucket to match a pattern at its top.)
  if (root === '') return { unsupported: `${url}: a wildcard at the top of a bucket would fetch all of it; name the folder it is in (s3://bucket/folder/*.csv)` };
  return { kind: 'matches', folder: at(root.replace(/\/+$/, '')), root, pattern: key.slice(root.length) };
}

/** Why a default cannot be exported, for the plan's check (undefined when Argo can fetch it). */
export function unexportable(url: string): string | undefined {
  const found = downloadOf(url);
  if (!found || !('unsupported' in found)) return undefined;
  // (Said after the URL itself: "defaults to URL, which an Argo workflow cannot fetch: it is …".)
  const why = found.unsupported.startsWith(`${url} `) ? `it ${found.unsupported.slice(url.length + 1)}` : found.unsupported;
  return `which an Argo workflow cannot fetch: ${why}`;
}

export function toArgoWorkflow(plan: RunPlan, options: ArgoOptions): ArgoExport {
  const warnings: string[] = [];
  const names = new NameTable(['pipeline', 'approval']);
  const byName = new Map(plan.nodes.map((n) => [n.name, n]));
  const incoming = edgesByTarget(plan.edges);
  const git = options.repository !== undefined && options.repository !== '';
  if (!git) warnings.push('no git repository for the code: set the workflow parameter "repository" (and "revision"), or bake the code into the images');

  const { values, envs, fromDeployments } = copiedValues(plan);
  for (const edge of fromDeployments) warnings.push(`edge ${edge.source.node}.${edge.source.type}.${edge.source.key} → ${edge.target.node}.${edge.target.type}.${edge.target.key}: deployments are not exported`);

  // Inputs: downloads, repository files, and the upstream artifacts each edge brings.
  const passedOn = new Map<string, Set<string>>();
  for (const edge of plan.edges) {
    if (edge.source.type === 'input' && edge.target.type === 'input') {
      const set = passedOn.get(edge.source.node) ?? new Set<string>();
      set.add(edge.source.key);
      passedOn.set(edge.source.node, set);
    }
  }
  // A sweep whose files an edge picks by metadata gets a picker pod per rule, after its children.
  const pickers = new Map<string, Map<string, Picker>>();
  for (const edge of plan.edges) {
    const rule = pickRuleOf(edge);
    if (!rule || rule === 'needs-by' || edge.target.type !== 'input' || edge.source.type !== 'output' || byName.get(edge.source.node)?.kind !== 'task') continue;
    const key = `${rule.pick} ${rule.by}`;
    const own = pickers.get(edge.source.node) ?? new Map<string, Picker>();
    if (!own.has(key)) own.set(key, { rule, task: names.of(`${edge.source.node}-pick-${rule.pick}-${rule.by}`), template: names.of(`${edge.source.node}-pick-${rule.pick}-${rule.by}-step`) });
    pickers.set(edge.source.node, own);
  }
  // Nodes whose metadata a values pod after them may read (metadata-values.ts).
  const readByValues = new Set(plan.edges.filter((e) => e.source.type === 'metadata' || (e.target.type === 'parameter' && pickRuleOf(e) !== undefined)).map((e) => e.source.node));
  const pickerTasks = new Set([...pickers.values()].flatMap((own) => [...own.values()].map((p) => p.task)));
  const taskNames = new Map<string, string[]>();
  const planned = new Map<string, ReturnType<typeof planChildren>>();
  for (const node of plan.nodes) {
    if (node.kind === 'deployment') continue;
    const children = planChildren(node, values.get(node.name) ?? {});
    planned.set(node.name, children);
    const count = children.ok ? children.children.length : 1;
    taskNames.set(node.name, Array.from({ length: count }, (_, i) => names.of(count === 1 && node.kind === 'execution' ? node.name : `${node.name}-${i}`)));
  }

  const templates: Record<string, unknown>[] = [];
  const tasks: Record<string, unknown>[] = [];
  const exits = new Map<string, string[]>();
  let approvals = false;
  // Check tasks above each node whose verdict may stop the pipeline; nodes left out (an action
  // stops the pipeline before they start) and every node after them.
  const stopChecks = new Map<string, readonly string[]>();
  // Nodes whose values pod fills some of their parameters (metadata-values.ts).
  const filled = new Map<string, { readonly task: string; readonly parameters: ReadonlySet<string> }>();
  const feedContext: FeedContext = {
    byName,
    childrenOf: (source) => {
      const found = planned.get(source);
      return found?.ok ? found.children : [];
    },
    filledOf: (source) => filled.get(source),
  };
  const leftOut = new Set<string>();
  for (const level of plan.levels) {
    for (const name of level) {
      const node = byName.get(name) as PlannedNode;
      let entry = [...new Set(node.upstream.flatMap((u) => exits.get(u) ?? []))];
      const above = [...new Set(node.upstream.flatMap((u) => stopChecks.get(u) ?? []))];
      if (node.upstream.some((u) => leftOut.has(u))) {
        leftOut.add(name);
        continue;
      }
      if (node.kind === 'deployment') {
        warnings.push(`deployment node "${name}" is not exported: nodes after it wait only for what it waited for`);
        exits.set(name, entry);
        stopChecks.set(name, above);
        continue;
      }
      const start = startDecision(node, values.get(name) ?? {}, warnings);
      if (start.kind === 'stop') {
        warnings.push(start.why);
        leftOut.add(name);
        continue;
      }
      const complete = completePlan(node, node.onError === 'continue' && !(node.kind === 'task' && node.onChildError === 'continue-and-complete'), warnings);
      const first = tasks.length;
      const template = names.of(`${name}-step`);
      const planOfChildren = planned.get(name);
      const inputs = templateInputs(node, incoming.get(name) ?? [], taskNames, pickers, passedOn.get(name) ?? new Set(), warnings, planOfChildren?.ok ? planOfChildren.children : []);
      // A task whose artifacts it takes must be among its ancestors, or Argo cannot resolve them: a
      // picker runs after the sweep, beside what comes after it, so it is waited for too.
      entry = [...new Set([...entry, ...inputs.upstream.map((u) => u.task).filter((task) => pickerTasks.has(task))])];
      const feeds = feedsOf(node, incoming.get(name) ?? [], values.get(name) ?? {}, feedContext, warnings);
      // Its stdout kept for a pod that reads its metadata: a picker, its check, a values pod after it.
      const keepStdout = pickers.has(name) || complete.kind === 'check' || readByValues.has(name);
      templates.push(nodeTemplate({ name: template, node, pipeline: plan.pipeline, env: envs.get(name) ?? {}, inputs, retry: node.onError === 'retry', git, subfolder: options.subfolder ?? '', keepStdout }));
      let before = entry;
      if (start.kind === 'approve') {
        approvals = true;
        const gate = names.of(`${name}-approval`);
        tasks.push({ name: gate, template: 'approval', ...(before.length > 0 ? { dependencies: before } : {}) });
        before = [gate];
      }
      const children = planned.get(name) as ReturnType<typeof planChildren>;
      if (!children.ok) warnings.push(`node "${name}": ${children.error}`);
      const own = taskNames.get(name) ?? [];
      const continues = node.onError === 'continue' || (node.kind === 'task' && node.onChildError === 'continue-and-complete');
      if (node.step.autorestart === true && node.onError === 'retry') warnings.push(`node "${name}": autorestart and on-error: retry share one retry in Argo (after a lost pod or a failed command alike)`);
      if (node.step.noOutputTimeout) warnings.push(`node "${name}": no-output-timeout is not exported (Argo has no such limit); time-limit is`);
      if (gpuCount(node.step.resources) === 0 && environmentGpus(node.step.environment) > 0) {
        warnings.push(`node "${name}": its environment ${node.step.environment} is a GPU machine on Valohai: its pods ask for ${environmentGpus(node.step.environment)} nvidia.com/gpu (resources.devices says it exactly)`);
      }
      const watch = node.step.stopCondition === undefined ? undefined : stopWatchOf(node.step.stopCondition);
      if (watch?.ok === false) warnings.push(`node "${name}": ${watch.why}`);
      if (node.kind === 'task' && node.stopCondition) warnings.push(`node "${name}": its task's stop-condition \`${node.stopCondition}\` is not exported (every child runs)`);
      if (node.kind === 'task' && node.distributed) warnings.push(`node "${name}": a distributed task is exported as ${own.length} independent pods: they may not all run at once, and no config/distributed.json tells them of each other (run the group with a training operator, e.g. Kubeflow's PyTorchJob)`);
      if (node.kind === 'task' && node.optimizer) warnings.push(`node "${name}": a Bayesian task is exported as ${own.length} random draws: TPE chooses children ${node.optimizer.firstProposed + 1}–${own.length} from the earlier ones' ${node.optimizer.metric}, which only a run knows (pipewright run does it)`);
      // maximum-queued-executions N: child i also waits for child i−N, so at most N run at once
      // (one per line of children i, i+N, i+2N…), though a line waits for its own child, not the first to finish.
      const cap = node.kind === 'task' && node.maxQueued !== undefined && node.maxQueued > 0 && node.maxQueued < own.length ? node.maxQueued : undefined;
      if (cap !== undefined) warnings.push(`node "${name}": maximum-queued-executions ${cap} is exported as ${cap} ${cap === 1 ? 'line' : 'lines'} of children, each child starting once the one ${cap} before it has ended: at most ${cap} run at once, in that order`);
      if (node.onError === 'stop-next') warnings.push(`node "${name}": on-error stop-next is exported as Argo's default (a failure stops new tasks in every branch)`);
      warnings.push(...environmentWarnings(name, node.step.environmentVariables));
      const commandOf = (childValues: Readonly<Record<string, ParameterValue>>): string => {
        const commands = buildCommand(node.step, childValues);
        return commandKind(node) === 'script' ? commands.join('\n') : joinCommand(commands);
      };
      // Metadata values into parameters: a values pod before the node fills them in (metadata-values.ts).
      const filler = node.kind === 'execution' && feeds.length > 0 ? names.of(`${name}-values`) : undefined;
      if (node.kind === 'execution' && filler !== undefined) {
        const valuesStep = names.of(`${name}-values-step`);
        const fed = withPlaceholders(values.get(name) ?? {}, feeds, commandOf);
        templates.push(valuesTemplate(valuesStep, node, fed.command, fed.parameters, feeds));
        tasks.push(valuesTask(filler, valuesStep, feeds, before, (source) => taskNames.get(source) ?? []));
        filled.set(name, { task: filler, parameters: new Set(feeds.map((f) => f.parameter)) });
        before = [filler];
      }
      own.forEach((task, i) => {
        const childValues = children.ok ? (children.children[i] ?? {}) : (values.get(name) ?? {});
        const fromFiller = (parameter: string): string | undefined => (filler === undefined ? undefined : `{{tasks.${filler}.outputs.parameters.${parameter}}}`);
        const command = fromFiller('command') ?? commandOf(childValues);
        const execution = {
          'valohai.execution-step': node.step.name,
          'valohai.execution-image': node.step.image ?? null,
          'valohai.project-name': options.projectName,
          'valohai.pipeline-name': plan.pipeline,
          'valohai.pipeline-node-name': name,
          ...(node.kind === 'task' ? { 'valohai.task-child-index': i } : {}),
        };
        const waits = cap !== undefined && i >= cap ? [...before, own[i - cap] as string] : before;
        tasks.push({
          name: task,
          template,
          ...(waits.length > 0 ? { dependencies: waits } : {}),
          arguments: {
            parameters: [
              { name: 'command', value: command },
              { name: 'parameters', value: fromFiller('parameters') ?? `${JSON.stringify(childValues, null, 2)}\n` },
              { name: 'execution', value: `${JSON.stringify(execution, null, 2)}\n` },
              ...inputs.perChild.map((p) => ({ name: p.name, value: p.values[i] ?? '' })),
            ],
            ...(inputs.upstream.length > 0 ? { artifacts: inputs.upstream.map((u) => ({ name: u.artifact, from: `{{tasks.${u.task}.outputs.artifacts.${u.output}}}` })) } : {}),
          },
          ...(continues ? { continueOn: { failed: true } } : {}),
        });
      });
      let after = own;
      const check = complete.kind === 'check' ? names.of(`${name}-check`) : undefined;
      if (complete.kind === 'check' && check !== undefined) {
        const checkStep = names.of(`${name}-check-step`);
        // Its conditions see the parameters as the node ran with them: filled in by its values pod, if it has one.
        templates.push(checkTemplate(checkStep, { node: name, actions: complete.actions, failing: complete.failing, parameters: values.get(name) ?? {}, filled: filler !== undefined, count: own.length }));
        tasks.push(checkTask(check, checkStep, own, filler, complete.failing !== undefined));
        after = [check];
      }
      if (complete.kind === 'gate' || (complete.kind === 'check' && complete.gate)) {
        approvals = true;
        const gate = names.of(`${name}-approval-after`);
        tasks.push({ name: gate, template: 'approval', dependencies: after, ...(check !== undefined ? { when: `'${verdictOf(check)}' == 'approve'` } : {}) });
        after = [gate];
      }
      for (const picker of pickers.get(name)?.values() ?? []) {
        templates.push(pickerTemplate(picker.template, picker.rule, own.length));
        tasks.push(pickerTask(picker.task, picker.template, own, after));
      }
      // After a check that said "stop", this node's tasks are skipped, and so every node after it.
      if (above.length > 0) {
        for (const task of tasks.slice(first)) task['when'] = typeof task['when'] === 'string' ? `${unlessStopped(above)} && ${task['when']}` : unlessStopped(above);
      }
      stopChecks.set(name, complete.kind === 'check' && complete.stops && check !== undefined ? [...above, check] : above);
      exits.set(name, after);
    }
  }

  const workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: `${argoName(plan.pipeline).slice(0, 52)}-`, labels: { 'pipewright.io/pipeline': argoName(plan.pipeline) } },
    spec: {
      entrypoint: 'pipeline',
      arguments: { parameters: [{ name: 'repository', value: options.repository ?? '' }, { name: 'revision', value: options.revision ?? 'HEAD' }] },
      templates: [{ name: 'pipeline', dag: { tasks } }, ...(approvals ? [{ name: 'approval', suspend: {} }] : []), ...templates],
    },
  };
  return { workflow, warnings };
}

type Upstream = TemplateInputs['upstream'][number] & { readonly task: string; readonly output: string };

function templateInputs(
  node: Runnable,
  incoming: readonly PlannedEdge[],
  taskNames: ReadonlyMap<string, readonly string[]>,
  pickers: ReadonlyMap<string, ReadonlyMap<string, Picker>>,
  passed: ReadonlySet<string>,
  warnings: string[],
  children: readonly Readonly<Record<string, ParameterValue>>[],
): Omit<TemplateInputs, 'upstream'> & { readonly upstream: readonly Upstream[] } {
  const fed = incoming.filter((e) => e.target.type === 'input' && (e.source.type === 'output' || e.source.type === 'input'));
  const artifactNames = new NameTable(['code', 'outputs']);
  const downloads: TemplateDownload[] = [];
  const fromRepository: { input: string; path: string; keep: KeepDirectories }[] = [];
  const upstream: Upstream[] = [];
  const perChild: PerChild[] = [];
  for (const input of node.step.inputs) {
    const edges = fed.filter((e) => e.target.key === input.name);
    if (edges.length === 0 || node.edgeMergeMode === 'append') {
      const fileOf = (found: Download, i: number): string => input.filename ?? ((found.kind === 'http' ? found.url.replace(/[?#].*$/, '') : found.kind === 'azure' ? found.blob : found.key).split('/').pop() || `file-${i}`);
      input.defaults.forEach((written, i) => {
        // A task's children each fill {parameter:NAME} with their own value: where their URLs differ, the artifact takes each child's (per-child-inputs.ts).
        const paths = node.kind === 'task' && parametersIn(written).length > 0 ? children.map((c) => inputUrlWith(written, c, node.step.parameters)) : [];
        if (new Set(paths).size > 1) {
          const founds = paths.map(downloadOf);
          // A file of the repository per child, without wildcards (its folder would be a run's to find): copied from each child's own path.
          if (founds.every((f) => f === undefined) && !paths.some(hasWildcard)) {
            const parameter = `${artifactNames.of(`in-${input.name}-${i}`)}-path`;
            perChild.push({ name: parameter, values: paths.map((p) => p.replace(/^file:\/\//i, '').replace(/^\.\//, '')) });
            fromRepository.push({ input: input.name, path: `{{inputs.parameters.${parameter}}}`, keep: input.keepDirectories });
            return;
          }
          const each = perChildDownload(founds, { artifact: artifactNames.of(`in-${input.name}-${i}`), input: input.name, optional: input.optional, keep: input.keepDirectories, file: (found) => fileOf(found, i) });
          if (each !== undefined) {
            downloads.push(each.download);
            perChild.push(...each.parameters);
            return;
          }
        }
        // (Otherwise, a task given a list for it, by a pipeline parameter say, takes the first child's URL.)
        const url = node.kind === 'task' ? (urlsPerChild(written, node.values, node.step.parameters)[0] ?? written) : inputUrlWith(written, node.values, node.step.parameters);
        const varying = parametersIn(written).filter((name) => parametersIn(url).includes(name) || (node.kind === 'task' && (node.children.some((c) => name in c) || Array.isArray(node.values[name]))));
        if (varying.length > 0) warnings.push(`node "${node.name}": input "${input.name}" names ${varying.map((n) => `{parameter:${n}}`).join(', ')}, which has no one value when exported; it is taken as ${url}`);
        // A value an edge gives as the run goes (a metadata value, a sweep's child's): the URL is taken with the one the file gives.
        for (const name of parametersIn(written).filter((n) => !varying.includes(n))) {
          const edge = incoming.find((e) => e.target.type === 'parameter' && e.target.key === name && (e.source.type === 'metadata' || pickRuleOf(e) !== undefined));
          if (edge) warnings.push(`node "${node.name}": input "${input.name}" names {parameter:${name}}, which the edge from ${edge.source.node}.${edge.source.type}.${edge.source.key} sets as the run goes; the export takes the URL with the value the file gives: ${url}`);
        }
        const found = downloadOf(url);
        if (found === undefined) fromRepository.push({ input: input.name, path: url.replace(/^file:\/\//i, '').replace(/^\.\//, ''), keep: input.keepDirectories });
        else if ('unsupported' in found) warnings.push(`node "${node.name}": input "${input.name}": ${found.unsupported}; it is left out`);
        else if (found.kind === 'matches') {
          const artifact = artifactNames.of(`in-${input.name}-${i}`);
          // Taken from the folder as a local run takes a bucket's matches: `full` keeps the whole key, `suffix` what follows the folder.
          const take: Take = { input: input.name, from: `${FETCHED}/${artifact}`, pattern: `${found.root}${found.pattern}`, keep: input.keepDirectories, outputs: false };
          downloads.push({ kind: 'matches', artifact, from: found.folder, optional: input.optional, take });
        } else {
          downloads.push({ kind: 'file', artifact: artifactNames.of(`in-${input.name}-${i}`), input: input.name, file: fileOf(found, i), from: found, optional: input.optional });
        }
      });
    }
    for (const edge of edges) {
      const rule = pickRuleOf(edge);
      const picker = rule && rule !== 'needs-by' ? pickers.get(edge.source.node)?.get(`${rule.pick} ${rule.by}`) : undefined;
      if (rule && !picker) warnings.push(`edge into ${node.name}.input.${input.name}: "pick" needs a sweep and a metadata key ("by"); every child's files are passed`);
      // An input→input edge takes the files the source node was given, which it passes on as an artifact.
      const output = edge.source.type === 'input' ? argoName(`input-${edge.source.key}`) : 'outputs';
      for (const task of picker ? [picker.task] : (taskNames.get(edge.source.node) ?? [])) {
        const artifact = artifactNames.of(`up-${input.name}-${task}`);
        const from = `${UPSTREAM}/${artifact}`;
        const pattern = edge.source.type === 'input' ? '*' : edge.source.key;
        upstream.push({ artifact, task, output, take: { input: input.name, from, pattern, keep: input.keepDirectories, outputs: edge.source.type === 'output' } });
      }
    }
  }
  return { downloads, fromRepository, upstream, perChild, passedOn: [...passed].map((input) => ({ artifact: argoName(`input-${input}`), input })) };
}

type PlannedEdge = RunPlan['edges'][number];

/**
 * What the pods' variables lack or would expose: a required one without a default has no value in
 * a pod (Valohai's project settings do not come along), and a secret's default is written into the
 * workflow file, where a Kubernetes Secret should give it.
 */
function environmentWarnings(name: string, variables: readonly { readonly name: string; readonly default?: string | undefined; readonly optional: boolean }[]): string[] {
  const missing = variables.filter((v) => !v.optional && v.default === undefined).map((v) => v.name);
  const exposed = variables.filter((v) => v.default !== undefined && v.default !== '' && looksSecret(v.name)).map((v) => v.name);
  return [
    ...(missing.length > 0 ? [`node "${name}": ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required and ${missing.length === 1 ? 'has' : 'have'} no default: its pods get no value (add env from a Secret to its template)`] : []),
    ...(exposed.length > 0 ? [`node "${name}": the default${exposed.length === 1 ? '' : 's'} of ${exposed.join(', ')} ${exposed.length === 1 ? 'is' : 'are'} written into the workflow file: a token belongs in a Kubernetes Secret (env valueFrom.secretKeyRef)`] : []),
  ];
}
