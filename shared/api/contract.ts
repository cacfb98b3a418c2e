/**
 * The one typed API between the UI and the engine. Every request, its result and every event is
 * a zod schema here; the Electron IPC handlers, the loopback host and the renderer's client are
 * all derived from this table, and each side validates what it receives.
 */
import { z } from 'zod';
import { layoutSchema } from '../layout.ts';
import { runEventSchema, usageSampleSchema, usageSummarySchema } from './run-event-schema.ts';
import { ENV_NAME } from '../run/run-environment.ts';

const runId = z.string().min(1).max(100);
const nodeName = z.string().min(1).max(200);
/** Where a served endpoint comes from: a run's deployment node (its delivered files), or valohai.yaml served from the project folder as it is. */
const servedFrom = z.discriminatedUnion('kind', [z.object({ kind: z.literal('run'), runId, node: nodeName }), z.object({ kind: z.literal('project') })]);
/**
 * An endpoint the editor serves, and where. exposure: why the server reaches beyond this machine
 * (a server-command on 0.0.0.0), or null; missing: what a project's endpoint lacks of the files a deployment would place, or null.
 */
const servingSchema = z.object({ from: servedFrom, endpoint: z.string(), url: z.string(), exposure: z.string().nullable(), missing: z.string().nullable() });

export const projectSnapshotSchema = z.object({
  /** The project folder, absolute. */
  dir: z.string(),
  /** Absolute path of the project's valohai.yaml. */
  path: z.string(),
  text: z.string(),
  /** A hash of the text on disk: saving with a stale one is refused as a conflict. */
  version: z.string(),
  layout: layoutSchema,
  /** Why layout.json could not be used (the editor then lays the nodes out itself). */
  layoutProblem: z.string().nullable(),
  /** The project's scripts, at its top and two folders down (`train.py`, `src/fit.py`…), nearest first: what a new step's command may run. */
  scripts: z.array(z.string().max(255)).max(200),
});
export type ProjectSnapshot = z.infer<typeof projectSnapshotSchema>;

const scalarValue = z.union([z.string(), z.number(), z.boolean()]);
/** `shared/valohai/script/script-outline.ts`'s ScriptOutline, as it crosses the wire. */
const scriptOutlineSchema = z.object({
  step: z.string().nullable(),
  image: z.string().nullable(),
  parameters: z
    .array(
      z.object({
        name: z.string(),
        type: z.enum(['string', 'integer', 'float', 'flag']),
        default: z.union([scalarValue, z.array(scalarValue)]).optional(),
        optional: z.literal(true).optional(),
        description: z.string().optional(),
        choices: z.array(scalarValue).optional(),
        multiple: z.literal('repeat').optional(),
        'pass-as': z.string().optional(),
        'pass-true-as': z.string().optional(),
        'pass-false-as': z.string().optional(),
      }),
    )
    .max(500),
  inputs: z.array(z.object({ name: z.string(), default: z.union([z.string(), z.array(z.string())]).optional() })).max(500),
  /** The environment variables it reads, as the step's `environment-variables`. */
  environment: z.array(z.object({ name: z.string(), default: z.string().optional(), optional: z.literal(false).optional() })).max(500),
  notes: z.array(z.string()).max(500),
  /** Every option the script takes and the library that refuses others, where its text shows them all; null where not known. */
  accepts: z.object({ parser: z.enum(['argparse', 'click', 'typer', 'fire']), options: z.array(z.string().max(1024)).max(1000) }).nullable(),
  /** The modules of the script's folder its options were read from (`args.py`, where it builds its parser). */
  modules: z.array(z.string().max(1024)).max(8),
  /** A script of several commands: their names (the step's command names the one it runs after the script). */
  commands: z.array(z.string().max(256)).max(200),
});
export type ScriptOutlineResult = z.infer<typeof scriptOutlineSchema>;

const diagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  line: z.number(),
  column: z.number(),
});

const runSummarySchema = z.object({
  id: z.string(),
  pipeline: z.string(),
  status: z.string(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  error: z.string().nullable(),
});

const runWarningSchema = z.object({ node: z.string().nullable(), message: z.string() });

const nodeStateSchema = z.object({
  name: z.string(),
  status: z.string(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  error: z.string().nullable(),
  /** Latest metadata of the node's executions, merged. */
  metadata: z.record(z.string(), z.unknown()),
  approval: z.object({ status: z.string(), decidedBy: z.string().nullable(), comment: z.string().nullable() }).nullable(),
  /** A sweep (a node of several executions) while it runs: how many, and how many are running, done, failed. */
  sweep: z.object({ total: z.number(), running: z.number(), done: z.number(), failed: z.number() }).optional(),
});

/** One execution of a node (a task node has one per child). */
const executionSummarySchema = z.object({
  id: z.string(),
  child: z.number(),
  attempt: z.number(),
  status: z.string(),
  error: z.string().nullable(),
  parameters: z.record(z.string(), z.unknown()),
  /** Its latest value of each metadata key. */
  metadata: z.record(z.string(), z.unknown()),
  /** The execution whose results it reuses (cache or --reuse), if any. */
  reusedFrom: z.string().nullable(),
  /** What it used of the machine; null when never read (too short, reused). */
  usage: usageSummarySchema.nullable(),
});

/** A look at one output file: text (the start of it), an image, or only its size. */
const outputPreviewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), size: z.number(), text: z.string(), truncated: z.boolean() }),
  z.object({ kind: z.literal('image'), size: z.number(), mime: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml']), base64: z.string() }),
  z.object({ kind: z.literal('binary'), size: z.number() }),
]);
export type OutputPreview = z.infer<typeof outputPreviewSchema>;

const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });

/** A pipeline parameter's value as a script sends it: text, a number, a boolean, or a list of them (a `multiple` one). */
const scalarText = z.union([z.string().max(10_000), z.number(), z.boolean()]).transform((v) => String(v));
const parameterValues = z
  .record(z.string(), z.union([scalarText, z.array(scalarText).max(1000)]))
  .default({})
  .transform((given) => Object.fromEntries(Object.entries(given).map(([name, value]) => [name, Array.isArray(value) ? value : [value]])));

/** A run as the editor asks for one: `run.start` starts it, `run.plan` says what it would do. */
const runRequest = z.object({
  pipeline: z.string().min(1),
  parameters: parameterValues,
  cache: z.boolean().default(false),
  /** Each step that names an image runs in it, with Docker or Podman (as `--container`). */
  container: z.boolean().default(false),
  /** Files for node inputs, this run only (as `--node-input node.input=URL`): node → input → paths or URLs; none gives an optional input no files (as `node.input=`). */
  inputs: z.record(z.string(), z.record(z.string(), z.array(z.string().min(1).max(4096)).max(100))).default({}),
  /** Nodes whose results an earlier run of the pipeline gives this one (as `--reuse RUN:a,b`): they are not run again. */
  reuse: z.object({ runId, nodes: z.array(nodeName).min(1).max(10_000) }).optional(),
  /** Environment variables for this run only (as `--env NAME=VALUE`): a step's declared ones take them, others are added. */
  environment: z.record(z.string().regex(ENV_NAME).max(200), z.string().max(64 * 1024)).default({}),
});

/** One node of a run not yet started: whether it would run or be reused, and why (`pipewright plan`'s line). */
const plannedNodeSchema = z.object({
  node: z.string(),
  level: z.number(),
  fate: z.enum(['run', 'reuse']),
  reason: z.string(),
  executions: z.number().optional(),
  actions: z.array(z.string()).optional(),
  takes: z.array(z.string()).optional(),
  fetches: z.array(z.string()).optional(),
});
export type PlannedNodeView = z.infer<typeof plannedNodeSchema>;

export const API = {
  'project.open': method(z.object({}), projectSnapshotSchema),
  /** The folder's scripts now (one written since the project opened is offered to a new step). */
  'project.scripts': method(z.object({}), projectSnapshotSchema.pick({ scripts: true })),
  /** What a Python script of the project (one `project.scripts` lists) declares it takes (argparse, click, typer, fire, Hydra, valohai.prepare), as a new step's parameters and inputs. */
  'script.outline': method(z.object({ script: z.string().min(1).max(255), command: z.string().min(1).max(256).optional() }), scriptOutlineSchema),
  'project.save': method(
    z.object({ text: z.string().max(5 * 1024 * 1024), baseVersion: z.string(), force: z.boolean().default(false) }),
    z.discriminatedUnion('saved', [
      z.object({ saved: z.literal(true), version: z.string() }),
      z.object({ saved: z.literal(false), reason: z.literal('changed-on-disk'), diskText: z.string(), version: z.string() }),
    ]),
  ),
  'layout.save': method(z.object({ layout: layoutSchema }), z.object({})),
  'project.validate': method(z.object({ text: z.string().max(5 * 1024 * 1024) }), z.object({ diagnostics: z.array(diagnosticSchema) })),
  'run.start': method(runRequest, z.object({ runId })),
  /** What `run.start` with these choices would do, node by node (as `pipewright plan`): run or reuse, and why; refused as it would be. */
  'run.plan': method(runRequest, z.object({ nodes: z.array(plannedNodeSchema), warnings: z.array(z.string()) })),
  /** The pipeline as an Argo Workflow (as `pipewright export`), with what could not be compiled. */
  'export.argo': method(
    z.object({ pipeline: z.string().min(1), parameters: parameterValues }),
    z.object({ yaml: z.string(), warnings: z.array(z.string()), filename: z.string() }),
  ),
  /** Continues an interrupted, failed or stopped run from its last finished nodes (as `pipewright resume`). */
  'run.resume': method(z.object({ runId }), z.object({ runId })),
  'run.cancel': method(z.object({ runId }), z.object({})),
  'run.decide': method(z.object({ runId, node: nodeName, decision: z.enum(['approved', 'rejected']), comment: z.string().max(10_000).default('') }), z.object({})),
  'runs.list': method(z.object({ limit: z.number().int().min(1).max(500).default(50) }), z.object({ runs: z.array(runSummarySchema) })),
  /** A run's state; `warnings`: what the run said it does not do or could not (a GPU another run holds, an edge that matched no files), oldest first. */
  'run.show': method(z.object({ runId }), z.object({ run: runSummarySchema, nodes: z.array(nodeStateSchema), warnings: z.array(runWarningSchema) })),
  'logs.read': method(
    z.object({ runId, node: nodeName, limit: z.number().int().min(1).max(100_000).default(5000) }),
    z.object({ lines: z.array(z.object({ execution: z.string(), t: z.number(), stream: z.enum(['stdout', 'stderr']), text: z.string() })), truncated: z.boolean() }),
  ),
  'metadata.series': method(
    z.object({ runId, node: nodeName }),
    z.object({
      executions: z.array(z.object({ id: z.string(), child: z.number(), points: z.array(z.object({ at: z.number(), values: z.record(z.string(), z.unknown()) })) })),
      /** Whether long series were thinned to evenly spaced points. */
      thinned: z.boolean(),
    }),
  ),
  /** What each of a node's executions used of the machine over time (shared/run/usage.ts). */
  'usage.series': method(z.object({ runId, node: nodeName }), z.object({ executions: z.array(z.object({ id: z.string(), child: z.number(), samples: z.array(usageSampleSchema) })) })),
  'executions.list': method(z.object({ runId, node: nodeName }), z.object({ executions: z.array(executionSummarySchema) })),
  /** A pipeline node's finished executions over its runs, newest run first, to compare them. */
  'executions.history': method(
    z.object({ pipeline: z.string().min(1).max(200), node: nodeName, limit: z.number().int().min(1).max(500).default(50) }),
    z.object({ executions: z.array(executionSummarySchema.extend({ runId })) }),
  ),
  'output.read': method(
    z.object({ runId, node: nodeName, execution: z.string().min(1).max(100), path: z.string().min(1).max(4096) }),
    outputPreviewSchema,
  ),
  'outputs.list': method(
    z.object({ runId, node: nodeName }),
    // names: what later runs call the file (datum://ALIAS, dataset://NAME/VERSION), from its metadata.
    z.object({ files: z.array(z.object({ execution: z.string(), path: z.string(), size: z.number(), names: z.array(z.string()) })) }),
  ),
  /**
   * The files each execution of a node was given (its config/inputs.json): per input, the file's
   * path in the input's folder and where it came from (`pipewright://RUN/NODE/EXECUTION/outputs/PATH`
   * for an upstream output, else the URL or path of a default). At most 1000; `truncated` says more.
   */
  'inputs.list': method(
    z.object({ runId, node: nodeName }),
    z.object({ files: z.array(z.object({ execution: z.string(), input: z.string(), path: z.string(), size: z.number(), uri: z.string() })), truncated: z.boolean() }),
  ),
  /** The names this project's runs gave outputs (`datum://ALIAS`, `dataset://NAME/VERSION`), each with what it names now: inputs may name them. */
  'data.list': method(z.object({}), z.object({ names: z.array(z.object({ url: z.string(), said: z.string() })) })),
  /**
   * Files or folders of this machine (paths from the project folder, or absolute) given a name, as
   * `pipewright data add` gives it: a run of its own copies them into the store. Answers once that
   * run has ended: its status, and the names it gave ("dataset://hcc/v1: 3 files").
   */
  'data.add': method(
    z.object({ name: z.string().min(1).max(1000), paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }),
    z.object({ runId, status: z.string(), named: z.array(z.string()), error: z.string().nullable() }),
  ),
  /** Which of these environment variables a run would get without being given them: from the shell that started the editor, or the project's .env. Names only, never values. */
  'environment.given': method(z.object({ names: z.array(z.string().regex(ENV_NAME).max(200)).max(500) }), z.object({ given: z.array(z.object({ name: z.string(), from: z.enum(['shell', '.env']) })) })),
  /** Serves an endpoint a run's deployment node made ready, or one of valohai.yaml from the project folder (as `pipewright endpoint`); answers once it takes connections. */
  'endpoint.serve': method(
    z.object({ from: servedFrom, endpoint: z.string().max(200).default(''), port: z.number().int().min(1).max(65535).optional() }),
    servingSchema,
  ),
  'endpoint.stop': method(z.object({ from: servedFrom, endpoint: z.string().min(1).max(200) }), z.object({})),
  'endpoints.list': method(z.object({}), z.object({ endpoints: z.array(servingSchema) })),
  /** The container runtime a run in the steps' images would use (`run.start` with `container`), or why there is none. */
  'containers.runtime': method(
    z.object({}),
    z.discriminatedUnion('available', [z.object({ available: z.literal(true), runtime: z.string(), version: z.string() }), z.object({ available: z.literal(false), why: z.string() })]),
  ),
} as const;

export type ApiMethod = keyof typeof API;
export const API_METHODS = Object.keys(API) as ApiMethod[];
export type ApiParams<M extends ApiMethod> = z.input<(typeof API)[M]['params']>;
export type ApiResult<M extends ApiMethod> = z.output<(typeof API)[M]['result']>;

/** What the engine pushes to the UI. */
export const apiEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), event: runEventSchema }),
  /** valohai.yaml changed on disk, not through this API. */
  z.object({ kind: z.literal('project-changed'), version: z.string() }),
]);
export type ApiEvent = z.infer<typeof apiEventSchema>;

/** A failed call, as both transports carry it: a message for a person, never a stack. */
export const apiErrorSchema = z.object({ error: z.string(), code: z.enum(['bad-request', 'not-found', 'refused', 'failed']) });
export type ApiError = z.infer<typeof apiErrorSchema>;

/** HTTP: `POST /api/call/<method>`; events over a WebSocket at `/api/events`. */
export const API_CALL_PREFIX = '/api/call/';
export const API_EVENTS_PATH = '/api/events';
/** The WebSocket subprotocol carrying the token (browsers cannot set headers on a WebSocket). */
export const TOKEN_PROTOCOL_PREFIX = 'pipewright.token.';
/** Electron IPC channels. */
export const IPC_CALL_CHANNEL = 'pipewright:call';
export const IPC_EVENT_CHANNEL = 'pipewright:event';

/** The renderer's `api` object: one call function and one event subscription, whatever the transport. */
export interface PipewrightApi {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

/** What the preload exposes as `window.pipewright`: untyped at the boundary, validated by the renderer. */
export interface PipewrightBridge {
  call(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): () => void;
}
