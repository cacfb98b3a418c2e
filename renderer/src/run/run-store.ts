/**
 * The runs shown in this window, as their events tell them: each node's state, its latest
 * metadata and log lines, and the approvals it waits for. The canvas colours nodes from the
 * pipeline run's store and the inspector shows a node's part of it; a step's panel shows the step
 * run alone from a store of its own.
 */
import { sweepCounted, sweepStarted, type SweepCount } from '../../../shared/run/sweep-count.ts';
import { create } from 'zustand';
import type { UsageSample } from '../../../shared/run/usage.ts';
import type { LogLine, NodeStatus, RunEvent, RunStatus } from '../../../shared/run/events.ts';
import { aloneInRunName } from '../../../shared/run/step-run.ts';

export const MAX_LINES = 400;

export interface NodeRun {
  readonly status: NodeStatus;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The latest lines, each with the execution that printed it (a sweep's children interleave). */
  readonly lines: readonly (LogLine & { readonly execution: string })[];
  readonly error?: string;
  /** Which approval it waits for, when the run said: before it starts, or after it finished. */
  readonly gate?: 'start' | 'complete';
  /** The latest reading of what each of its running executions uses of the machine. */
  readonly using?: Readonly<Record<string, UsageSample>>;
  /** It ran in its step's image (`--container`): a failure's hints are about the image. */
  readonly inImage?: boolean;
  /** Its inputs' downloads under way before it starts, by input and URL: how far each has come. */
  readonly fetching?: Readonly<Record<string, InputFetch>>;
  /** A sweep's executions while it runs: how many, and how many are running, done, failed. */
  readonly sweep?: SweepCount;
}

export interface InputFetch {
  readonly input: string;
  readonly url: string;
  readonly received: number;
  readonly total: number | null;
}

/** What the run said it does not do here, or could not (a GPU another run holds, an edge that matched no files). */
export interface RunWarning {
  readonly node: string | null;
  readonly message: string;
}

const MAX_WARNINGS = 200;

export interface RunState {
  readonly runId: string | undefined;
  readonly pipeline: string | undefined;
  readonly status: RunStatus | 'starting' | undefined;
  readonly error: string | undefined;
  readonly nodes: Readonly<Record<string, NodeRun>>;
  readonly warnings: readonly RunWarning[];
  starting(pipeline: string): void;
  started(runId: string): void;
  failedToStart(message: string): void;
  apply(event: RunEvent): void;
  /** Many events, one change of state (and one render): a step printing a metric per batch sends thousands a second. */
  applyAll(events: readonly RunEvent[]): void;
  /** Takes the stored state of a run (`run.show`): one found at start, or a poll of a run under way. */
  merge(shown: ShownRun): void;
}

/** What `run.show` answers, as far as this store needs it. */
export interface ShownRun {
  readonly run: { readonly id: string; readonly pipeline: string; readonly status: string; readonly error: string | null };
  readonly nodes: readonly { readonly name: string; readonly status: string; readonly error: string | null; readonly metadata: Readonly<Record<string, unknown>>; readonly sweep?: SweepCount }[];
  readonly warnings?: readonly RunWarning[];
}

const EMPTY: NodeRun = { status: 'pending', metadata: {}, lines: [] };

/** The data part of the store, which events change. */
type RunData = Pick<RunState, 'runId' | 'pipeline' | 'status' | 'error' | 'nodes' | 'warnings'>;

const patch = (data: RunData, node: string, change: (current: NodeRun) => NodeRun): RunData => ({ ...data, nodes: { ...data.nodes, [node]: change(data.nodes[node] ?? EMPTY) } });

/** A sweep's count after one of its executions started or finished (a node not counted stays as it was). */
function counting(data: RunData, event: Extract<RunEvent, { type: 'execution:start' | 'execution:finish' }>): RunData {
  const sweep = data.nodes[event.node]?.sweep;
  return sweep ? patch(data, event.node, (n) => ({ ...n, sweep: sweepCounted(sweep, event) })) : data;
}

/** One event's change to the run, or the run as it was when the event is not this window's. */
function reduce(data: RunData, event: RunEvent): RunData {
  const { runId } = data;
  // Events may arrive before run.start answers: the first run:start of our pipeline is ours.
  if (runId !== undefined && event.runId !== runId) return data;
  if (runId === undefined && !(event.type === 'run:start' && event.pipeline === data.pipeline && data.status === 'starting')) return data;
  switch (event.type) {
    case 'run:start':
      return { ...data, runId: event.runId, status: 'running', nodes: Object.fromEntries(event.nodes.map((n) => [n, data.nodes[n] ?? EMPTY])) };
    case 'node:queued':
      return patch(data, event.node, (n) => ({ ...n, status: 'queued' }));
    case 'node:start': {
      const sweep = sweepStarted(event.children, event.done);
      return patch(data, event.node, ({ sweep: _earlier, ...n }) => ({ ...n, status: 'running', ...(sweep ? { sweep } : {}) }));
    }
    case 'node:reused':
      return patch(data, event.node, (n) => ({ ...n, status: 'reused' }));
    case 'node:awaiting-approval':
      return patch(data, event.node, (n) => ({ ...n, status: 'awaiting-approval', ...(event.gate ? { gate: event.gate } : {}) }));
    case 'node:approval':
      return patch(data, event.node, (n) => ({ ...n, status: event.decision === 'approved' ? 'queued' : n.status }));
    case 'node:log':
      return patch(data, event.node, (n) => ({ ...n, lines: [...n.lines, ...event.lines.map((line) => ({ ...line, execution: event.executionId }))].slice(-MAX_LINES) }));
    case 'node:metadata':
      return patch(data, event.node, (n) => ({ ...n, metadata: { ...n.metadata, ...event.values } }));
    case 'execution:start': {
      const counted = counting(data, event);
      return event.image !== undefined && counted.nodes[event.node]?.inImage !== true ? patch(counted, event.node, (n) => ({ ...n, inImage: true })) : counted;
    }
    case 'execution:usage':
      return patch(data, event.node, (n) => ({ ...n, using: { ...n.using, [event.executionId]: event.sample } }));
    case 'input:fetching': {
      const key = `${event.input} ${event.url}`;
      return patch(data, event.node, ({ fetching = {}, ...n }) => {
        const { [key]: _was, ...others } = fetching;
        // (Updated in place: each keeps its line on the card.)
        const now = event.done ? others : { ...fetching, [key]: { input: event.input, url: event.url, received: event.received, total: event.total } };
        return Object.keys(now).length > 0 ? { ...n, fetching: now } : n;
      });
    }
    case 'execution:finish': {
      const counted = counting(data, event);
      return counted.nodes[event.node]?.using?.[event.executionId] ? patch(counted, event.node, ({ using = {}, ...n }) => ({ ...n, using: Object.fromEntries(Object.entries(using).filter(([id]) => id !== event.executionId)) })) : counted;
    }
    case 'node:finish':
      return patch(data, event.node, ({ using: _gone, fetching: _over, sweep: _counted, ...n }) => ({ ...n, status: event.status, ...(event.error ? { error: event.error } : {}) }));
    case 'run:finish':
      return { ...data, status: event.status, error: event.error };
    case 'run:warning':
      return data.warnings.length >= MAX_WARNINGS ? data : { ...data, warnings: [...data.warnings, { node: event.node ?? null, message: event.message }] };
    default:
      return data;
  }
}

/** A store of one run shown at a time. */
const createRunStore = () => create<RunState>()((set, get) => ({
  runId: undefined,
  pipeline: undefined,
  status: undefined,
  error: undefined,
  nodes: {},
  warnings: [],
  starting: (pipeline) => set({ runId: undefined, pipeline, status: 'starting', error: undefined, nodes: {}, warnings: [] }),
  started: (runId) => set({ runId, status: get().status === 'starting' ? 'running' : get().status }),
  failedToStart: (message) => set({ status: 'failed', error: message }),
  merge: ({ run, nodes, warnings }) => {
    const current = get();
    if (current.runId !== undefined && current.runId !== run.id) return;
    const merged: Record<string, NodeRun> = {};
    for (const node of nodes) {
      const { sweep: counted, ...before } = current.nodes[node.name] ?? EMPTY;
      // A sweep's count: the one events keep, else (a window that opened on it running) the stored one.
      const sweep = node.status === 'running' ? (counted ?? node.sweep) : undefined;
      merged[node.name] = { ...before, status: node.status as NodeStatus, metadata: { ...before.metadata, ...node.metadata }, ...(node.error ? { error: node.error } : {}), ...(sweep ? { sweep } : {}) };
    }
    // The stored warnings are the whole list; events may have brought some before the store had them.
    const stored = warnings ?? [];
    const kept = current.runId === run.id && current.warnings.length > stored.length ? current.warnings : stored;
    set({ runId: run.id, pipeline: run.pipeline, status: run.status as RunStatus, error: run.error ?? undefined, nodes: merged, warnings: kept });
  },
  apply: (event) => get().applyAll([event]),
  applyAll: (events) => {
    const { runId, pipeline, status, error, nodes, warnings } = get();
    const before: RunData = { runId, pipeline, status, error, nodes, warnings };
    const after = events.reduce(reduce, before);
    if (after !== before) set(after);
  },
}));

export type RunStore = ReturnType<typeof createRunStore>;

/** The pipeline run the run bar, the canvas and the inspector show. */
export const useRun: RunStore = createRunStore();

/**
 * The step (or task) run alone its panel shows: a store of its own, so that running a step leaves
 * the pipeline run shown in the run bar (one waiting for approval, say) where it is.
 */
export const useStepRun: RunStore = createRunStore();

/** The store that shows runs of `pipeline` (a step run alone is named `step:NAME`, a task `task:NAME`). */
export function storeFor(pipeline: string): RunStore {
  return aloneInRunName(pipeline) ? useStepRun : useRun;
}

/** A status as words: `awaiting-approval` reads "awaiting approval", `timed-out` "timed out". */
export function statusWords(status: string): string {
  return status.replaceAll('-', ' ');
}

/** One node's run state, or undefined when this window has no run of the shown pipeline. */
export function useNodeRun(pipeline: string | undefined, node: string): NodeRun | undefined {
  return storeFor(pipeline ?? '')((s) => (s.pipeline === pipeline ? s.nodes[node] : undefined));
}
