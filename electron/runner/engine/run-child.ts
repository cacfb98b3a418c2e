/**
 * One execution of a node: its folder, a cache lookup, the process, its outputs. Every step is
 * recorded in the store before it is announced; an execution is `succeeded` only once its
 * outputs are listed, so a crash before that re-runs it instead of losing files.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ExecutionStatus, MetadataValue, RunEvent } from '../../../shared/run/events.ts';
import type { PlannedExecution, PlannedTask, RunPlan } from '../../../shared/run/plan.ts';
import type { ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import { cacheKey, canonicalJson, type CacheMaterial } from '../cache-key.ts';
import { gpusInUse } from '../exec/gpu-memory.ts';
import { startProcess } from '../exec/run-process.ts';
import { FetchCancelled, type FetchProgress } from '../files/shared-fetch.ts';
import { storeOutputs } from '../files/artifact-store.ts';
import { datasetBases, readOutputMetadata, type OutputMetadata } from '../files/output-metadata.ts';
import { inheritedFiles, type InheritedFile } from '../store/datum-index.ts';
import { listFiles } from '../files/file-ops.ts';
import { changedInputs, snapshotInputs } from '../files/input-guard.ts';
import { inputHashes } from '../files/inputs.ts';
import type { Grant, Machine } from '../resources.ts';
import type { RunStore } from '../store/run-store.ts';
import { StateGone } from '../store/state-error.ts';
import type { NodeDelivery } from './node-inputs.ts';
import type { GroupMember } from './distributed-group.ts';
import { makeFolder, planFolder, type PlannedFolder } from './prepare-execution.ts';
import type { FolderAhead } from './folder-ahead.ts';
import { recordUsage, usageMark } from './usage-record.ts';
import { mib } from '../../../shared/run/usage.ts';
import { StopCondition } from './stop-condition.ts';
import { containerExecution, fetchImage, inImage, recordContainerUsage } from './container-launch.ts';
import type { ContainerRuntime } from '../exec/container.ts';

export interface ChildJob {
  readonly child: number;
  readonly attempt: number;
  readonly values: Readonly<Record<string, ParameterValue>>;
  readonly delivery: NodeDelivery;
  readonly taskChildren: number | undefined;
  /** Set for a worker of a distributed task, once its group starts. */
  readonly member?: GroupMember;
}

export interface ChildOutcome {
  readonly status: ExecutionStatus;
  readonly error?: string;
  readonly reused?: boolean;
  /** The run cannot go on (its state folder is gone). */
  readonly stopsRun?: boolean;
  /** The latest value of each metadata key the execution printed (for a task's stop-condition). */
  readonly metadata?: Readonly<Record<string, MetadataValue>>;
}

export interface ChildContext {
  readonly plan: RunPlan;
  readonly node: PlannedExecution | PlannedTask;
  readonly runId: string;
  readonly store: RunStore;
  readonly projectDir: string;
  readonly stateDir: string;
  readonly machine: Machine;
  readonly cache: boolean;
  /** Steps with an image run in it (`--container`). */
  readonly container: ContainerRuntime | null;
  /** The project's code fingerprint, computed once per run. */
  readonly codeFingerprint: () => Promise<string>;
  readonly nextExecutionId: () => string;
  /** The next execution's folders, made while this one runs. */
  readonly folderAhead: FolderAhead;
  /** The environment executions start from (the runner's, read once per run). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  readonly emit: (event: RunEvent) => void;
  /** Says how far a fetch of one of its inputs has come (once for all the node's children waiting for it). */
  readonly fetching: (input: string, url: string, progress: FetchProgress) => void;
  /** The run's start: a bucket URL looked at before it is looked at again, a download checked before it checked again. */
  readonly runStart: number;
  /** Tells the run something of this node's (a warning). */
  readonly notice: (message: string) => void;
  /** Registers a way to cancel this child; returns its unregistration. */
  readonly registerCancel: (cancel: () => void) => () => void;
  readonly isStopping: () => boolean;
}

async function materialFor(ctx: ChildContext, job: ChildJob, prepared: PlannedFolder): Promise<CacheMaterial> {
  const hashes: Record<string, string> = {};
  for (const input of prepared.inputs) Object.assign(hashes, await inputHashes(input));
  const command = prepared.commandText;
  const env = prepared.stepEnv;
  const { name: _name, ...definition } = ctx.node.step;
  // Made in the image or on this machine: not the same result (the key is as before for the latter).
  const where = prepared.container ? { container: true as const } : {};
  return { step: definition, command, parameters: job.values, environment: env, inputs: hashes, code: await ctx.codeFingerprint(), image: ctx.node.step.image, ...where };
}

/** The files the dataset versions an execution made take from the versions they were made `from`. */
function inheritedVersions(store: RunStore, described: readonly OutputMetadata[]): { files: InheritedFile[]; problems: string[] } {
  const { bases, problems } = datasetBases(described);
  const files: InheritedFile[] = [];
  for (const base of bases) {
    const own = new Set(described.filter((d) => d.labels.some((l) => l.kind === 'dataset' && l.label === base.version)).map((d) => d.path));
    const found = inheritedFiles(store.db, base, own);
    if (found.ok) files.push(...found.files);
    else problems.push(found.why);
  }
  return { files, problems };
}

export async function runChild(job: ChildJob, grant: Grant, ctx: ChildContext): Promise<ChildOutcome> {
  if (ctx.isStopping()) return { status: 'cancelled', error: 'the run is stopping' };
  const executionId = job.member?.group.executionIds[job.member.rank] ?? ctx.nextExecutionId();
  // A cancel while its inputs download (a dataset of many GB) stops the download, not only what follows it.
  const fetching = new AbortController();
  const stopFetching = ctx.registerCancel(() => fetching.abort());
  const prepared = await planFolder({
    projectDir: ctx.projectDir,
    stateDir: ctx.stateDir,
    db: ctx.store.db,
    runId: ctx.runId,
    pipeline: ctx.plan.pipeline,
    node: ctx.node.name,
    child: job.child,
    taskChildren: job.taskChildren,
    executionId,
    baseEnv: ctx.baseEnv,
    step: ctx.node.step,
    values: job.values,
    edgeEnv: job.delivery.env,
    inputs: job.delivery.inputs,
    gpus: grant.gpus,
    machineHasGpus: ctx.machine.gpus.length > 0,
    member: job.member,
    inContainer: inImage(ctx.container, ctx.node),
    signal: fetching.signal,
    onFetch: ctx.fetching,
    runStart: ctx.runStart,
    onNotice: ctx.notice,
  })
    .catch((error: unknown) => {
      if (error instanceof FetchCancelled) return undefined;
      throw error;
    })
    .finally(stopFetching);
  if (!prepared) return { status: 'cancelled', error: 'cancelled while its inputs were fetched' };
  // A distributed group's workers wait for each other: one from the cache would leave them waiting.
  const cached = ctx.cache || (ctx.node.kind === 'task' && ctx.node.reuseChildren);
  const material = cached && !job.member ? await materialFor(ctx, job, prepared) : null;
  const key = material ? cacheKey(material) : null;
  if (key) {
    const hit = ctx.store.findByCacheKey(key);
    if (hit && existsSync(join(hit.dir, 'outputs'))) {
      ctx.store.insertReusedExecution(executionId, ctx.runId, ctx.node.name, job.child, hit);
      ctx.emit({ type: 'node:reused', runId: ctx.runId, at: Date.now(), node: ctx.node.name, fromRun: hit.runId, reason: `cache hit: execution ${hit.sourceExecution ?? hit.id} had the same step, command, parameters, inputs and code` });
      return { status: 'succeeded', reused: true };
    }
  }
  // (Before it is recorded: a folder its runtime cannot mount fails the node, leaving no execution behind.)
  const launch = prepared.container ? containerExecution(ctx, prepared, executionId, grant.gpus) : undefined;
  await makeFolder(prepared, ctx.folderAhead.take(prepared.dir));
  const linkedInputs = await snapshotInputs(prepared.inputs, join(prepared.dir, 'inputs'));
  ctx.store.insertExecution({
    id: executionId,
    runId: ctx.runId,
    node: ctx.node.name,
    child: job.child,
    attempt: job.attempt,
    startedAt: Date.now(),
    pid: null,
    dir: prepared.dir,
    command: prepared.commandText,
    parametersJson: JSON.stringify(job.values),
    envJson: JSON.stringify(prepared.stepEnv),
    cacheKey: key,
    cacheMaterialJson: material ? canonicalJson(material) : null,
  });
  ctx.emit({ type: 'execution:start', runId: ctx.runId, at: Date.now(), node: ctx.node.name, executionId, child: job.child, command: prepared.commandText, parameters: job.values, gpus: grant.gpus, ...(launch ? { image: launch.image } : {}) });
  const say = (message: string): void => ctx.emit({ type: 'run:warning', runId: ctx.runId, at: Date.now(), node: ctx.node.name, message: `execution ${executionId}: ${message}` });
  if (grant.gpus.length > 0) for (const busy of await gpusInUse(grant.gpus)) say(busy);
  if (launch) await fetchImage(ctx, launch, say);
  /** The latest value of each metadata key it printed: what a stop-condition, and the task's, read. */
  const latest: Record<string, MetadataValue> = {};
  const stopCondition = ctx.node.step.stopCondition === undefined ? undefined : new StopCondition(ctx.node.step.stopCondition);
  let stopped = false;
  let problemSaid = false;
  let stopUsage: (() => number | null) | undefined;
  const running = startProcess({
    runnable: prepared.runnable,
    cwd: ctx.projectDir,
    ...(launch ? { env: { ...ctx.baseEnv }, container: launch } : { env: prepared.env }),
    configDir: prepared.configDir,
    logPath: prepared.logPath,
    timeLimit: ctx.node.step.timeLimit,
    noOutputTimeout: ctx.node.step.noOutputTimeout,
    onStart: (pid) => {
      ctx.store.setExecutionPid(executionId, pid);
      // While it runs, the runner only waits: the next execution's folders are made now (folder-ahead.ts).
      ctx.folderAhead.prepare();
      // A container's processes are not its client's group, but its first process's.
      stopUsage = launch ? recordContainerUsage(ctx, launch, executionId) : recordUsage(ctx, { executionId, node: ctx.node.name, pgid: pid, gpus: grant.gpus, ...usageMark(prepared.env) });
    },
    onLines: (lines) => ctx.emit({ type: 'node:log', runId: ctx.runId, at: Date.now(), node: ctx.node.name, executionId, lines }),
    onMetadata: (at, values) => {
      ctx.store.addMetadata(executionId, at, values);
      ctx.emit({ type: 'node:metadata', runId: ctx.runId, at, node: ctx.node.name, executionId, values });
      Object.assign(latest, values);
      const verdict = stopCondition && !stopped ? stopCondition.check(latest) : undefined;
      if (!verdict?.holds) {
        // Said once; later values may still meet it (a "NaN" first, numbers after).
        if (verdict?.problem !== undefined && !problemSaid) say(verdict.problem);
        problemSaid ||= verdict?.problem !== undefined;
        return;
      }
      stopped = true;
      say(`its step's stop-condition \`${stopCondition?.text ?? ''}\` held (${verdict.said}): stopped early, as on Valohai; it counts as finished and its outputs are kept`);
      running.stopEarly();
    },
    onWarning: say,
  });
  const unregister = ctx.registerCancel(() => running.cancel());
  const result = await running.done;
  const memoryPeak = stopUsage?.() ?? null;
  const memoryMax = ctx.node.step.resources?.memory.max;
  if (memoryPeak !== null && memoryMax !== undefined && memoryPeak > memoryMax) {
    say(`its processes held ${mib(memoryPeak)} at their peak, more than its resources.memory.max of ${memoryMax} MB: on Valohai's Kubernetes environments it would be killed for it (OOMKilled); nothing limits it here`);
  }
  unregister();
  // A step that cleans the project (`git clean -xfd`, `rm -rf .pipewright`) takes the runs' record with it.
  if (!existsSync(join(ctx.stateDir, 'runs.db'))) {
    throw new StateGone(
      `execution ${executionId} removed ${relative(ctx.projectDir, ctx.stateDir)} (Pipewright's record of runs, this one's too) while it ran, so the run stops here: keep .pipewright out of what the step deletes (git clean -e .pipewright)`,
    );
  }
  for (const changed of await changedInputs(linkedInputs)) {
    // (Outputs and downloads are read-only; root, or a step that made one writable, can still do this.)
    if (changed.sha256) ctx.store.forgetCachedContent(changed.sha256);
    // A changed download is no longer the URL's content: it is fetched again when next needed.
    const download = !relative(join(ctx.stateDir, 'downloads'), changed.from).startsWith('..');
    if (download) await rm(changed.from, { force: true });
    const what = relative(ctx.projectDir, changed.from);
    ctx.emit({
      type: 'run:warning',
      runId: ctx.runId,
      at: Date.now(),
      node: ctx.node.name,
      message: `execution ${executionId} changed its input ${changed.path} in place: it is one file with ${what}, which changed with it${changed.sha256 ? '; what made it is no longer reused from the cache' : ''}${download ? '; that download is fetched again when next needed' : ''}. Copy an input before changing it.`,
    });
  }
  const outputsDir = join(prepared.dir, 'outputs');
  const listing = await listFiles(outputsDir, prepared.dir);
  for (const skipped of listing.skipped) {
    ctx.emit({ type: 'run:warning', runId: ctx.runId, at: Date.now(), node: ctx.node.name, message: `execution ${executionId}: output ${skipped}` });
  }
  const status = result.status;
  // Metadata files (FILE.metadata.json, valohai.metadata.jsonl) describe outputs; they are none.
  const described = readOutputMetadata(outputsDir, listing.files);
  for (const problem of described.problems) {
    ctx.emit({ type: 'run:warning', runId: ctx.runId, at: Date.now(), node: ctx.node.name, message: `execution ${executionId}: output metadata: ${problem}` });
  }
  // Only what finished well goes into the content-addressed store (and may be reused later).
  const outputs = status === 'succeeded' ? await storeOutputs(ctx.stateDir, outputsDir, described.outputs) : described.outputs.map((f) => ({ ...f, sha256: null }));
  const inherited = status === 'succeeded' ? inheritedVersions(ctx.store, described.described) : { files: [], problems: [] };
  for (const problem of inherited.problems) {
    ctx.emit({ type: 'run:warning', runId: ctx.runId, at: Date.now(), node: ctx.node.name, message: `execution ${executionId}: output metadata: ${problem}` });
  }
  ctx.store.finishExecution(executionId, status, result.exitCode, result.error, outputs, described.described, inherited.files);
  ctx.emit({
    type: 'execution:finish',
    runId: ctx.runId,
    at: Date.now(),
    node: ctx.node.name,
    executionId,
    status,
    exitCode: result.exitCode,
    outputsDir,
    ...(result.error ? { error: result.error } : {}),
  });
  return { status, metadata: latest, ...(result.error ? { error: result.error } : {}) };
}
