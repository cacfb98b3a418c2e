/**
 * The scheduler of one run: starts nodes when their upstream is done, runs their executions in
 * parallel under the machine's budget, applies actions, approvals, on-error and task rules, and
 * records every change in the run store before announcing it.
 */
import type { NodeStatus, RunEvent, RunStatus } from '../../../shared/run/events.ts';
import { FINISHED_NODE_STATUSES } from '../../../shared/run/events.ts';
import type { PlannedExecution, PlannedNode, PlannedTask, RunPlan } from '../../../shared/run/plan.ts';
import type { Grant, Need } from '../resources.ts';
import type { EngineOptions } from './engine-options.ts';
import { ResourcePool, stepNeed } from '../resources.ts';
import type { RunStore } from '../store/run-store.ts';
import { failureReason, StateGone } from '../store/state-error.ts';
import { codeFingerprint } from '../cache-key.ts';
import { evaluateActions } from '../../../shared/run/actions.ts';
import { planChildren } from '../../../shared/run/children.ts';
import { aloneInRunName } from '../../../shared/run/step-run.ts';
import { InputError } from '../files/inputs.ts';
import { runChild, type ChildJob, type ChildOutcome } from './run-child.ts';
import { formGroup } from './distributed-group.ts';
import { observationsOf, observe, pendingJobs, withProposal } from './child-jobs.ts';
import { approvalEvent, nodeMetadata, reuseExecutions } from './recorded.ts';
import { prepareDeployment } from './deployment.ts';
import { stopTaskWhenDue } from './stop-condition.ts';
import { gatherNodeInputs } from './node-inputs.ts';
import { Readiness } from './readiness.ts';
import { startingStates, type NodeState } from './node-state.ts';
import { nodeEnding } from './node-ending.ts';
import { fetchAnnouncer, type FetchAnnouncer } from './fetch-announcer.ts';
import { FolderAhead } from './folder-ahead.ts';

const MAX_ATTEMPTS_WITH_RETRY = 2;
const executionId = (runId: string, n: number): string => `${runId}.${n}`;
/** Events announced and not kept in the run's journal (see emit). */
const UNJOURNALED: ReadonlySet<RunEvent['type']> = new Set(['node:log', 'node:metadata', 'execution:usage', 'input:fetching']);

export class RunEngine {
  private readonly plan: RunPlan;
  private readonly runId: string;
  /** When the run was made (a resume's too): what its first fetches listed, its later ones take. */
  private readonly startedAt: number;
  private readonly options: EngineOptions;
  private readonly store: RunStore;
  private readonly pool: ResourcePool;
  private readonly nodes: Map<string, NodeState>;
  private readonly byName = new Map<string, PlannedNode>();
  /** What one execution of each node takes from the machine (resources.ts stepNeed). */
  private readonly needs = new Map<string, Need>();
  private readonly readiness: Readiness;
  /** Nodes with children waiting for resources. */
  private readonly queued = new Set<string>();
  private readonly cancels = new Set<() => void>();
  private readonly announceFetch: FetchAnnouncer;
  /** Executions running now, over all nodes. */
  private runningChildren = 0;
  private final: { status: RunStatus; error?: string } | undefined;
  private stopping: { status: RunStatus; error: string; brief: string } | undefined;
  private resolveDone: ((status: RunStatus) => void) | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  /** Whether the run ended without its state saved (see abandon). */
  private abandoned = false;
  private executionCounter: number;
  private readonly folderAhead: FolderAhead;
  private fingerprint: Promise<string> | undefined;
  /** Executions this run recorded before (a resume): only then can a child be done already. */
  private readonly hadExecutions: boolean;

  constructor(plan: RunPlan, runId: string, options: EngineOptions) {
    this.plan = plan;
    this.runId = runId;
    this.announceFetch = fetchAnnouncer(runId, (event) => this.emit(event));
    this.options = options;
    this.store = options.store;
    this.pool = new ResourcePool(options.machine, { run: runId, project: options.projectDir });
    this.store.enableBatching();
    // A commit that fails loses its batch, announcements included: nothing more can be saved.
    this.store.onBatchLost((error) => this.abandon(failureReason(error, this.runId)));
    // Ids are `<run>.<n>`; continue after the highest recorded one.
    const recorded = this.store.getExecutions(runId);
    this.hadExecutions = recorded.length > 0;
    this.executionCounter = Math.max(0, ...recorded.map((e) => Number(e.id.split('.').pop()) || 0));
    this.folderAhead = new FolderAhead(options.stateDir, () => executionId(runId, this.executionCounter + 1));
    this.nodes = startingStates(plan, runId, this.store);
    this.startedAt = this.store.getRun(runId)?.createdAt ?? Date.now();
    for (const node of plan.nodes) {
      this.byName.set(node.name, node);
      if (node.kind !== 'deployment') this.needs.set(node.name, stepNeed(node.step, options.machine));
    }
    this.readiness = new Readiness(plan.nodes, (name) => this.nodes.get(name)?.status ?? 'pending');
  }

  /** Runs to the end; resolves with the run's final status. `warnings`: what to say as the run starts, each about one node (`[node, message]`) or the run. */
  run(resumed: boolean, warnings: readonly (string | readonly [string, string])[] = []): Promise<RunStatus> {
    this.emit({ type: 'run:start', runId: this.runId, at: Date.now(), pipeline: this.plan.pipeline, resumed, nodes: this.plan.nodes.map((n) => n.name) });
    for (const warning of warnings) {
      if (typeof warning === 'string') this.warn(warning);
      else this.warn(warning[1], warning[0]);
    }
    const done = new Promise<RunStatus>((resolve) => (this.resolveDone = resolve));
    this.pollTimer = setInterval(() => this.guard(() => this.poll()), this.options.pollMs ?? 200);
    this.guard(() => this.pump());
    return done.finally(() => this.folderAhead.close());
  }

  /**
   * Runs a step of the engine's own bookkeeping. Should it throw (a bug, a database that went
   * away), the run stops as failed and says why, instead of hanging with its processes running
   * or taking the process down with a stack trace.
   */
  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      const why = failureReason(error, this.runId);
      try {
        this.stopAll('failed', why);
      } catch {
        this.abandon(why); // the store itself fails
      }
    }
  }

  /**
   * Ends the run as far as this process goes when its state can no longer be saved (a full disk):
   * the processes are stopped and the end is said without waiting for a commit. runs.db keeps the
   * run as running until a later command finds this process gone and marks it interrupted, so
   * `resume` continues it from what was saved.
   */
  private abandon(why: string): void {
    for (const cancel of this.cancels) cancel();
    clearInterval(this.pollTimer);
    if (this.abandoned) return;
    this.abandoned = true;
    this.final = { status: 'failed', error: why };
    this.options.onEvent({ type: 'run:finish', runId: this.runId, at: Date.now(), status: 'failed', error: why });
    this.resolveDone?.('failed');
  }

  /**
   * This process is going away (the editor closing): a run only waiting (for an approval, for the
   * machine) is left as a crash leaves it, interrupted with its approvals pending, for `resume`;
   * one with executions running is cancelled, as they must stop.
   */
  leave(reason: string): void {
    if (this.final || this.stopping) return;
    if (this.runningChildren > 0) return this.cancel(reason);
    clearInterval(this.pollTimer);
    this.final = { status: 'interrupted', error: reason };
    this.store.interruptRun(this.runId, reason);
    this.emit({ type: 'run:finish', runId: this.runId, at: Date.now(), status: 'interrupted', error: reason });
    this.store.batch(() => this.resolveDone?.('interrupted'));
    this.store.commitBatch(); // now: this process is on its way out
  }

  /** Stops everything: running process groups are killed, nothing new starts. */
  cancel(reason = 'cancelled'): void {
    this.stopAll('cancelled', reason);
  }

  /** Records the event, and announces it once the turn's writes are committed. */
  private emit(event: RunEvent): void {
    // The journal keeps what happened to the run; log lines live in the log files, metadata and
    // usage in their own tables (a step logging a metric per batch would write each one twice),
    // and how far a download had come is of no use once it is over.
    if (!UNJOURNALED.has(event.type)) this.store.appendEvent(event);
    this.store.batch(() => this.options.onEvent(event));
  }

  private setStatus(name: string, status: NodeStatus, fields: Parameters<RunStore['setNode']>[3] = {}): void {
    const state = this.nodes.get(name);
    if (!state) return;
    const was = state.status;
    state.status = status;
    this.readiness.changed(name, was, status);
    this.store.setNode(this.runId, name, status, { ...fields, finished: fields.finished ?? FINISHED_NODE_STATUSES.includes(status) });
  }

  private finishNode(name: string, status: NodeStatus, error?: string): void {
    this.setStatus(name, status, { error: error ?? null });
    this.emit({ type: 'node:finish', runId: this.runId, at: Date.now(), node: name, status, ...(error ? { error } : {}) });
  }

  private warn(message: string, node?: string): void {
    this.emit({ type: 'run:warning', runId: this.runId, at: Date.now(), message, ...(node ? { node } : {}) });
  }

  /** Reads what other processes decided: cancel requests and approvals. */
  private poll(): void {
    if (this.final) return;
    if (!this.stopping && this.store.isCancelRequested(this.runId)) this.cancel('cancelled on request');
    if (!this.stopping && this.queued.size > 0) this.startQueuedChildren();
    for (const [name, state] of this.nodes) {
      if (state.status !== 'awaiting-approval') continue;
      const approval = this.store.getApproval(this.runId, name);
      if (!approval || approval.status === 'pending') continue;
      this.emit(approvalEvent(this.runId, name, approval.status, approval));
      if (approval.status === 'rejected') {
        const why = `rejected by ${approval.decidedBy ?? 'someone'}${approval.comment ? `: ${approval.comment}` : ''}`;
        this.finishNode(name, 'stopped', why);
        this.stopAll('stopped', `node "${name}" was ${why}`);
      } else if (state.gate === 'start') {
        state.gate = undefined;
        state.approvedStart = true;
        this.setStatus(name, 'queued');
        void this.beginNode(name);
      } else {
        state.gate = undefined;
        this.finishNode(name, 'succeeded');
      }
    }
    this.pump();
  }

  /** Starts whatever can start now, and ends the run when nothing is left. Never blocks. */
  private pump(): void {
    if (this.final) return;
    if (!this.stopping) {
      for (const name of this.readiness.takeCandidates()) {
        const node = this.byName.get(name) as PlannedNode;
        const state = this.nodes.get(node.name) as NodeState;
        if (state.status !== 'pending') continue;
        const blocked = this.readiness.blockerOf(name);
        if (blocked) {
          this.finishNode(node.name, 'skipped', `upstream node "${blocked}" ${this.nodes.get(blocked)?.status ?? 'failed'}`);
          continue;
        }
        if (this.readiness.isReady(name)) {
          this.setStatus(node.name, 'queued');
          this.emit({ type: 'node:queued', runId: this.runId, at: Date.now(), node: node.name });
          void this.beginNode(node.name);
        }
      }
      this.startQueuedChildren();
    }
    if ((this.readiness.allFinished || this.stopping) && this.runningChildren === 0) this.closeRun();
  }

  private startQueuedChildren(): void {
    for (const name of this.queued) {
      const node = this.byName.get(name) as PlannedNode;
      const state = this.nodes.get(node.name) as NodeState;
      if (state.queue.length === 0) {
        this.queued.delete(name);
        continue;
      }
      if (state.dispatching === undefined || (node.kind !== 'execution' && node.kind !== 'task')) continue;
      const cap = node.kind === 'task' && node.maxQueued !== undefined && node.maxQueued > 0 ? node.maxQueued : Number.POSITIVE_INFINITY;
      const need = this.needs.get(node.name) as Need;
      // A distributed task's workers start all at once (checkFits made sure they fit together).
      const group = node.kind === 'task' && node.distributed;
      while (state.queue.length > 0 && (group || state.running < cap)) {
        const grants = group ? this.pool.tryAcquireAll(need, state.queue.length) : this.pool.tryAcquire(need);
        if (!grants) {
          // The machine is full; first come, first served. GPUs other runs hold are asked for
          // again at each poll, as their release is not heard here. Said once, when another run holds them.
          const held = need.gpus > 0 && !state.toldGpuWait ? this.pool.heldElsewhere() : [];
          if (held.length > 0) this.warn(`node "${node.name}" waits for a GPU: ${held.join('; ')}`, node.name);
          state.toldGpuWait ||= held.length > 0;
          return;
        }
        this.announceStart(node, state);
        if (!Array.isArray(grants)) this.dispatch(node, state, withProposal(node, state.observations, state.queue.shift() as ChildJob), grants);
        else {
          const formed = formGroup(this.runId, node.name, grants.map(() => this.nextExecutionId()));
          state.queue.splice(0).forEach((job, rank) => this.dispatch(node, state, { ...job, member: { rank, group: formed } }, grants[rank] as Grant));
        }
      }
    }
  }

  private dispatch(node: PlannedExecution | PlannedTask, state: NodeState, job: ChildJob, grant: Grant): void {
    state.running += 1;
    this.runningChildren += 1;
    void this.startChild(node, job, grant);
  }

  private async startChild(node: PlannedExecution | PlannedTask, job: ChildJob, grant: Grant): Promise<void> {
    const state = this.nodes.get(node.name) as NodeState;
    let outcome: ChildOutcome;
    try {
      outcome = await runChild(job, grant, {
        plan: this.plan,
        node,
        runId: this.runId,
        store: this.store,
        projectDir: this.options.projectDir,
        stateDir: this.options.stateDir,
        machine: this.options.machine,
        cache: this.options.cache,
        container: this.options.container,
        nextExecutionId: () => this.nextExecutionId(),
        folderAhead: this.folderAhead,
        baseEnv: this.options.environment,
        codeFingerprint: () => (this.fingerprint ??= codeFingerprint(this.options.projectDir, this.options.stateDir, this.options.codeAtStart)),
        emit: (event) => this.emit(event),
        fetching: (input, url, progress) => this.announceFetch(node.name, input, url, progress),
        runStart: this.startedAt,
        notice: (message) => this.warn(`node "${node.name}": ${message}`, node.name),
        registerCancel: (cancel) => {
          this.cancels.add(cancel);
          state.cancels.add(cancel);
          if (this.stopping) cancel();
          return () => void (this.cancels.delete(cancel), state.cancels.delete(cancel));
        },
        isStopping: () => this.stopping !== undefined,
      });
    } catch (error) {
      // An input that cannot be placed is the step's problem, said as is; anything else is ours.
      const why = error instanceof InputError ? error.forNode(node.name, aloneInRunName(this.plan.pipeline) !== undefined) : error instanceof StateGone ? error.message : `Pipewright could not run it: ${error instanceof Error ? error.message : String(error)}`;
      outcome = { status: 'failed', error: why, ...(error instanceof StateGone ? { stopsRun: true } : {}) };
    } finally {
      this.pool.release(grant);
    }
    if (outcome.reused) (this.nodes.get(node.name) as NodeState).reused += 1;
    this.guard(() => this.childDone(node, job, outcome));
    // Nothing more can be recorded, whatever the node's on-error says.
    if (outcome.stopsRun) this.guard(() => this.stopAll('failed', outcome.error ?? '', 'the state folder .pipewright was removed'));
  }

  private nextExecutionId(): string {
    const id = executionId(this.runId, (this.executionCounter += 1));
    this.folderAhead.gave(id);
    return id;
  }

  private childDone(node: PlannedExecution | PlannedTask, job: ChildJob, outcome: ChildOutcome): void {
    const state = this.nodes.get(node.name) as NodeState;
    state.running -= 1;
    this.runningChildren -= 1;
    if (outcome.status !== 'succeeded') {
      state.failed += 1;
      // The first failure is the node's error, not the siblings it stopped.
      if (outcome.status !== 'cancelled' || state.lastError === undefined) state.lastError = outcome.error;
      const stopSiblings = node.kind === 'execution' || node.onChildError === 'stop-all-and-error';
      if (stopSiblings && outcome.status !== 'cancelled') state.queue = [];
      // A distributed group's workers wait for each other: one that fails leaves the rest hanging.
      if (stopSiblings && outcome.status !== 'cancelled' && node.kind === 'task' && node.distributed) for (const cancel of state.cancels) cancel();
    } else if (node.kind === 'task') {
      observe(node, state.observations, job, outcome.metadata);
      const said = stopTaskWhenDue(node, outcome.metadata, state);
      if (said !== undefined) this.warn(said, node.name);
    }
    if (state.running === 0 && state.queue.length === 0) this.completeNode(node, job.attempt);
    this.pump();
  }

  private completeNode(node: PlannedExecution | PlannedTask, attempt: number): void {
    const state = this.nodes.get(node.name) as NodeState;
    state.dispatching = undefined;
    if (this.stopping) {
      this.finishNode(node.name, 'cancelled', this.stopping.brief);
      return;
    }
    const ok = state.failed === 0 || (node.kind === 'task' && node.onChildError === 'continue-and-complete');
    if (!ok && node.onError === 'retry' && attempt < MAX_ATTEMPTS_WITH_RETRY) {
      this.warn(`node "${node.name}" failed (${state.lastError ?? 'error'}); retrying it`, node.name);
      this.setStatus(node.name, 'queued', { attempt: true });
      state.failed = 0;
      void this.startExecutions(node, attempt + 1);
      return;
    }
    const when = ok ? 'node-complete' : 'node-error';
    // The node's metadata is read from the store only for an action that may look at it.
    const metadata = node.actions.some((a) => a.when.includes(when)) ? nodeMetadata(this.store, this.runId, node.name) : {};
    const verdict = evaluateActions(node.actions, when, { metadata, parameters: state.delivery?.values ?? node.values });
    for (const warning of verdict.warnings) this.warn(`node "${node.name}": ${warning}`, node.name);
    const allReused = state.reused === state.total && state.total > 0;
    const ending = nodeEnding({ name: node.name, ok, onError: node.onError, lastError: state.lastError, allReused, thens: verdict.thens, held: verdict.held });
    if (ending.kind === 'await-approval') return this.awaitApproval(node.name, 'complete');
    this.finishNode(node.name, ending.status, ending.status === 'failed' ? state.lastError : undefined);
    if (ending.stop) this.stopAll(ending.stop.status, ending.stop.error, ending.stop.brief);
  }

  private awaitApproval(name: string, gate: 'start' | 'complete'): void {
    const state = this.nodes.get(name) as NodeState;
    const existing = this.store.getApproval(this.runId, name);
    if (existing?.status === 'approved' && gate === 'start') {
      state.approvedStart = true;
      void this.beginNode(name);
      return;
    }
    // One decision per gate: a node gated before it starts and after it finishes is asked twice
    // (the first "yes" is in the run's journal; the record shows the latest).
    if (existing?.status === 'approved' && state.approvedStart) this.store.reopenApproval(this.runId, name);
    else if (existing?.status === 'approved') return this.finishNode(name, 'succeeded');
    this.store.requestApproval(this.runId, name);
    state.gate = gate;
    this.setStatus(name, 'awaiting-approval');
    this.emit({ type: 'node:awaiting-approval', runId: this.runId, at: Date.now(), node: name, gate });
  }

  /** A node whose upstream is done: reuse, deployment, approval gate, or its executions. */
  private async beginNode(name: string): Promise<void> {
    const node = this.byName.get(name) as PlannedNode;
    const state = this.nodes.get(name) as NodeState;
    try {
      if (this.options.reuse?.nodes.has(name)) return this.reuseFromRun(name, this.options.reuse.runId);
      if (node.kind !== 'deployment') state.delivery ??= await gatherNodeInputs(this.plan, node, this.store, this.runId);
      if (this.final) return; // left (see leave) while the inputs were gathered
      for (const warning of state.delivery?.warnings ?? []) this.warn(`node "${name}": ${warning}`, name);
      // A deployment waits for its approval too (a gate before deploying is the common one).
      if (!state.approvedStart) {
        const verdict = evaluateActions(node.actions, 'node-starting', { metadata: {}, parameters: state.delivery?.values ?? {} });
        for (const warning of verdict.warnings) this.warn(`node "${name}": ${warning}`, name);
        const why = verdict.held === '' ? '' : ` (${verdict.held})`;
        if (verdict.thens.includes('error-pipeline')) return this.stopAll('failed', `node "${name}" ended the pipeline as an error before starting${why}`);
        if (verdict.thens.includes('stop-pipeline')) return this.stopAll('stopped', `node "${name}" stopped the pipeline before starting${why}`);
        if (verdict.thens.includes('require-approval')) return this.awaitApproval(name, 'start');
      }
      if (node.kind === 'deployment') {
        for (const said of prepareDeployment(this.plan, node, { ...this.options, runId: this.runId })) this.warn(said, name);
        return this.finishNode(name, 'succeeded');
      }
      await this.startExecutions(node, 1);
    } catch (error) {
      this.finishNode(name, 'failed', error instanceof Error ? error.message : String(error));
      if (node.onError !== 'continue' && node.onError !== 'stop-next') this.stopAll('failed', `node "${name}" could not start`);
    } finally {
      this.guard(() => this.pump());
    }
  }

  private async startExecutions(node: PlannedExecution | PlannedTask, attempt: number): Promise<void> {
    const state = this.nodes.get(node.name) as NodeState;
    const delivery = state.delivery ?? (await gatherNodeInputs(this.plan, node, this.store, this.runId));
    const children = planChildren(node, delivery.values);
    if (!children.ok) throw new Error(children.error);
    state.total = children.children.length;
    state.failed = 0;
    state.reused = 0;
    // After a resume or on a retry, children that already finished are not run again (a fresh
    // run's first attempt has nothing to look up).
    const finished = (this.hadExecutions || attempt > 1 ? this.store.getExecutions(this.runId, node.name) : []).filter((e) => e.status === 'succeeded');
    state.queue = pendingJobs(node, children.children, delivery, attempt, finished);
    state.doneBefore = children.children.length - state.queue.length;
    state.observations = observationsOf(node, this.store, finished);
    state.dispatching = attempt;
    state.announced = false;
    if (state.queue.length === 0) {
      this.announceStart(node, state);
      this.completeNode(node, attempt);
    } else this.queued.add(node.name);
    this.pump();
  }

  /** A node is running once its first execution has its resources; until then it is queued. */
  private announceStart(node: PlannedExecution | PlannedTask, state: NodeState): void {
    if (state.announced || state.dispatching === undefined) return;
    state.announced = true;
    const first = state.dispatching === 1;
    this.setStatus(node.name, 'running', { started: first, attempt: first });
    this.emit({ type: 'node:start', runId: this.runId, at: Date.now(), node: node.name, children: state.total, ...(state.doneBefore ? { done: state.doneBefore } : {}) });
  }

  private reuseFromRun(name: string, fromRun: string): void {
    reuseExecutions(this.store, fromRun, this.runId, name, () => this.nextExecutionId());
    this.setStatus(name, 'reused', { reusedFrom: fromRun });
    this.emit({ type: 'node:reused', runId: this.runId, at: Date.now(), node: name, fromRun, reason: `--reuse ${fromRun}` });
    this.emit({ type: 'node:finish', runId: this.runId, at: Date.now(), node: name, status: 'reused' });
  }

  /** `brief`: what the nodes this skips or cancels give as their reason (the run's `error` by default). */
  private stopAll(status: RunStatus, error: string, brief = error): void {
    if (this.stopping || this.final || this.closing) return; // (closing: nothing is left to stop)
    this.stopping = { status, error, brief };
    for (const cancel of this.cancels) cancel();
    for (const [name, state] of this.nodes) {
      state.queue = [];
      if (state.status === 'pending' || state.status === 'queued' || state.status === 'awaiting-approval') {
        if (state.status === 'awaiting-approval') this.store.clearPendingApproval(this.runId, name);
        this.finishNode(name, status === 'cancelled' ? 'cancelled' : 'skipped', brief);
      } else if (state.status === 'running' && state.running === 0) {
        this.finishNode(name, 'cancelled', brief);
      }
    }
    this.pump();
  }

  private closing = false;
  /** Ends the run once what its end has to say (options.closingWords) is said. */
  private closeRun(): void {
    if (this.closing) return;
    this.closing = true;
    void (this.options.closingWords?.().catch(() => null) ?? Promise.resolve(null)).then((message) => {
      if (message !== null && !this.final) this.guard(() => this.warn(message));
      this.guard(() => this.finishRun());
    });
  }

  private finishRun(): void {
    if (this.final) return;
    const failed = this.plan.nodes.some((n) => this.nodes.get(n.name)?.status === 'failed' && n.onError !== 'continue');
    this.final = this.stopping ? { status: this.stopping.status, error: this.stopping.error } : (failed ? { status: 'failed', error: 'a node failed' } : { status: 'succeeded' });
    clearInterval(this.pollTimer);
    this.store.finishRun(this.runId, this.final.status, this.final.error);
    this.emit({ type: 'run:finish', runId: this.runId, at: Date.now(), status: this.final.status, ...(this.final.error ? { error: this.final.error } : {}) });
    const status = this.final.status;
    this.store.batch(() => this.resolveDone?.(status));
  }
}
