/**
 * An execution's folder the Valohai way: `inputs/<name>/`, `outputs/`, `config/` with
 * `parameters.json`, `inputs.json`, `execution.json`, and the `VH_*` variables pointing at them,
 * so code written for Valohai (and valohai-utils) runs unchanged.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, posix, relative, sep } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { buildCommand, toRunnable, type Runnable } from '../../../shared/run/build-command.ts';
import { inputUrlWith } from '../../../shared/run/input-url.ts';
import { valuesWithExecutionFolders, withExecutionFolders } from '../../../shared/run/valohai-paths.ts';
import type { ResolvedStep } from '../../../shared/run/resolve-step.ts';
import type { Input } from '../../../shared/valohai/model/input.ts';
import type { ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import { placeResolved, resolveInput, type EdgeFile, type InputContext, type InputsJson, type ResolvedInput } from '../files/inputs.ts';
import { shellSafeDir } from '../files/shell-safe-path.ts';
import { groupConfig, groupEnv, type GroupMember } from './distributed-group.ts';
import { stepPythonPath } from '../exec/python-paths.ts';
import { CONTAINER_FOLDERS } from '../exec/container.ts';
import { EXECUTION_SUBFOLDERS } from './folder-ahead.ts';

export interface InputPlan {
  readonly input: Input;
  readonly edgeFiles: readonly EdgeFile[];
  /** False when edges feed the input and its node merges in `replace` mode. */
  readonly useDefaults: boolean;
}

export interface ExecutionRequest {
  readonly projectDir: string;
  readonly stateDir: string;
  /** The run store's connection, for the datum:// and dataset:// names this run's nodes gave. */
  readonly db: DatabaseSync;
  readonly runId: string;
  readonly pipeline: string;
  readonly node: string;
  readonly child: number;
  readonly taskChildren: number | undefined;
  readonly executionId: string;
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  readonly step: ResolvedStep;
  readonly values: Readonly<Record<string, ParameterValue>>;
  /** Values environment-variable edges delivered. */
  readonly edgeEnv: Readonly<Record<string, string>>;
  readonly inputs: readonly InputPlan[];
  readonly gpus: readonly number[];
  readonly machineHasGpus: boolean;
  /** A distributed task's worker: its group goes into config/distributed.json. */
  readonly member: GroupMember | undefined;
  /** It runs in its step's image (`--container`): the folders are where Valohai puts them. */
  readonly inContainer: boolean;
  /** Its cancel, which stops a download of its inputs under way. */
  readonly signal?: AbortSignal;
  /** Hears how far a download of its inputs has come. */
  readonly onFetch?: InputContext['onFetch'];
  readonly runStart?: number;
  readonly onNotice?: InputContext['onNotice'];
}

/** Everything about an execution, worked out before anything is written (a cache hit writes nothing). */
export interface PlannedFolder {
  readonly dir: string;
  readonly configDir: string;
  readonly logPath: string;
  readonly runnable: Runnable;
  readonly commandText: string;
  readonly env: NodeJS.ProcessEnv;
  /** The step's environment variables as set for this execution (for env→env edges). */
  readonly stepEnv: Readonly<Record<string, string>>;
  readonly inputsJson: InputsJson;
  readonly inputs: readonly ResolvedInput[];
  /** The config files' contents, by name. */
  readonly config: Readonly<Record<string, string>>;
  /** It runs in its step's image: `env` is what is set inside. */
  readonly container: boolean;
}

export async function planFolder(req: ExecutionRequest): Promise<PlannedFolder> {
  const dir = join(req.stateDir, 'executions', req.executionId);
  const dirs = { inputs: join(dir, 'inputs'), outputs: join(dir, 'outputs'), config: join(dir, 'config') };
  const inputsJson: InputsJson = {};
  const inputs: ResolvedInput[] = [];
  const context: InputContext = { projectDir: req.projectDir, downloadsDir: join(req.stateDir, 'downloads'), db: req.db, env: req.baseEnv, ...(req.signal ? { signal: req.signal } : {}), ...(req.onFetch ? { onFetch: req.onFetch } : {}), ...(req.runStart !== undefined ? { runStart: req.runStart } : {}), ...(req.onNotice ? { onNotice: req.onNotice } : {}) };
  for (const plan of req.inputs) {
    const defaults = plan.input.defaults.map((url) => inputUrlWith(url, req.values, req.step.parameters));
    const resolved = await resolveInput({ ...plan.input, defaults }, plan.edgeFiles, plan.useDefaults, dirs.inputs, context);
    inputs.push(resolved);
    // In its image, each file is where the step sees it: /valohai/inputs/NAME/…, as on Valohai.
    const seen = req.inContainer ? resolved.records.map((r) => ({ ...r, path: posix.join(CONTAINER_FOLDERS.inputs, relative(dirs.inputs, r.path).split(sep).join('/')) })) : resolved.records;
    inputsJson[plan.input.name] = { files: seen };
  }

  // The folders as the step sees them: its variables name them without spaces, even in a project
  // with some (see shell-safe-path.ts), and `/valohai/…` in its command or parameters means them.
  // In its image they are where Valohai puts them, and `/valohai/…` means what it says.
  const safe = shellSafeDir(req.projectDir);
  const named = (path: string): string => (safe === req.projectDir || relative(req.projectDir, path).startsWith('..') ? path : join(safe, relative(req.projectDir, path)));
  const folders = req.inContainer ? CONTAINER_FOLDERS : { inputs: named(dirs.inputs), outputs: named(dirs.outputs), config: named(dirs.config), repository: safe };
  const values = req.inContainer ? req.values : valuesWithExecutionFolders(req.values, folders);
  // What the command is (recorded, shown, keyed for the cache) and what runs: the same but for those folders.
  const written = buildCommand(req.step, req.values);
  const logical = toRunnable(written);
  const commands = req.inContainer ? written : (values === req.values ? written : buildCommand(req.step, values)).map((command) => withExecutionFolders(command, folders));
  const runnable = commands.every((command, i) => command === written[i]) ? logical : toRunnable(commands);
  const stepEnv: Record<string, string> = {};
  for (const variable of req.step.environmentVariables) {
    const value = req.edgeEnv[variable.name] ?? variable.default;
    if (value !== undefined) stepEnv[variable.name] = value;
  }
  const execution = {
    'valohai.execution-id': req.executionId,
    'valohai.execution-step': req.step.name,
    'valohai.execution-image': req.step.image ?? null,
    'valohai.project-name': basename(req.projectDir),
    'valohai.commit-identifier': 'local',
    'valohai.pipeline-id': req.runId,
    'valohai.pipeline-name': req.pipeline,
    'valohai.pipeline-node-name': req.node,
    ...(req.taskChildren !== undefined ? { 'valohai.task-id': `${req.runId}-${req.node}`, 'valohai.task-child-index': req.child } : {}),
  };
  const config = {
    'parameters.json': `${JSON.stringify(values, null, 2)}\n`,
    'inputs.json': `${JSON.stringify(inputsJson, null, 2)}\n`,
    'execution.json': `${JSON.stringify(execution, null, 2)}\n`,
    ...(req.member ? groupConfig(req.member) : {}),
  };
  // In a container, only what Valohai sets there: nothing of this machine's environment but the
  // variables the step declares without a value, which the shell or the project's .env give (as
  // Valohai's project environment variables reach its containers).
  const env: NodeJS.ProcessEnv = {
    ...(req.inContainer ? declaredFromBase(req.step.environmentVariables, stepEnv, req.baseEnv) : req.baseEnv),
    // On this machine a variable's `/valohai/…` is this execution's folder, as in its command (a
    // step's USER_EXPERIMENT_DIR=/valohai/outputs/x made a /valohai of the machine's own, outside
    // the execution, its outputs lost); as recorded and keyed for the cache it stays as written.
    ...(req.inContainer ? stepEnv : Object.fromEntries(Object.entries(stepEnv).map(([name, value]) => [name, withExecutionFolders(value, folders)]))),
    // Python code's own /valohai/… paths name this execution's folders (exec/python-paths.ts).
    ...(req.inContainer ? {} : stepPythonPath(req.stateDir, req.baseEnv, stepEnv)),
    VH_INPUTS_DIR: folders.inputs,
    VH_OUTPUTS_DIR: folders.outputs,
    VH_CONFIG_DIR: folders.config,
    VH_REPOSITORY_DIR: folders.repository,
    VH_EXECUTION_ID: req.executionId,
    // valohai-utils reads config/*.json when it believes it runs on Valohai, which it tells by this.
    VH_JOB_ID: req.executionId,
    VH_PROJECT_ID: 'local',
    VH_PIPELINE_ID: req.runId,
    VH_PIPELINE_NODE_ID: req.node,
    ...(req.taskChildren !== undefined ? { VH_TASK_ID: `${req.runId}-${req.node}` } : {}),
    ...(req.member ? groupEnv(req.member) : {}),
    // This machine's address for others to reach it; every execution of a run is on it.
    VH_LOCAL_IP: '127.0.0.1',
    VH_PUBLIC_IP: '127.0.0.1',
    PYTHONUNBUFFERED: req.baseEnv['PYTHONUNBUFFERED'] ?? '1',
  };
  // A step that asked for GPUs sees exactly its own; one that did not sees none. The indices are
  // nvidia-smi's, which CUDA reads the same way only in PCI bus order (gpu-detect.ts).
  // (A container is given its GPUs by the runtime, and sees them numbered from 0: container.ts.)
  if (!req.inContainer && (req.gpus.length > 0 || req.machineHasGpus)) Object.assign(env, { CUDA_VISIBLE_DEVICES: req.gpus.join(','), CUDA_DEVICE_ORDER: 'PCI_BUS_ID' });
  delete env['ELECTRON_RUN_AS_NODE'];
  return {
    dir,
    configDir: dirs.config,
    logPath: join(req.stateDir, 'logs', `${req.executionId}.log`),
    runnable,
    commandText: logical.kind === 'shell' ? logical.command : logical.script,
    env,
    stepEnv,
    inputsJson,
    inputs,
    config,
    container: req.inContainer,
  };
}

/**
 * Writes the planned folder: `inputs/<name>/` with its links, `outputs/`, `config/*.json`.
 * `madeAhead`: its empty folders were made while earlier executions ran (folder-ahead.ts).
 */
export async function makeFolder(planned: PlannedFolder, madeAhead = false): Promise<void> {
  // Small, local and many: synchronous calls cost less than round trips through the thread pool.
  // A folder already here was left by a runner killed before it recorded this execution: nothing
  // refers to it, so it goes. (stateDir() made the parents when the run started.)
  if (!madeAhead) makeEmptyFolders(planned.dir);
  for (const input of planned.inputs) await placeResolved(input);
  for (const [name, text] of Object.entries(planned.config)) writeFileSync(join(planned.configDir, name), text);
}

function makeEmptyFolders(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
  }
  for (const sub of EXECUTION_SUBFOLDERS) mkdirSync(join(dir, sub));
}

/** The variables a step declares and gives no value, as the runner's environment (the shell, the project's .env) has them. */
function declaredFromBase(declared: readonly { readonly name: string }[], stepEnv: Readonly<Record<string, string>>, base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const { name } of declared) {
    const value = base[name];
    if (stepEnv[name] === undefined && value !== undefined) found[name] = value;
  }
  return found;
}
