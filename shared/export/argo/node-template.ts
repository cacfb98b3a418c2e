/**
 * One node's Argo template: a container running the step's image with the Valohai folders made by
 * the prelude, its input files as artifacts (upstream outputs, downloads, the code from git), its
 * outputs folder as an output artifact, its resources and time limit. A sweep's children share
 * it: each passes its own command and parameters.
 */
import { toRunnable } from '../../run/build-command.ts';
import { environmentGpus } from '../../run/environment-gpus.ts';
import type { PlannedExecution, PlannedTask } from '../../run/plan.ts';
import { gpuCount, type Resources } from '../../valohai/model/environment.ts';
import { STDOUT_COPY, teeStdout } from './picker.ts';
import { stopWatchOf, watchedRun } from './stop-watch.ts';
import { CLONE, prelude, REPOSITORY, VALOHAI, type PreludeSpec, type Take } from './prelude.ts';

/** A file an input takes from outside: an http(s), s3, gs or azure URL Argo downloads. */
export type Download =
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 's3' | 'gcs'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'azure'; readonly account: string; readonly container: string; readonly blob: string };

/**
 * What an input takes from outside: one file, placed as it is; or the objects under a bucket
 * folder that a wildcard URL names (`s3://b/data/*.csv`), fetched whole into a folder of their own
 * and taken from it as the pattern and `keep-directories` say (Argo fetches a key that is a folder
 * with everything under it).
 */
export type TemplateDownload =
  | { readonly kind: 'file'; readonly artifact: string; readonly input: string; readonly file: string; readonly from: Download; readonly optional: boolean }
  | { readonly kind: 'matches'; readonly artifact: string; readonly from: Download; readonly optional: boolean; readonly take: Take };

export interface TemplateInputs {
  readonly downloads: readonly TemplateDownload[];
  /** Folders filled from upstream artifacts (one per upstream child and edge), and what each input takes from them. */
  readonly upstream: readonly { readonly artifact: string; readonly take: Take }[];
  readonly fromRepository: PreludeSpec['fromRepository'];
  /** Template parameters a download takes, each child its own value (per-child-inputs.ts). */
  readonly perChild: readonly { readonly name: string; readonly values: readonly string[] }[];
  /** Inputs whose files a downstream input→input edge passes on. */
  readonly passedOn: readonly { readonly artifact: string; readonly input: string }[];
}

export interface TemplateSpec {
  readonly name: string;
  readonly node: PlannedExecution | PlannedTask;
  readonly pipeline: string;
  readonly env: Readonly<Record<string, string>>;
  readonly inputs: TemplateInputs;
  readonly retry: boolean;
  /** Whether the code comes from a git artifact. */
  readonly git: boolean;
  /** The project's folder inside that repository, empty at its root. */
  readonly subfolder: string;
  /** Whether its stdout is kept as an artifact, for a picker to read the children's metadata. */
  readonly keepStdout: boolean;
}

/** `kind: 'script'` when the step's command starts with `#!` (as the local runner runs it). */
export function commandKind(node: PlannedExecution | PlannedTask): 'shell' | 'script' {
  return toRunnable(node.step.command).kind;
}

/** The pod's requests and limits: the step's `resources`, and GPUs its Valohai environment names when those name none. */
function quantity(resources: Resources | undefined, environment: string | undefined): Record<string, unknown> | undefined {
  const named = gpuCount(resources) > 0 ? 0 : environmentGpus(environment);
  if (!resources && named === 0) return undefined;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (named > 0) requests['nvidia.com/gpu'] = limits['nvidia.com/gpu'] = String(named);
  if (!resources) return { requests, limits };
  if (resources.cpu.min !== undefined) requests['cpu'] = String(resources.cpu.min);
  if (resources.cpu.max !== undefined) limits['cpu'] = String(resources.cpu.max);
  if (resources.memory.min !== undefined) requests['memory'] = `${resources.memory.min}Mi`;
  if (resources.memory.max !== undefined) limits['memory'] = `${resources.memory.max}Mi`;
  // Valohai's device names are Kubernetes resource names (nvidia.com/gpu): requested and limited alike.
  for (const [device, count] of Object.entries(resources.devices)) {
    requests[device] = String(count);
    limits[device] = String(count);
  }
  const out: Record<string, unknown> = {};
  if (Object.keys(requests).length > 0) out['requests'] = requests;
  if (Object.keys(limits).length > 0) out['limits'] = limits;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Argo's artifact source for a URL; credentials for a private bucket are the cluster's to add. */
function artifactSource(from: Download): Record<string, unknown> {
  if (from.kind === 'http') return { http: { url: from.url } };
  if (from.kind === 's3') return { s3: { endpoint: 's3.amazonaws.com', bucket: from.bucket, key: from.key } };
  if (from.kind === 'azure') return { azure: { endpoint: `https://${from.account}.blob.core.windows.net`, container: from.container, blob: from.blob } };
  return { gcs: { bucket: from.bucket, key: from.key } };
}

/** The key (or blob) a bucket download names; an http download has none. */
function sourceKey(from: Download): string {
  return from.kind === 'http' ? '' : from.kind === 'azure' ? from.blob : from.key;
}

export function nodeTemplate(spec: TemplateSpec): Record<string, unknown> {
  const { node, inputs } = spec;
  const script = commandKind(node) === 'script';
  // A step's stop-condition: the command started by a watcher that stops it once its metadata meet it.
  const watch = node.step.stopCondition === undefined ? undefined : stopWatchOf(node.step.stopCondition);
  const command =
    watch?.ok === true
      ? watchedRun('{{inputs.parameters.command}}', watch, script)
      : script
        ? ["mkdir -p /pipewright/ && cat > /pipewright/command <<'PIPEWRIGHT_SCRIPT'", '{{inputs.parameters.command}}', 'PIPEWRIGHT_SCRIPT', 'chmod +x /pipewright/command', 'exec /pipewright/command'].join('\n')
        : '{{inputs.parameters.command}}';
  const run = spec.keepStdout ? teeStdout(command) : command;
  const before = prelude({
    inputs: node.step.inputs.map((i) => i.name),
    takes: [...inputs.downloads.flatMap((d) => (d.kind === 'matches' ? [d.take] : [])), ...inputs.upstream.map((u) => u.take)],
    fromRepository: inputs.fromRepository,
    clone: spec.git && spec.subfolder !== '' ? `${CLONE}/${spec.subfolder}` : undefined,
    parametersJson: '{{inputs.parameters.parameters}}',
    executionJson: '{{inputs.parameters.execution}}',
  });
  const artifacts: Record<string, unknown>[] = [];
  if (spec.git) artifacts.push({ name: 'code', path: spec.subfolder !== '' ? CLONE : REPOSITORY, git: { repo: '{{workflow.parameters.repository}}', revision: '{{workflow.parameters.revision}}' } });
  for (const d of inputs.downloads) {
    // A bucket folder lands at its own key under its folder, so keep-directories: full keeps the whole key.
    const path = d.kind === 'file' ? `${VALOHAI}/inputs/${d.input}/${d.file}` : `${d.take.from}/${sourceKey(d.from)}`;
    artifacts.push({ name: d.artifact, path, ...(d.optional ? { optional: true } : {}), ...artifactSource(d.from) });
  }
  for (const u of inputs.upstream) artifacts.push({ name: u.artifact, path: u.take.from });
  const resources = quantity(node.step.resources, node.step.environment);
  const env = Object.entries({
    ...spec.env,
    VH_INPUTS_DIR: `${VALOHAI}/inputs`,
    VH_OUTPUTS_DIR: `${VALOHAI}/outputs`,
    VH_CONFIG_DIR: `${VALOHAI}/config`,
    VH_REPOSITORY_DIR: REPOSITORY,
    VH_EXECUTION_ID: '{{pod.name}}',
    VH_JOB_ID: '{{pod.name}}',
    VH_PIPELINE_ID: '{{workflow.name}}',
    VH_PIPELINE_NODE_ID: node.name,
    PYTHONUNBUFFERED: '1',
  }).map(([name, value]) => ({ name, value }));
  return {
    name: spec.name,
    inputs: {
      parameters: [{ name: 'command' }, { name: 'parameters' }, { name: 'execution' }, ...inputs.perChild.map((p) => ({ name: p.name }))],
      ...(artifacts.length > 0 ? { artifacts } : {}),
    },
    outputs: {
      artifacts: [
        { name: 'outputs', path: `${VALOHAI}/outputs` },
        ...(spec.keepStdout ? [{ name: 'stdout', path: STDOUT_COPY }] : []),
        ...inputs.passedOn.map((p) => ({ name: p.artifact, path: `${VALOHAI}/inputs/${p.input}` })),
      ],
    },
    container: {
      name: 'main',
      image: node.step.image ?? 'python:3.12-slim',
      command: ['/bin/sh', '-c'],
      args: [`${before}\n${run}`],
      env,
      ...(resources ? { resources } : {}),
    },
    // (A string, as the retry limit below: Argo's schema takes a template's deadline as one.)
    ...(node.step.timeLimit ? { activeDeadlineSeconds: String(node.step.timeLimit) } : {}),
    ...retryStrategy(spec.retry, node.step.autorestart === true),
  };
}

/** Argo's pods lost with their node (a spot instance taken back), as Argo's own retry-conditional example names them. */
const LOST_POD = "lastRetry.status == \"Error\" || lastRetry.message matches 'imminent node shutdown|pod deleted'";

/**
 * `on-error: retry` is one more attempt after any failure; `autorestart: true` is Valohai restarting an
 * execution whose spot instance went away, which Argo sees as a pod lost with its node (not as the
 * command failing). Both together share the one retry.
 */
function retryStrategy(retry: boolean, autorestart: boolean): { retryStrategy?: Record<string, unknown> } {
  // (The limit is written as a string: Argo reads a number too, but its published schema, and so an
  // editor or a linter that checks against it, takes only a string, as Argo's own examples write it.)
  if (retry) return { retryStrategy: autorestart ? { limit: '1', retryPolicy: 'Always' } : { limit: '1' } };
  if (autorestart) return { retryStrategy: { limit: '3', retryPolicy: 'Always', expression: LOST_POD } };
  return {};
}
